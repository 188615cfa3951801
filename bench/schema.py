"""The shape of bench/results.json: required keys and their types."""

from __future__ import annotations

QUALITY_FIELDS = ("intent_accuracy", "macro_f1", "oos_recall", "in_scope_accuracy", "entity_f1")
TOP_LEVEL = (
    "machine", "nlu", "baseline", "latency_ms", "throughput_msgs_s", "nlu_parse_ms", "ready_s",
    "train_s", "rss_mb", "kb_build_s", "transcripts_report_s", "targets",
)  # fmt: skip
SUMMARY_FIELDS = ("median", "min", "max", "runs")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _summary_problems(name: str, value: object) -> list[str]:
    if not isinstance(value, dict) or any(key not in value for key in SUMMARY_FIELDS):
        return [f"{name}: expected a median/min/max/runs summary"]
    if not all(_is_number(value[key]) for key in ("median", "min", "max")):
        return [f"{name}: median/min/max must be numbers"]
    return []


def _quality_problems(name: str, value: object) -> list[str]:
    if not isinstance(value, dict):
        return [f"{name}: expected an object"]
    problems = [f"{name}.{key}: missing" for key in QUALITY_FIELDS if key not in value]
    problems += [
        f"{name}.{key}: not a number"
        for key in QUALITY_FIELDS
        if key in value and value[key] is not None and not _is_number(value[key])
    ]
    return problems


def validate(results: dict) -> list[str]:
    """Return what is missing or mistyped in a results dict (empty when it is well formed)."""
    problems = [f"{key}: missing" for key in TOP_LEVEL if key not in results]
    if results.get("nlu") is not None:
        problems += _quality_problems("nlu", results["nlu"])
    for name, value in (results.get("baseline") or {}).items():
        if value is not None:
            problems += _quality_problems(f"baseline.{name}", value)
    for students, percentiles in (results.get("latency_ms") or {}).items():
        for key in ("p50", "p95", "p99"):
            problems += _summary_problems(f"latency_ms.{students}.{key}", percentiles.get(key))
    for students, value in (results.get("throughput_msgs_s") or {}).items():
        problems += _summary_problems(f"throughput_msgs_s.{students}", value)
    for key in ("ready_s", "train_s"):
        if results.get(key) is not None:
            problems += _summary_problems(key, results[key])
    for name, value in (results.get("kb_build_s") or {}).items():
        problems += _summary_problems(f"kb_build_s.{name}", value)
    rss = results.get("rss_mb")
    if rss is not None and not all(_is_number(rss.get(key)) for key in ("rasa", "actions")):
        problems.append("rss_mb: rasa and actions must be numbers")
    if not isinstance(results.get("targets", []), list):
        problems.append("targets: expected a list")
    return problems
