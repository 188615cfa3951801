"""The benchmark's targets, checked against measured results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bench.stats import median_of

# What `rasa init`'s bot measured once on another machine (design.md). Shown only where the
# same run has no stock-bot measurement of its own.
REFERENCE = {"train_s": 157.0, "answer_ms": 80.0, "rss_mb": 1090.0, "ready_s": 70.0}
TARGET_STUDENTS = "8"
# Answer score on the question bank's test split that `make test` holds (floor today; the
# target is 0.90): the last measured score (0.778 on 2026-11-29), minus a margin for changes
# that move a few answers either way. It was 0.35 when the split was first scored (0.384).
ANSWER_FLOOR = 0.70

# The NLU targets the README states. Measured on the TEST sets (eval/README.md), fallback
# applied: intent accuracy on eval/nlu/test.yml, out-of-scope recall on the CLINC150 test part.
INTENT_ACCURACY_TARGET = 0.95
OOS_RECALL_TARGET = 0.95


@dataclass(frozen=True)
class Floor:
    """What tests/rasa/test_nlu_quality.py enforces, and why when it is below the target."""

    value: float
    target: float
    reason: str = ""


# A floor equals its target unless a reason says why not; the README prints both side by side.
NLU_FLOORS = {
    "intent_accuracy": Floor(
        0.75,
        INTENT_ACCURACY_TARGET,
        "on the test set, written the way applicants write (typos, long messages, French), "
        "accuracy with the fallback applied is well below the target (about 0.80; dev about "
        "0.96): the training data does not cover that style yet. The floor catches "
        "regressions; the target is not met.",
    ),
    "oos_recall": Floor(
        0.90,
        OOS_RECALL_TARGET,
        "on CLINC intents never trained on the recall is just below the target (about "
        "0.93-0.94, its 95 % interval reaching about 0.95): the target is not met.",
    ),
}


def _path(results: dict, *keys: str) -> object:
    value: object = results
    for key in keys:
        if not isinstance(value, dict) or value.get(key) is None:
            return None
        value = value[key]
    return median_of(value) if isinstance(value, dict) else value


@dataclass(frozen=True)
class Target:
    """One requirement: a name, its bound, and how to read the measured value."""

    name: str
    bound: str
    read: Callable[[dict], float | None]
    check: Callable[[float, dict], bool]


def _rss_per_rasa_process(results: dict) -> float | None:
    """Return the Rasa servers' RSS divided by their number (one per usable core)."""
    total = _path(results, "rss_mb", "rasa")
    return None if total is None else total / (_path(results, "rss_mb", "rasa_processes") or 1)


def _answers(results: dict, read: Callable[[dict], float]) -> float | None:
    answers = results.get("answers")
    return read(answers) if answers else None


def _not_below_tfidf(value: float, results: dict) -> bool:
    # Like for like: the baseline at its dev-tuned threshold against ours at ours.
    baseline = _path(results, "baseline", "tfidf_logreg", "intent_accuracy")
    return baseline is not None and value >= baseline


TARGETS = (
    Target("intent accuracy, fallback applied (NLU test)", f">= {INTENT_ACCURACY_TARGET}",
           lambda r: _path(r, "nlu", "intent_accuracy"),
           lambda v, r: v >= INTENT_ACCURACY_TARGET),
    Target("intent accuracy vs TF-IDF baseline (both dev-tuned)", ">= TF-IDF baseline",
           lambda r: _path(r, "nlu", "at_tuned_threshold", "intent_accuracy")
           or _path(r, "nlu", "intent_accuracy"), _not_below_tfidf),
    Target("OOS recall (CLINC test: unseen intents)", f">= {OOS_RECALL_TARGET}",
           lambda r: _path(r, "nlu", "oos_recall"), lambda v, r: v >= OOS_RECALL_TARGET),
    Target("REST p50 at 8 students (ms)", "<= 25",
           lambda r: _path(r, "latency_ms", TARGET_STUDENTS, "p50"), lambda v, r: v <= 25),
    Target("REST p99 at 8 students (ms)", "<= 100",
           lambda r: _path(r, "latency_ms", TARGET_STUDENTS, "p99"), lambda v, r: v <= 100),
    Target("throughput at 8 students (msgs/s)", ">= 150",
           lambda r: _path(r, "throughput_msgs_s", TARGET_STUDENTS), lambda v, r: v >= 150),
    Target("ready (s)", "<= 15", lambda r: _path(r, "ready_s"), lambda v, r: v <= 15),
    Target("training (s)", "<= 45", lambda r: _path(r, "train_s"), lambda v, r: v <= 45),
    Target("Rasa server RSS per process (MB)", "<= 600", _rss_per_rasa_process,
           lambda v, r: v <= 600),
    Target("answer score, question bank test", ">= 0.90",
           lambda r: _answers(r, lambda a: a["overall"]), lambda v, r: v >= 0.90),
    Target("answer score, worst category", ">= 0.80",
           lambda r: _answers(r, lambda a: min(c["score"] for c in a["per_category"].values())),
           lambda v, r: v >= 0.80),
    Target("answers with an invented fact", "0",
           lambda r: _answers(r, lambda a: a["failure_kinds"]["invented"]), lambda v, r: v == 0),
    Target("refusals of on-topic questions", "0",
           lambda r: _answers(r, lambda a: a["failure_kinds"]["refusal_of_on_topic"]),
           lambda v, r: v == 0),
)  # fmt: skip


def evaluate_targets(results: dict) -> list[dict]:
    """Return every target with its measured value (None if not measured) and whether it is met."""
    rows = []
    for target in TARGETS:
        value = target.read(results)
        met = value is not None and bool(target.check(value, results))
        rows.append({"name": target.name, "target": target.bound, "value": value, "met": met})
    return rows
