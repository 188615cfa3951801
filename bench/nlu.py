"""NLU quality on dev and test for our model and both baselines, like for like; parse latency.

Every pipeline is parsed on the same sets (eval/README.md) and scored at a fallback threshold
chosen on dev by one rule (bench.nlu_metrics.tune_threshold). Our model is also scored at the
threshold config.yml serves with, which is what students meet; the two agree when config.yml
follows the rule (the results say so either way).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from bench.paths import CACHE, NLU_DEV, NLU_TEST
from bench.stats import percentile, summarize, summarize_each
from settings import PROJECT_ROOT as REPO

logger = logging.getLogger(__name__)

OUR_CONFIG = REPO / "config.yml"
RASA_DEFAULT_CONFIG = REPO / "bench" / "pipelines" / "rasa_default.yml"


@dataclass(frozen=True)
class EvalData:
    """The texts every pipeline is scored on."""

    dev: list[dict]
    test: list[dict]
    clinc_dev: list[str]
    clinc_test: list[str]
    clinc_test_unseen: frozenset[str]

    @classmethod
    def load(cls, clinc_limit: int | None = None) -> EvalData:
        """Read the sets; clinc_limit keeps only the first few CLINC sentences of each part."""
        from bench.oos_split import split_clinc
        from bench.predict import load_examples

        split = split_clinc()
        dev, test = split.dev, split.test
        if clinc_limit:
            dev, test = dev[:clinc_limit], test[:clinc_limit]
        return cls(
            load_examples(NLU_DEV), load_examples(NLU_TEST), dev, test,
            frozenset(split.test_unseen),
        )  # fmt: skip


@dataclass
class Predictions:
    """Raw predictions of one pipeline on every set."""

    dev: list[dict]
    test: list[dict]
    clinc_dev: list[dict]
    clinc_test: list[dict]

    def score(self, data: EvalData, threshold: float, ambiguity: float) -> dict:
        from bench.nlu_metrics import quality

        unseen = [
            p for t, p in zip(data.clinc_test, self.clinc_test, strict=True)
            if t in data.clinc_test_unseen
        ]  # fmt: skip
        return quality(
            {"dev": (data.dev, self.dev), "test": (data.test, self.test)},
            {"dev": self.clinc_dev, "test": self.clinc_test},
            threshold=threshold, ambiguity=ambiguity, test_unseen=unseen,
        )  # fmt: skip

    def tuned(self, data: EvalData) -> tuple[float, float]:
        from bench.nlu_metrics import tune_threshold

        return tune_threshold(self.dev, data.dev, self.clinc_dev)


def _parse_everything(agent, data: EvalData) -> tuple[Predictions, list[float]]:
    from bench.predict import parse_all

    dev, latencies = asyncio.run(parse_all(agent, [e["text"] for e in data.dev]))
    test, _ = asyncio.run(parse_all(agent, [e["text"] for e in data.test]))
    clinc_dev, _ = asyncio.run(parse_all(agent, data.clinc_dev))
    clinc_test, _ = asyncio.run(parse_all(agent, data.clinc_test))
    return Predictions(dev, test, clinc_dev, clinc_test), latencies


def _strip_errors(result: dict, keep: str = "dev") -> dict:
    """Keep error lists of dev only: test errors are not to be read (eval/README.md)."""
    for name in ("dev", "test"):
        if name != keep and name in result:
            result[name].pop("errors", None)
    return result


def score_pipeline(predictions: Predictions, data: EvalData, *, served: tuple[float, float]
                   | None = None) -> dict:  # fmt: skip
    """Return figures at the dev-tuned threshold (and at the served one, if given and different)."""
    tuned = predictions.tuned(data)
    chosen = served or tuned
    result = _strip_errors(predictions.score(data, *chosen))
    result["tuned_threshold"] = list(tuned)
    result["served_threshold"] = list(served) if served else None
    if served:
        # Like for like with the baselines: ours at the threshold the same rule picks.
        at_tuned = _strip_errors(predictions.score(data, *tuned)) if tuned != served else result
        result["at_tuned_threshold"] = {
            key: at_tuned[key]
            for key in (
                "intent_accuracy", "macro_f1", "entity_f1", "oos_recall", "in_scope_accuracy",
                "threshold", "ambiguity_threshold", "oos_recall_unseen_labels",
            )
        }  # fmt: skip
    return result


def evaluate_model(
    model_path: Path, *, config_path: Path = OUR_CONFIG, clinc_limit: int | None = None,
    parse_runs: int = 3, data: EvalData | None = None, served: bool = True,
) -> tuple[dict, dict]:  # fmt: skip
    """Load a trained model in-process; return its quality and its parse latency (ms)."""
    from rasa.core.agent import Agent

    from bench.predict import fallback_settings, parse_all

    agent = Agent.load(str(model_path))
    data = data or EvalData.load(clinc_limit)
    predictions, latencies = _parse_everything(agent, data)
    result = score_pipeline(
        predictions, data, served=fallback_settings(config_path) if served else None
    )
    result["model"] = Path(model_path).name
    texts = [example["text"] for example in data.dev]
    samples = [latencies] + [asyncio.run(parse_all(agent, texts))[1] for _ in range(parse_runs - 1)]
    parse_ms = summarize_each(
        [{"p50": percentile(run, 0.5), "p95": percentile(run, 0.95)} for run in samples]
    )
    parse_ms["messages_per_run"] = len(texts)
    return result, parse_ms


def evaluate_tfidf_baseline(*, clinc_limit: int | None = None, data: EvalData | None = None):
    """Train and evaluate the TF-IDF baseline at its own dev-tuned threshold; add its time."""
    from bench.tfidf import load_training, predict, train_tfidf_cv

    data = data or EvalData.load(clinc_limit)
    texts, intents = load_training()
    start = time.perf_counter()
    model, regularisation = train_tfidf_cv(texts, intents)
    predictions = Predictions(
        predict(model, [e["text"] for e in data.dev]),
        predict(model, [e["text"] for e in data.test]),
        predict(model, data.clinc_dev),
        predict(model, data.clinc_test),
    )
    result = score_pipeline(predictions, data)
    for name in ("dev", "test"):
        result[name]["entity_f1"] = None  # it extracts no entities
    result["entity_f1"] = None
    result["train_and_eval_s"] = time.perf_counter() - start
    result["training_examples"] = len(texts)
    result["regularisation_C"] = regularisation
    return result


def evaluate_rasa_default(
    *, config_path: Path = RASA_DEFAULT_CONFIG, clinc_limit: int | None = None,
    data: EvalData | None = None, cache_dir: Path = CACHE / "nlu",
) -> dict:  # fmt: skip
    """Score Rasa's default NLU pipeline trained on our data (cached by data + config hash)."""
    from bench.predict import cached_nlu_model

    model, meta = cached_nlu_model(config_path, cache_dir)
    result, parse_ms = evaluate_model(
        model, config_path=config_path, clinc_limit=clinc_limit, parse_runs=1, data=data,
        served=False,
    )  # fmt: skip
    result.update(
        train_s=summarize([meta["train_seconds"]]),
        train_cached=meta["cached"],
        train_scope="NLU only (rasa.model_training.train_nlu), one run, deterministic",
        parse_ms=parse_ms,
        config=str(config_path.relative_to(REPO)),
    )
    return result
