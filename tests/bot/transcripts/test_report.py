"""Report figures, question grouping and HTML rendering."""

import pytest
from sqlite_utils import Database

from bot.transcripts.html import render_html
from bot.transcripts.report import build_report, group_questions
from bot.transcripts.source import TrackerSource
from bot.transcripts.tables import refresh
from settings import tracker_url


@pytest.fixture
def report(store, tmp_path):
    db = Database(tmp_path / "transcripts.db")
    refresh(db, TrackerSource(tracker_url(str(store))))
    return build_report(db)


def test_report_figures(report):
    assert (report["conversations"], report["messages"], report["user_messages"]) == (2, 12, 6)
    assert report["per_day"] == [
        {"day": "2026-11-20", "conversations": 1, "messages": 6},
        {"day": "2026-11-21", "conversations": 1, "messages": 6},
    ]
    assert report["counts"] == {
        "fallback": 2, "out_of_scope": 1, "low_confidence": 2, "unanswered": 3, "handoff": 1,
    }  # fmt: skip
    assert report["rates"] == {
        "fallback": 0.3333, "out_of_scope": 0.1667, "low_confidence": 0.3333, "unanswered": 0.5,
    }  # fmt: skip
    assert report["low_confidence_threshold"] == 0.6


def test_intents_and_topics_by_programme(report):
    assert report["intents_by_programme"] == {
        "(none)": {"nlu_fallback": 1, "out_of_scope": 1},
        "leuven-medical-physics": {"ask_careers": 1},
        "st4health": {"ask_contact": 1, "ask_deadlines": 1, "ask_fees": 1},
    }
    assert report["topics_by_programme"] == {
        "leuven-medical-physics": {"careers": 1},
        "st4health": {"contact": 1, "deadlines": 1, "fees": 1},
    }


def test_unanswered_and_handoffs_are_masked(report):
    assert [group["question"] for group in report["unanswered_questions"]] == [
        "blorp",
        "how much does it cost",
        "what's the <b>weather</b> like",
    ]
    assert report["handoff_requests"] == [
        {
            "conversation_id": "alice",
            "time": "2026-11-20 09:00:16",
            "text": "call me on [phone] or [phone]",
        }
    ]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (
            ["How much are the fees?", "fees?", "the FEES", "When is the deadline?",
             "deadline for st4health", "can I bring my dog"],
            [("How much are the fees?", 3), ("When is the deadline?", 2),
             ("can I bring my dog", 1)],
        ),
        (["tell me a joke", "Tell me a joke ", "is it raining"],
         [("tell me a joke", 2), ("is it raining", 1)]),
        (["it is", "is it"], [("is it", 1), ("it is", 1)]),  # only stop words: never grouped
        ([], []),
    ],
)  # fmt: skip
def test_group_questions(texts, expected):
    groups = group_questions(texts)
    assert [(group["question"], group["count"]) for group in groups] == expected


def test_html_escapes_every_user_text():
    report = {
        "conversations": 1, "messages": 2, "user_messages": 1,
        "per_day": [{"day": "2026-11-20", "conversations": 1, "messages": 2}],
        "intents_by_programme": {"<i>p</i>": {"<script>x</script>": 1}},
        "topics_by_programme": {}, "low_confidence_threshold": 0.6,
        "counts": {"fallback": 1}, "rates": {"fallback": 1.0},
        "unanswered_questions": [{"question": "<img src=x onerror=alert(1)>", "count": 1,
                                  "variants": ["<img src=x onerror=alert(1)>", "a & b"]}],
        "handoff_requests": [{"conversation_id": "<c>", "time": "t", "text": "<script>"}],
    }  # fmt: skip
    html = render_html(report)
    for raw in ("<script>", "<img src=x", "<i>p</i>", "<c>"):
        assert raw not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "a &amp; b" in html
