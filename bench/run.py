"""Accuracy and speed benchmark: writes bench/results.json and bench/report.md.

python -m bench.run                         # full run (about 15-20 min on 2 cores)
python -m bench.run --quick                 # tiny configuration, to check it works
python -m bench.run --only nlu,serving --out /tmp/bench
python -m bench.run --only answers,pages --update   # re-run two sections into the last results
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import tempfile
import time
from pathlib import Path

import click

from bench.config import FULL, QUICK, SECTIONS, BenchConfig
from bench.context import Context
from bench.sections import OPTIONAL_SECTIONS, RUNNERS

logger = logging.getLogger("bench")

DEFAULT_OUT = Path(__file__).resolve().parent


def empty_results(config: BenchConfig, sections: list[str]) -> dict:
    """Return a results dict with every key present and nothing measured yet."""
    from bench.machine import describe_machine

    return {
        "quick": config.quick,
        "sections": sections,
        "config": config.describe(),
        "machine": describe_machine(),
        "nlu": None,
        "baseline": {"tfidf_logreg": None, "rasa_default": None},
        "latency_ms": {},
        "throughput_msgs_s": {},
        "serving_runs": {},
        "nlu_parse_ms": None,
        "ready_s": None,
        "train_s": None,
        "rss_mb": None,
        "kb_build_s": {},
        "transcripts_report_s": None,
        "stock_bot": None,
        "baseline_commit": None,
        "felt": None,
        "answers": None,
        "targets": [],
        "notes": [],
    }


def run_benchmark(
    config: BenchConfig, sections: list[str], out_dir: Path, update: bool = False
) -> dict:
    """Run the chosen sections, then write results.json and report.md into out_dir.

    With update, the sections run replace their own figures in out_dir's results.json and
    every other figure is kept (bench/update.py).
    """
    from bench.report import render_report
    from bench.schema import validate
    from bench.targets import REFERENCE, evaluate_targets

    results = empty_results(config, sections)
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as scratch:
        context = Context(config, Path(scratch))
        for section in sections:
            start = time.perf_counter()
            print(
                f"[bench] {section} … ({sections.index(section) + 1}/{len(sections)})", flush=True
            )
            try:
                RUNNERS[section](context, results)
            except (OSError, RuntimeError, subprocess.CalledProcessError) as error:
                if section not in OPTIONAL_SECTIONS:
                    raise
                # A reference that cannot be served must not cost the rest of the run.
                results["notes"].append(f"{section} section failed: {error}")
                print(f"[bench] {section} FAILED: {error}", flush=True)
            print(f"[bench] {section} done in {time.perf_counter() - start:.0f} s", flush=True)
        if context.model is not None:
            results["model"] = context.model.name
    if update:
        from bench.update import current_commit, merge_partial

        previous = json.loads((out_dir / "results.json").read_text(encoding="utf-8"))
        results = merge_partial(previous, results, current_commit(out_dir))
    results["targets"] = evaluate_targets(results)
    results["reference"] = REFERENCE
    if not update:
        results["notes"] += config.notes()
    problems = validate(results)
    if problems:
        raise RuntimeError("results do not match the schema: " + "; ".join(problems))
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (out_dir / "report.md").write_text(render_report(results), encoding="utf-8")
    if out_dir.resolve() == DEFAULT_OUT.resolve():
        from bench.readme import refresh_documents

        # README.md and docs/nlu-pipeline.md quote results.json: keep them equal.
        refresh_documents(out_dir / "results.json")
    return results


def parse_sections(text: str | None) -> list[str]:
    """Return the sections named in a comma list (all of them when none), in run order."""
    if not text:
        return list(SECTIONS)
    names = {name.strip() for name in text.split(",") if name.strip()}
    unknown = names - set(SECTIONS)
    if unknown:
        raise click.BadParameter(f"unknown sections: {', '.join(sorted(unknown))}")
    return [name for name in SECTIONS if name in names]


@click.command(help=__doc__.splitlines()[0] + "\n\nExample: python -m bench.run --quick --only kb")
@click.option("--quick", is_flag=True, help="tiny configuration, one run each")
@click.option("--only", default=None, help=f"comma-separated sections: {','.join(SECTIONS)}")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="folder for the results",
)
@click.option(
    "--update",
    is_flag=True,
    help="keep the other sections' figures of OUT/results.json (needs --only)",
)
def main(quick: bool, only: str | None, out: Path, update: bool) -> None:
    """Run the benchmark and print where the results went."""
    sections = parse_sections(only)
    if update and not only:
        raise click.UsageError("--update re-runs some sections: name them with --only")
    if update and not (out / "results.json").is_file():
        raise click.UsageError(f"--update needs an earlier run's {out / 'results.json'}")
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    logging.basicConfig(level=logging.INFO, format="[bench] %(name)s: %(message)s")
    for noisy in ("rasa", "tensorflow", "absl", "urllib3", "asyncio", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    results = run_benchmark(QUICK if quick else FULL, sections, out, update)
    from bench.report import met_count

    met, measured = met_count(results)
    click.echo(f"[bench] targets met: {met}/{measured} measured")
    click.echo(f"[bench] wrote {out / 'results.json'} and {out / 'report.md'}")


if __name__ == "__main__":
    main()
