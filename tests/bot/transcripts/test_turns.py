"""Events become turns and conversations; the cache follows the tracker store."""

import pytest
from sqlite_utils import Database

from bot.transcripts.source import Event, TrackerSource
from bot.transcripts.tables import ensure_db_shape, refresh
from bot.transcripts.turns import conversation_turns
from settings import tracker_url


def event(number, kind, **data):
    return Event(number, "s", kind, 1795683600.0 + number, {"event": kind, **data})


def test_turns_from_events():
    events = [
        event(1, "action", name="action_session_start"),
        event(2, "bot", text="Hello!", metadata={"utter_action": "utter_greet"},
              data={"buttons": [{"title": "Fees", "payload": "/ask_fees"}]}),
        event(3, "user", text="fees?", parse_data={"intent": {"name": "ask_fees",
              "confidence": 0.5}, "entities": []}),
        event(4, "action", name="action_answer"),
        event(5, "slot", name="programme", value=["st4health", "leuven-medical-physics"]),
        event(6, "slot", name="answer_status", value="not_stated"),
        event(6, "bot", text="Line one", metadata={}),
        event(7, "bot", text="Line two", metadata={}),
        event(8, "action", name="action_listen"),
        event(9, "restart"),
        event(10, "user", text="deadline", parse_data={"intent": {"name": "ask_deadlines",
              "confidence": 0.9}, "entities": []}),
    ]  # fmt: skip
    rows = conversation_turns("s", events)
    assert [
        (r["turn"], r["user_text"], r["bot_text"], r["programme"], r["topic"], r["unanswered"])
        for r in rows
    ] == [
        (1, None, "Hello!", None, None, 0),
        (2, "fees?", "Line one\nLine two", "leuven-medical-physics,st4health", "fees", 1),
        (3, "deadline", None, None, "deadlines", 0),
    ]
    assert rows[0]["buttons"] == '["Fees"]'
    assert rows[1]["actions"] == '["action_answer"]'
    assert (rows[1]["low_confidence"], rows[2]["low_confidence"]) == (1, 0)


@pytest.mark.parametrize(
    ("intent", "actions", "flags"),
    [
        ("nlu_fallback", ["action_default_fallback"], (1, 0, 1)),
        ("out_of_scope", ["utter_out_of_scope"], (1, 1, 1)),
        ("ask_fees", ["utter_default"], (1, 0, 1)),
        ("ask_fees", ["action_answer"], (0, 0, 0)),
    ],
)
def test_fallback_out_of_scope_and_unanswered(intent, actions, flags):
    events = [
        event(1, "user", text="q", parse_data={"intent": {"name": intent, "confidence": 0.9}}),
        *[event(2 + n, "action", name=name) for n, name in enumerate(actions)],
    ]
    (row,) = conversation_turns("s", events)
    assert (row["fallback"], row["out_of_scope"], row["unanswered"]) == flags


def test_cache_is_browsable_with_full_text_search(store, tmp_path):
    db = Database(tmp_path / "transcripts.db")
    assert refresh(db, TrackerSource(tracker_url(str(store)))) == 2
    ensure_db_shape(db)  # safe to run twice
    assert db["turns"].detect_fts() == "turns_fts"
    assert [row["user_text"] for row in db["turns"].search("weather")] == [
        "what's the <b>weather</b> like"
    ]
    assert [row["user_text"] for row in db["unanswered_questions"].rows] == [
        "how much does it cost",
        "what's the <b>weather</b> like",
        "blorp",
    ]


def test_refresh_is_incremental(store, tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore

    from .conftest import DAY_TWO, bob, save_trackers, stamp

    db = Database(tmp_path / "transcripts.db")
    source = TrackerSource(tracker_url(str(store)))
    assert refresh(db, source) == 2
    assert refresh(db, source) == 0  # nothing changed
    save_trackers(
        SQLTrackerStore(dialect="sqlite", db=str(store)), {"carol": stamp(bob(), DAY_TWO)}
    )
    assert refresh(db, source) == 1  # only carol is rebuilt
    assert db["conversations"].count == 3
    assert [row["turn"] for row in db["turns"].rows_where("conversation_id = 'carol'")] == [1, 2, 3]
    assert list(db["turns"].search("blorp", columns=["conversation_id"])) == [
        {"conversation_id": "bob"},
        {"conversation_id": "carol"},
    ]


@pytest.mark.parametrize(("status", "expected"), [("not_stated", (1, 1)), ("answered", (0, 0))])
def test_an_answer_the_page_does_not_state_counts_as_unanswered(status, expected):
    events = [
        event(
            1,
            "user",
            text="leuven fees?",
            parse_data={"intent": {"name": "ask_fees", "confidence": 0.9}},
        ),
        event(2, "action", name="action_answer"),
        event(3, "slot", name="answer_status", value=status),
    ]
    (row,) = conversation_turns("s", events)
    assert (row["not_stated"], row["unanswered"]) == expected
