import copy

import pytest

from bench.report import met_count, number, render_report
from bench.schema import validate
from bench.targets import evaluate_targets


def test_fake_results_match_the_schema(fake_results):
    assert validate(fake_results) == []


@pytest.mark.parametrize("key", ["nlu", "baseline", "latency_ms", "ready_s", "kb_build_s"])
def test_missing_top_level_key_is_reported(fake_results, key):
    del fake_results[key]
    assert validate(fake_results) == [f"{key}: missing"]


def test_quality_field_missing_is_reported(fake_results):
    del fake_results["baseline"]["tfidf_logreg"]["oos_recall"]
    assert validate(fake_results) == ["baseline.tfidf_logreg.oos_recall: missing"]


def test_summary_without_runs_is_reported(fake_results):
    fake_results["ready_s"] = {"median": 1.0, "min": 1.0, "max": 1.0}
    assert validate(fake_results) == ["ready_s: expected a median/min/max/runs summary"]


def test_rss_must_be_numbers(fake_results):
    fake_results["rss_mb"] = {"rasa": "lots", "actions": 1.0}
    assert validate(fake_results) == ["rss_mb: rasa and actions must be numbers"]


def test_empty_results_of_a_run_match_the_schema():
    from bench.config import QUICK
    from bench.run import empty_results

    assert validate(empty_results(QUICK, ["kb"])) == []


def test_targets_are_checked_against_medians(fake_results):
    rows = {row["name"]: (row["value"], row["met"]) for row in evaluate_targets(fake_results)}
    assert rows == {
        "intent accuracy, fallback applied (NLU test)": (0.96, True),
        "intent accuracy vs TF-IDF baseline (both dev-tuned)": (0.96, True),
        "OOS recall (CLINC test: unseen intents)": (0.96, True),
        "REST p50 at 8 students (ms)": (22, True),
        "REST p99 at 8 students (ms)": (92.5, True),
        "throughput at 8 students (msgs/s)": (160, True),
        "ready (s)": (13, True),
        "training (s)": (44, True),
        "Rasa server RSS per process (MB)": (550.0, True),
        "answer score, question bank test": (0.9, True),
        "answer score, worst category": (0.9, True),
        "answers with an invented fact": (0, True),
        "refusals of on-topic questions": (0, True),
    }


def test_unmeasured_targets_are_not_met(fake_results):
    fake_results["latency_ms"] = {}
    fake_results["baseline"]["tfidf_logreg"]["intent_accuracy"] = 0.97
    rows = {row["name"]: (row["value"], row["met"]) for row in evaluate_targets(fake_results)}
    assert rows["REST p50 at 8 students (ms)"] == (None, False)
    assert rows["intent accuracy vs TF-IDF baseline (both dev-tuned)"] == (0.96, False)


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        ({"median": 2.0, "min": 1.0, "max": 3.0, "runs": [1, 2, 3]}, 1, "2.0 (1.0–3.0)"),
        ({"median": 2.0, "min": 2.0, "max": 2.0, "runs": [2]}, 2, "2.00"),
        (0.95312, 3, "0.953"),
        (None, 1, "—"),
    ],
)
def test_number_formats_summaries_and_gaps(value, digits, expected):
    assert number(value, digits) == expected


def test_report_renders_every_section_side_by_side(fake_results):
    fake_results["targets"] = evaluate_targets(fake_results)
    report = render_report(fake_results)
    assert report.startswith("# Programme Advisor benchmark\n")
    header = "| measure | ours, as served | ours, dev-tuned | TF-IDF + LogReg, dev-tuned | "
    assert header + "Rasa default, dev-tuned |" in report
    accuracy = "| intent accuracy, fallback applied: dev / **test** | — / 0.960 | — | — / 0.900 |"
    assert accuracy in report
    assert "| programme entity F1 (test) | 0.990 | — | — | 0.990 |" in report
    row_8 = "| 8 | 22.0 (20.0–24.0) | 41.0 (40.0–42.0) | 92.5 (90.0–95.0) | 160.0 (150.0–170.0) |"
    assert row_8 in report
    assert "| ready: start to first answered message (s) | 13.0 (12.0–14.0) | ~70 s |" in report
    assert "| KB build, 300 pages (s) | 30.00 | — |" in report
    assert "| Rasa server RSS per process (MB) | <= 600 | 550.0 | yes |" in report
    assert "- How much is tuition? → It is 243 €." in report
    assert "- a note" in report


def test_report_renders_an_empty_run():
    from bench.config import QUICK
    from bench.run import empty_results

    results = empty_results(QUICK, [])
    results["targets"] = evaluate_targets(results)
    report = render_report(results)
    assert "| ready (s) | <= 15 | — | not measured |" in report
    assert "--quick" in report


def test_met_count_counts_measured_targets_only(fake_results):
    results = copy.deepcopy(fake_results)
    results["targets"] = evaluate_targets(results)
    results["targets"][0]["met"] = False
    results["targets"][1]["value"] = None
    assert met_count(results) == (11, 12)
