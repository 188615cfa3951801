"""Fixtures for the benchmark's own tests: a fake, fully populated results dict."""

import os

import pytest


@pytest.fixture(autouse=True)
def _rasa_cache_setting_restored():
    """Undo bench.compare_pipelines' import-time RASA_MAX_CACHE_SIZE=0 for other tests."""
    saved = os.environ.get("RASA_MAX_CACHE_SIZE")
    yield
    if saved is None:
        os.environ.pop("RASA_MAX_CACHE_SIZE", None)
    else:
        os.environ["RASA_MAX_CACHE_SIZE"] = saved


def _summary(*runs: float) -> dict:
    from bench.stats import summarize

    return summarize(runs)


def _quality(accuracy: float) -> dict:
    return {
        "intent_accuracy": accuracy, "macro_f1": 0.9, "entity_f1": 0.99, "oos_recall": 0.96,
        "in_scope_accuracy": 0.93, "threshold": 0.5, "ambiguity_threshold": 0.1,
    }  # fmt: skip


@pytest.fixture
def fake_results() -> dict:
    """Return results shaped like a full run's, with round numbers."""
    latency = {"p50": _summary(20, 22, 24), "p95": _summary(40, 41, 42), "p99": _summary(90, 95)}
    return {
        "quick": False,
        "machine": {
            "cores": 2,
            "memory_mb": 24105.0,
            "cpu_model": "Test CPU",
            "python": "3.11.7",
            "rasa": "3.6.21",
            "date": "2026-11-28T20:00:00+00:00",
        },  # fmt: skip
        "nlu": _quality(0.96),
        "baseline": {
            "tfidf_logreg": {**_quality(0.90), "entity_f1": None, "train_and_eval_s": 4.0},
            "rasa_default": {**_quality(0.89), "train_s": _summary(100.0)},
        },
        "latency_ms": {"1": latency, "8": latency, "32": latency},
        "throughput_msgs_s": {
            "1": _summary(40),
            "8": _summary(160, 170, 150),
            "32": _summary(155),
        },  # fmt: skip
        "serving_runs": {"8": {"messages_per_run": 200, "failures": 0}},
        "sample_conversation": [{"message": "How much is tuition?", "replies": ["It is 243 €."]}],
        "nlu_parse_ms": {"p50": _summary(3.0), "p95": _summary(9.0)},
        "ready_s": _summary(12, 14, 13),
        "train_s": _summary(50, 40, 44),
        "rss_mb": {"rasa": 550.0, "actions": 70.0},
        "kb_build_s": {"3_pages": _summary(2.0), "300_pages": _summary(30.0)},
        "transcripts_report_s": {
            "cold": _summary(5.0),
            "warm": _summary(1.0),
            "conversations": 10000,
        },  # fmt: skip
        "answers": {
            "split": "test",
            "questions": 10,
            "passed": 9,
            "overall": 0.9,
            "per_category": {"core_topics": {"questions": 10, "passed": 9, "score": 0.9}},
            "failure_kinds": {
                "wrong_or_missing": 0,
                "false_not_stated": 0,
                "refusal_of_on_topic": 0,
                "answered_off_topic": 0,
                "too_long": 0,
                "invented": 0,
            },
        },  # fmt: skip
        "targets": [],
        "notes": ["a note"],
    }
