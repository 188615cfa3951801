"""NLU quality on held-out data for our model and the Rasa-default baseline; parse latency."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

from bench.stats import percentile, summarize, summarize_each
from settings import PROJECT_ROOT as REPO

logger = logging.getLogger(__name__)

OUR_CONFIG = REPO / "config.yml"
RASA_DEFAULT_CONFIG = REPO / "bench" / "pipelines" / "rasa_default.yml"
HELDOUT = REPO / "tests" / "nlu_data" / "heldout.yml"


def heldout_texts(*, clinc_limit: int | None = None) -> tuple[list[dict], list[str]]:
    """Return the held-out examples and held-out CLINC texts (optionally only the first few)."""
    from bench.compare_pipelines import load_examples
    from bench.oos_split import heldout_clinc

    clinc = heldout_clinc()
    return load_examples(HELDOUT), clinc[:clinc_limit] if clinc_limit else clinc


def evaluate_model(
    model_path: Path, *, config_path: Path = OUR_CONFIG, clinc_limit: int | None = None,
    parse_runs: int = 3,
) -> tuple[dict, dict]:  # fmt: skip
    """Load a trained model in-process; return its quality and its parse latency (ms)."""
    from rasa.core.agent import Agent

    from bench.compare_pipelines import fallback_settings, parse_all
    from bench.nlu_metrics import quality

    agent = Agent.load(str(model_path))
    examples, clinc = heldout_texts(clinc_limit=clinc_limit)
    texts = [example["text"] for example in examples]
    predictions, latencies = asyncio.run(parse_all(agent, texts))
    clinc_predictions, _ = asyncio.run(parse_all(agent, clinc))
    threshold, ambiguity = fallback_settings(config_path)
    result = quality(
        examples, predictions, clinc_predictions, threshold=threshold, ambiguity=ambiguity
    )
    result["model"] = Path(model_path).name
    samples = [latencies] + [asyncio.run(parse_all(agent, texts))[1] for _ in range(parse_runs - 1)]
    parse_ms = summarize_each(
        [{"p50": percentile(run, 0.5), "p95": percentile(run, 0.95)} for run in samples]
    )
    parse_ms["messages_per_run"] = len(texts)
    return result, parse_ms


def evaluate_tfidf_baseline(*, config_path: Path = OUR_CONFIG, clinc_limit: int | None = None):
    """Train and evaluate the TF-IDF baseline at our fallback threshold; add its train time."""
    from bench.compare_pipelines import fallback_settings
    from bench.tfidf import evaluate_tfidf, load_training

    examples, clinc = heldout_texts(clinc_limit=clinc_limit)
    texts, intents = load_training()
    threshold, _ = fallback_settings(config_path)
    start = time.perf_counter()
    result = evaluate_tfidf(texts, intents, examples, clinc, threshold=threshold)
    result["train_and_eval_s"] = time.perf_counter() - start
    return result


def evaluate_rasa_default(
    work_dir: Path, *, config_path: Path = RASA_DEFAULT_CONFIG, clinc_limit: int | None = None
) -> dict:
    """Train Rasa's default NLU pipeline on our data once; evaluate it as our model is."""
    from bench.compare_pipelines import evaluate

    work_dir = Path(work_dir)
    raw = evaluate(config_path, work_dir, sweep=False)  # trains with the training cache off
    model = work_dir / f"{config_path.stem}.tar.gz"
    result, parse_ms = evaluate_model(
        model, config_path=config_path, clinc_limit=clinc_limit, parse_runs=1
    )
    result.update(
        train_s=summarize([raw["train_seconds"]]),
        train_scope="NLU only (rasa.model_training.train_nlu), one run",
        parse_ms=parse_ms,
        config=raw["config"],
    )
    return result
