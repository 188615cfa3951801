"""Train candidate NLU pipelines and compare them on held-out data.

For each config it trains an NLU model on data/nlu/ (Rasa's training cache disabled, so the
time is a real training time), then parses:
- tests/nlu_data/heldout.yml: intent accuracy and macro-F1 (raw top intent), entity F1 over
  (entity, value) pairs after synonym mapping, and accuracy with the fallback applied;
- the held-out CLINC150 split (bench/oos_split.py): out-of-scope recall, i.e. the share
  predicted out_of_scope or sent to nlu_fallback.
The fallback is applied from each config's FallbackClassifier threshold/ambiguity_threshold;
`--sweep` also prints, over a grid of thresholds, the dev-set accuracy with fallback and the
CLINC recall: thresholds are chosen on those, never on heldout.yml.

    RASA_TELEMETRY_ENABLED=false .venv/bin/python -m bench.compare_pipelines \
        bench/pipelines/a_diet.yml bench/pipelines/b_logreg.yml --sweep
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ["RASA_MAX_CACHE_SIZE"] = "0"  # no cache hits: measure real training time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.oos_split import heldout_clinc  # noqa: E402

NLU_DATA = REPO / "data" / "nlu"
HELDOUT = REPO / "tests" / "nlu_data" / "heldout.yml"
DEV = REPO / "tests" / "nlu_data" / "dev.yml"
RESULTS = REPO / "bench" / "work" / "pipeline_comparison.json"
OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"
REJECTED = {OUT_OF_SCOPE, FALLBACK}
# Set on every message by bot.rasa.language_detector, never annotated: not part of entity F1.
LANGUAGE_ENTITY = "language"

logger = logging.getLogger(__name__)


def fallback_settings(config_path: Path) -> tuple[float, float]:
    """Return (threshold, ambiguity_threshold) of the config's FallbackClassifier."""
    import yaml

    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for component in config.get("pipeline", []):
        if component.get("name") == "FallbackClassifier":
            return component.get("threshold", 0.3), component.get("ambiguity_threshold", 0.1)
    return 0.0, 0.0


def decide(prediction: dict, threshold: float, ambiguity: float) -> str:
    """Apply FallbackClassifier's rule to a raw prediction."""
    if prediction["confidence"] < threshold or prediction["margin"] < ambiguity:
        return FALLBACK
    return prediction["intent"]


def raw_prediction(parsed: dict) -> dict:
    """Return the top intent, its confidence and margin, ignoring nlu_fallback."""
    ranking = [r for r in parsed.get("intent_ranking", []) if r["name"] != FALLBACK]
    top = ranking[0] if ranking else {"name": None, "confidence": 0.0}
    second = ranking[1]["confidence"] if len(ranking) > 1 else 0.0
    entities = sorted(
        {
            (e["entity"], str(e["value"]))
            for e in parsed.get("entities", [])
            if e["entity"] != LANGUAGE_ENTITY
        }
    )
    return {
        "intent": top["name"],
        "confidence": float(top["confidence"]),
        "margin": float(top["confidence"] - second),
        "entities": entities,
    }


def load_examples(path: Path = HELDOUT) -> list[dict]:
    """Return test examples with gold intent and (entity, value) pairs after synonyms."""
    from rasa.shared.importers.utils import training_data_from_paths

    train = training_data_from_paths([str(p) for p in sorted(NLU_DATA.glob("*.yml"))], "en")
    synonyms = {k.lower(): v for k, v in train.entity_synonyms.items()}
    test = training_data_from_paths([str(path)], "en")
    examples = []
    for message in test.intent_examples:
        gold_entities = set()
        for entity in message.get("entities") or []:
            surface = message.get("text")[entity["start"] : entity["end"]]
            value = entity.get("value", surface)
            gold_entities.add((entity["entity"], synonyms.get(str(value).lower(), str(value))))
        examples.append(
            {
                "text": message.get("text"),
                "intent": message.get("intent"),
                "entities": sorted(gold_entities),
            }
        )
    return examples


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    """Return macro-F1 over the gold labels."""
    from sklearn.metrics import f1_score

    labels = sorted(set(gold))
    return float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0))


def entity_f1(examples: list[dict], predictions: list[dict]) -> float:
    """Return micro F1 over (entity, value) pairs per message."""
    true_pos = false_pos = false_neg = 0
    for example, prediction in zip(examples, predictions, strict=True):
        gold, found = set(map(tuple, example["entities"])), set(prediction["entities"])
        true_pos += len(gold & found)
        false_pos += len(found - gold)
        false_neg += len(gold - found)
    if not true_pos:
        return 0.0
    precision, recall = true_pos / (true_pos + false_pos), true_pos / (true_pos + false_neg)
    return 2 * precision * recall / (precision + recall)


def scores_at(
    examples: list[dict],
    predictions: list[dict],
    clinc_predictions: list[dict],
    threshold: float,
    ambiguity: float,
) -> dict:
    """Return accuracy with fallback applied (in-scope and held-out oos) and OOS recall."""
    in_scope_hits = in_scope_total = oos_hits = oos_total = 0
    for example, prediction in zip(examples, predictions, strict=True):
        decision = decide(prediction, threshold, ambiguity)
        if example["intent"] == OUT_OF_SCOPE:
            oos_total += 1
            oos_hits += decision in REJECTED
        else:
            in_scope_total += 1
            in_scope_hits += decision == example["intent"]
    clinc_hits = sum(decide(p, threshold, ambiguity) in REJECTED for p in clinc_predictions)
    return {
        "threshold": threshold,
        "ambiguity_threshold": ambiguity,
        "in_scope_accuracy_at_threshold": in_scope_hits / in_scope_total,
        "heldout_oos_recall": oos_hits / oos_total if oos_total else None,
        "clinc_oos_recall": clinc_hits / len(clinc_predictions),
    }


async def parse_all(agent, texts: list[str]) -> tuple[list[dict], list[float]]:
    """Parse texts one by one; return raw predictions and per-message latencies in ms."""
    predictions, latencies = [], []
    for text in texts:
        start = time.perf_counter()
        parsed = await agent.parse_message(text)
        latencies.append((time.perf_counter() - start) * 1000)
        predictions.append(raw_prediction(parsed))
    return predictions, latencies


def evaluate(config_path: Path, work_dir: Path, sweep: bool) -> dict:
    """Train one pipeline and return its figures."""
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    name = config_path.stem
    start, cpu_start = time.perf_counter(), time.process_time()
    model_path = train_nlu(
        config=str(config_path),
        nlu_data=str(NLU_DATA),
        output=str(work_dir),
        fixed_model_name=name,
    )
    train_seconds = time.perf_counter() - start
    # CPU seconds (all threads) are steadier than wall time on a shared machine.
    train_cpu_seconds = time.process_time() - cpu_start
    agent = Agent.load(model_path)

    examples = load_examples(HELDOUT)
    dev_examples = load_examples(DEV)
    clinc = heldout_clinc()
    predictions, latencies = asyncio.run(parse_all(agent, [e["text"] for e in examples]))
    dev_predictions, _ = asyncio.run(parse_all(agent, [e["text"] for e in dev_examples]))
    clinc_predictions, clinc_latencies = asyncio.run(parse_all(agent, clinc))

    gold = [e["intent"] for e in examples]
    predicted = [p["intent"] for p in predictions]
    threshold, ambiguity = fallback_settings(config_path)
    result = {
        "pipeline": name,
        "config": str(config_path.relative_to(REPO)),
        "heldout_examples": len(examples),
        "clinc_heldout_examples": len(clinc),
        "intent_accuracy": sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold),
        "intent_macro_f1": macro_f1(gold, predicted),
        "entity_f1": entity_f1(examples, predictions),
        "dev_intent_accuracy": sum(
            e["intent"] == p["intent"] for e, p in zip(dev_examples, dev_predictions, strict=True)
        )
        / len(dev_examples),
        **scores_at(examples, predictions, clinc_predictions, threshold, ambiguity),
        "train_seconds": train_seconds,
        "train_cpu_seconds": train_cpu_seconds,
        "load_average": os.getloadavg()[0],
        "parse_ms_median": statistics.median(latencies + clinc_latencies),
        "parse_ms_p95": statistics.quantiles(latencies + clinc_latencies, n=20)[-1],
        # Only dev errors are listed: reading held-out errors would tune the data to them.
        "dev_errors": [
            {
                "text": e["text"],
                "gold": e["intent"],
                "predicted": p["intent"],
                "confidence": round(p["confidence"], 3),
            }
            for e, p in zip(dev_examples, dev_predictions, strict=True)
            if e["intent"] != p["intent"]
        ],
        "clinc_accepted": Counter(
            decide(p, threshold, ambiguity) for p in clinc_predictions
        ).most_common(),
    }
    if sweep:
        # Thresholds are chosen on the dev set, so the held-out figures stay unbiased.
        result["sweep"] = [
            scores_at(dev_examples, dev_predictions, clinc_predictions, t / 100, a / 100)
            for t in range(20, 95, 5)
            for a in (0, 5, 10)
        ]
    return result


def markdown_table(results: list[dict]) -> str:
    """Return the comparison as a markdown table."""
    header = (
        "| pipeline | intent acc | macro-F1 | entity F1 | dev acc | threshold / ambiguity | "
        "in-scope acc at threshold | held-out oos recall | CLINC OOS recall | train s wall/CPU | "
        "parse ms (median / p95) |\n|---|---|---|---|---|---|---|---|---|---|---|"
    )
    rows = [
        f"| {r['pipeline']} | {r['intent_accuracy']:.3f} | {r['intent_macro_f1']:.3f} | "
        f"{r['entity_f1']:.3f} | {r['dev_intent_accuracy']:.3f} | "
        f"{r['threshold']} / {r['ambiguity_threshold']} | "
        f"{r['in_scope_accuracy_at_threshold']:.3f} | {r['heldout_oos_recall']:.3f} | "
        f"{r['clinc_oos_recall']:.3f} | {r['train_seconds']:.1f} / {r['train_cpu_seconds']:.1f} | "
        f"{r['parse_ms_median']:.1f} / {r['parse_ms_p95']:.1f} |"
        for r in results
    ]
    return "\n".join([header, *rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("configs", nargs="*", type=Path, help="pipeline configs to compare")
    parser.add_argument("--sweep", action="store_true", help="print a fallback-threshold sweep")
    parser.add_argument("--out", type=Path, default=RESULTS, help="JSON results file")
    args = parser.parse_args()
    configs = [c.resolve() for c in args.configs] or sorted(
        (REPO / "bench" / "pipelines").glob("*.yml")
    )
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    results = []
    with tempfile.TemporaryDirectory(prefix="nlu-bench-") as work_dir:
        for config_path in configs:
            results.append(evaluate(config_path, Path(work_dir), args.sweep))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    for result in results:
        print(f"\n## {result['pipeline']}: misclassified dev examples")
        for error in result["dev_errors"]:
            print(f"  {error}")
        print(f"  CLINC decisions: {result['clinc_accepted'][:8]}")
        for row in result.get("sweep", []):
            print(
                f"  t={row['threshold']:.2f} a={row['ambiguity_threshold']:.2f} "
                f"dev-in-scope={row['in_scope_accuracy_at_threshold']:.3f} "
                f"dev-oos={row['heldout_oos_recall']:.3f} "
                f"clinc-oos={row['clinc_oos_recall']:.3f}"
            )
    print()
    print(markdown_table(results))
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
