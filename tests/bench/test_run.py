import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from bench.config import FULL, QUICK, SECTIONS
from bench.run import parse_sections
from bench.serving import CONVERSATION, LoadRun, conversations_per_student

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, list(SECTIONS)),
        ("serving,nlu", ["nlu", "serving"]),
        (" kb , transcripts ", ["kb", "transcripts"]),
    ],
)
def test_sections_run_in_a_fixed_order(text, expected):
    assert parse_sections(text) == expected


def test_unknown_sections_are_refused():
    with pytest.raises(click.BadParameter, match="unknown sections: gpu"):
        parse_sections("nlu,gpu")


def test_quick_is_tiny_and_full_is_what_the_issue_asks():
    assert (QUICK.runs, QUICK.students, QUICK.generated_pages) == (1, (1, 2), 30)
    assert QUICK.transcript_conversations == 200 and not QUICK.rasa_default
    assert (FULL.runs, FULL.students, FULL.generated_pages) == (3, (1, 8, 32), 300)
    assert FULL.transcript_conversations == 10_000 and FULL.rasa_default


@pytest.mark.parametrize(("students", "total", "expected"), [(1, 40, 40), (8, 40, 5), (32, 40, 2),
                                                             (2, 1, 1)])  # fmt: skip
def test_conversations_are_spread_over_students(students, total, expected):
    assert conversations_per_student(students, total) == expected


def test_load_run_throughput_is_messages_per_second():
    run = LoadRun(students=2, latencies_ms=[10.0] * 30, wall_s=2.0)
    assert (run.messages, run.throughput) == (30, 15.0)
    assert LoadRun(students=1).throughput == 0.0


def test_the_conversation_has_five_turns():
    assert len(CONVERSATION) == 5


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_quick_run_writes_results_and_report(tmp_path):
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
    subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--only", "serving,nlu",
         "--out", str(tmp_path)],
        check=True, cwd=ROOT, env=env, timeout=900,
    )  # fmt: skip
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert results["quick"] is True
    assert results["sections"] == ["nlu", "serving"]
    for key in ("intent_accuracy", "macro_f1", "oos_recall", "in_scope_accuracy", "entity_f1"):
        assert isinstance(results["nlu"][key], float)
        assert key in results["baseline"]["tfidf_logreg"]
    assert set(results["latency_ms"]) == {"1", "2"}
    assert set(results["latency_ms"]["2"]) == {"p50", "p95", "p99"}
    assert set(results["throughput_msgs_s"]) == {"1", "2"}
    rss = results["rss_mb"]
    # One Rasa process per usable core; with several, the router in front is measured too.
    expected = {"rasa", "actions", "rasa_processes"} | (
        {"router"} if rss["rasa_processes"] > 1 else set()
    )
    assert set(rss) == expected
    assert set(results["nlu_parse_ms"]) >= {"p50", "p95"}
    assert {"machine", "targets", "ready_s", "train_s", "kb_build_s"} <= set(results)
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("# Programme Advisor")
