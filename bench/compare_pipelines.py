"""Train candidate NLU pipelines and compare them on dev (and, to report only, on test).

For each config it trains an NLU model on data/nlu/ (Rasa's training cache disabled, so the
time is a real training time; TensorFlow deterministic, one thread), parses the NLU dev and
test sets and the CLINC150 dev and test parts (eval/README.md), chooses the fallback threshold
on dev by the rule every pipeline gets (bench.nlu_metrics.tune_threshold) and reports, at that
threshold: intent accuracy with the fallback applied, macro-F1, programme entity F1 and
out-of-scope recall. Only dev errors are printed: choose pipelines and data on dev; test
figures are for reporting.

    RASA_TELEMETRY_ENABLED=false .venv/bin/python -m bench.compare_pipelines \
        bench/pipelines/a5_diet_lean_40.yml bench/pipelines/b_logreg.yml --sweep
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import sys
import tempfile
from pathlib import Path

import click

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.nlu_metrics import AMBIGUITY_GRID, THRESHOLD_GRID, oos_recall, set_scores  # noqa: E402
from bench.predict import load_examples, raw_prediction  # noqa: E402, F401

RESULTS = REPO / "bench" / "work" / "pipeline_comparison.json"

logger = logging.getLogger(__name__)


def evaluate(config_path: Path, work_dir: Path, sweep: bool) -> dict:
    """Train one pipeline and return its figures at its dev-tuned threshold."""
    from rasa.core.agent import Agent

    from bench.nlu import EvalData, _parse_everything, score_pipeline
    from bench.predict import train_nlu_model

    model_path, train_seconds, train_cpu_seconds = train_nlu_model(
        config_path, work_dir, config_path.stem
    )
    data = EvalData.load()
    predictions, latencies = _parse_everything(Agent.load(str(model_path)), data)
    result = score_pipeline(predictions, data)
    result.update(
        pipeline=config_path.stem,
        config=str(config_path.relative_to(REPO)),
        train_seconds=train_seconds,
        # CPU seconds (all threads) are steadier than wall time on a shared machine.
        train_cpu_seconds=train_cpu_seconds,
        load_average=os.getloadavg()[0],
        parse_ms_median=statistics.median(latencies),
        parse_ms_p95=statistics.quantiles(latencies, n=20)[-1],
    )
    if sweep:
        # On dev only: thresholds are chosen there, so the test figures stay unbiased.
        result["sweep"] = [
            {
                "threshold": t, "ambiguity": a,
                "dev_accuracy": set_scores(data.dev, predictions.dev, t, a)["intent_accuracy"],
                "dev_clinc_oos_recall": oos_recall(predictions.clinc_dev, t, a)["recall"],
            }
            for t in THRESHOLD_GRID
            for a in AMBIGUITY_GRID
        ]  # fmt: skip
    return result


def markdown_table(results: list[dict]) -> str:
    """Return the comparison as a markdown table, dev and test side by side."""
    header = (
        "| pipeline | threshold / ambiguity (dev-tuned) | accuracy dev / test "
        "| macro-F1 dev / test | CLINC OOS recall dev / test | train s wall / CPU "
        "| parse ms median / p95 |\n"
        "|---|---|---|---|---|---|---|"
    )
    rows = [
        f"| {r['pipeline']} | {r['threshold']} / {r['ambiguity_threshold']} | "
        f"{r['dev']['intent_accuracy']:.3f} / {r['test']['intent_accuracy']:.3f} | "
        f"{r['dev']['macro_f1']:.3f} / {r['test']['macro_f1']:.3f} | "
        f"{r['dev']['oos_recall']:.3f} / {r['test']['oos_recall']:.3f} | "
        f"{r['train_seconds']:.1f} / {r['train_cpu_seconds']:.1f} | "
        f"{r['parse_ms_median']:.1f} / {r['parse_ms_p95']:.1f} |"
        for r in results
    ]
    return "\n".join([header, *rows])


@click.command(
    help=__doc__.splitlines()[0]
    + "\n\nExample: python -m bench.compare_pipelines bench/pipelines/b_logreg.yml"
)
@click.argument("configs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--sweep", is_flag=True, help="print a fallback-threshold sweep")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=RESULTS,
    show_default=True,
    help="JSON results file",
)
def main(configs: tuple[Path, ...], sweep: bool, out: Path) -> None:
    """Train and score each pipeline config; print the table."""
    chosen = [c.resolve() for c in configs] or sorted((REPO / "bench" / "pipelines").glob("*.yml"))
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    results = []
    with tempfile.TemporaryDirectory(prefix="nlu-bench-") as work_dir:
        for config_path in chosen:
            results.append(evaluate(config_path, Path(work_dir), sweep))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    for result in results:
        click.echo(f"\n## {result['pipeline']}: dev errors at its threshold")
        for error in result["dev"]["errors"]:
            click.echo(f"  {error}")
        for row in result.get("sweep", []):
            click.echo(
                f"  t={row['threshold']:.2f} a={row['ambiguity']:.2f} "
                f"dev-accuracy={row['dev_accuracy']:.3f} "
                f"dev-clinc-oos={row['dev_clinc_oos_recall']:.3f}"
            )
    click.echo()
    click.echo(markdown_table(results))
    click.echo(f"\nwrote {out}")


if __name__ == "__main__":
    main()
