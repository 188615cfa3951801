"""Accuracy and speed benchmark: writes bench/results.json and bench/report.md.

python -m bench.run                         # full run (about 15-20 min on 2 cores)
python -m bench.run --quick                 # tiny configuration, to check it works
python -m bench.run --only nlu,serving --out /tmp/bench
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import click

from bench.config import FULL, QUICK, SECTIONS, BenchConfig

logger = logging.getLogger("bench")

DEFAULT_OUT = Path(__file__).resolve().parent


@dataclass
class Context:
    """What sections share: the configuration, a scratch folder, the model and the KB."""

    config: BenchConfig
    workdir: Path
    model: Path | None = None
    kb_path: Path | None = None

    def served_model(self) -> Path:
        from bot.rasa.training import ensure_model
        from settings import Settings

        if self.model is None:
            self.model = ensure_model(Settings())  # trains only if the data changed
        return self.model

    def knowledge_base(self) -> Path:
        from bench.stack import build_kb

        if self.kb_path is None:
            self.kb_path = build_kb(self.workdir / "knowledge.db")
        return self.kb_path


def progress(message: str) -> None:
    """Tell the person waiting what the benchmark is doing now."""
    print(f"[bench]   {message}", flush=True)


def quiet_rasa() -> None:
    """Keep Rasa's in-process logging (debug structlog per parse) out of the timings."""
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)


def run_nlu(context: Context, results: dict) -> None:
    """Measure our model's NLU quality and parse latency, and both baselines, like for like."""
    from bench.nlu import EvalData, evaluate_model, evaluate_rasa_default, evaluate_tfidf_baseline

    quiet_rasa()
    config = context.config
    data = EvalData.load(config.clinc_limit)
    progress("nlu: our model on dev, test and CLINC")
    results["nlu"], results["nlu_parse_ms"] = evaluate_model(
        context.served_model(), parse_runs=config.runs, data=data
    )
    progress("nlu: TF-IDF + logistic regression baseline")
    results["baseline"]["tfidf_logreg"] = evaluate_tfidf_baseline(data=data)
    if config.rasa_default:
        progress("nlu: Rasa default pipeline (trained once per data and config, then cached)")
        results["baseline"]["rasa_default"] = evaluate_rasa_default(data=data)
    else:
        results["notes"].append("rasa_default baseline not trained (--quick)")


def run_serving(context: Context, results: dict) -> None:
    """Measure REST latency, throughput and then both servers' memory on a running stack."""
    from bench.memory import group_rss_mb
    from bench.serving import measure_serving
    from bench.stack import bench_settings, rest_url
    from bot.cli.runtime import Stack

    settings = bench_settings(context.workdir / "serving", kb_path=context.knowledge_base())
    stack = Stack(settings, context.served_model(), with_chat_page=False)
    stack.start()
    try:
        results.update(
            measure_serving(
                rest_url(settings),
                levels=context.config.students,
                runs=context.config.runs,
                conversations=context.config.conversations,
            )
        )
        results["rss_mb"] = {
            "rasa": group_rss_mb(stack.rasa.process.pid),
            "actions": group_rss_mb(stack.actions.process.pid),
        }
    finally:
        stack.stop()


def run_startup(context: Context, results: dict) -> None:
    """Measure seconds from process start to the first answered REST message."""
    from bench.startup import measure_ready

    results["ready_s"] = measure_ready(
        context.workdir / "startup",
        kb_path=context.knowledge_base(),
        model=context.served_model(),
        runs=context.config.runs,
    )


def run_train(context: Context, results: dict) -> None:
    """Measure `rasa train` from clean into a scratch models folder."""
    from bench.startup import measure_training

    results["train_s"] = measure_training(
        context.workdir / "train", kb_path=context.knowledge_base(), runs=context.config.runs
    )


def run_kb(context: Context, results: dict) -> None:
    """Measure knowledge-base build time for the shipped and the generated pages."""
    from bench.kb_build import measure_kb_build

    results["kb_build_s"] = measure_kb_build(
        context.workdir / "kb", generated=context.config.generated_pages, runs=context.config.runs
    )


def run_transcripts(context: Context, results: dict) -> None:
    """Measure the transcript report on synthetic conversations, cold and warm."""
    from bench.transcripts import measure_transcripts_report

    results["transcripts_report_s"] = measure_transcripts_report(
        context.workdir / "transcripts",
        conversations=context.config.transcript_conversations,
        runs=context.config.runs,
    )


def _reference_load(context: Context):
    """Return the load every reference bot gets: our levels and conversations, one run each."""
    from bench.serving import measure_serving

    def measure(url: str) -> dict:
        return measure_serving(url, levels=context.config.students, runs=1,
                               conversations=context.config.conversations)  # fmt: skip

    return measure


def run_stock(context: Context, results: dict) -> None:
    """Serve a stock `rasa init` bot (same custom action) under our load: the speed reference."""
    from bench.reference import serve_stock

    progress("stock: training the stock bot if not cached, then the same load as ours")
    results["stock_bot"] = serve_stock(
        context.workdir / "stock", kb_path=context.knowledge_base(),
        measure=_reference_load(context),
    )  # fmt: skip


def run_baseline(context: Context, results: dict) -> None:
    """Serve the baseline commit (bench/baseline.txt) under the same load."""
    from bench.reference import serve_baseline

    progress("baseline: checking out, building and training the baseline commit if not cached")
    results["baseline_commit"] = serve_baseline(
        context.workdir / "baseline", measure=_reference_load(context)
    )


def run_felt(context: Context, results: dict) -> None:
    """Latency by conversation length and under open-loop load: ours, stock and baseline."""
    from bench.felt_bots import measure_felt_bots

    progress("felt: one long conversation, then open-loop rates, for each bot in turn")
    results["felt"] = measure_felt_bots(context)


OPTIONAL_SECTIONS = frozenset({"stock", "baseline"})


def run_answers(context: Context, results: dict) -> None:
    """Score the student question bank's test split through the stack (eval/questions/)."""
    from bench.answers_runner import evaluate_answers, headline

    results["answers"] = headline(evaluate_answers(
        "test", workdir=context.workdir / "answers", kb_path=context.knowledge_base(),
        model=context.served_model()))  # fmt: skip


def run_pages(context: Context, results: dict) -> None:
    """Score the builder's facts on the unseen pages of eval/pages (see bench/pages.py)."""
    from bench.pages import score_split, summary_line

    results["pages"] = {split: score_split(split) for split in ("dev", "test")}
    for scores in results["pages"].values():
        print(f"[bench] pages {summary_line(scores)}", flush=True)


RUNNERS = {
    "nlu": run_nlu,
    "serving": run_serving,
    "startup": run_startup,
    "train": run_train,
    "kb": run_kb,
    "transcripts": run_transcripts,
    "stock": run_stock,
    "baseline": run_baseline,
    "felt": run_felt,
    "answers": run_answers,
    "pages": run_pages,
}


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


def run_benchmark(config: BenchConfig, sections: list[str], out_dir: Path) -> dict:
    """Run the chosen sections, then write results.json and report.md into out_dir."""
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
    results["targets"] = evaluate_targets(results)
    results["reference"] = REFERENCE
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
def main(quick: bool, only: str | None, out: Path) -> None:
    """Run the benchmark and print where the results went."""
    sections = parse_sections(only)
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    logging.basicConfig(level=logging.INFO, format="[bench] %(name)s: %(message)s")
    for noisy in ("rasa", "tensorflow", "absl", "urllib3", "asyncio", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    results = run_benchmark(QUICK if quick else FULL, sections, out)
    from bench.report import met_count

    met, measured = met_count(results)
    click.echo(f"[bench] targets met: {met}/{measured} measured")
    click.echo(f"[bench] wrote {out / 'results.json'} and {out / 'report.md'}")


if __name__ == "__main__":
    main()
