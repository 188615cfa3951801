"""Tracker stores built with Rasa's own SQLTrackerStore, and a CLI runner pointed at them."""

import asyncio
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli.transcripts import transcripts

os.environ["RASA_TELEMETRY_ENABLED"] = "false"
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

DAY_ONE = datetime(2026, 11, 20, 9, 0, tzinfo=UTC).timestamp()
DAY_TWO = datetime(2026, 11, 21, 10, 0, tzinfo=UTC).timestamp()


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker of the test that needs the local PostgreSQL service."""
    config.addinivalue_line("markers", "postgres: uses PostgreSQL on 127.0.0.1:5432")


def user(text, intent, confidence, *, entities=()):
    """Return a UserUttered as Rasa's NLU would have parsed it."""
    from rasa.shared.core.events import UserUttered

    entities = [{"entity": name, "value": value} for name, value in entities]
    parse_data = {"intent": {"name": intent, "confidence": confidence}, "entities": entities}
    return UserUttered(text, parse_data["intent"], entities, parse_data)


def bot(text, response, *, buttons=()):
    """Return a BotUttered sent by a response (None: text an action composed), with buttons."""
    from rasa.shared.core.events import BotUttered

    data = {"buttons": [{"title": title, "payload": f"/{title.lower()}"} for title in buttons]}
    return BotUttered(text, data if buttons else {}, {"utter_action": response} if response else {})


def action(name):
    """Return an ActionExecuted."""
    from rasa.shared.core.events import ActionExecuted

    return ActionExecuted(name)


def slot(name, value):
    """Return a SlotSet."""
    from rasa.shared.core.events import SlotSet

    return SlotSet(name, value)


def session_start():
    """Return the events Rasa writes when a session starts."""
    from rasa.shared.core.events import SessionStarted

    return [action("action_session_start"), SessionStarted(), action("action_listen")]


def alice():
    """A conversation with personal data, a low-confidence 'not stated' answer and a handoff."""
    return [
        *session_start(),
        user(
            "Hi, when is the deadline for ST4Health? My email is jane.doe@example.com",
            "ask_deadlines",
            0.93,
            entities=[("programme", "st4health")],
        ),
        action("action_answer"),
        slot("programme", "st4health"),
        slot("topic", "deadlines"),
        slot("answer_status", "answered"),
        bot("Applications close on 15 March 2027.", None, buttons=["Fees", "Careers"]),
        action("action_listen"),
        user("how much does it cost", "ask_fees", 0.45),
        action("action_answer"),
        slot("topic", "fees"),
        slot("answer_status", "not_stated"),
        bot("The ST4Health page does not state the fees.", None),
        action("action_listen"),
        user("call me on +33 6 12 34 56 78 or 0612345678", "ask_contact", 0.88),
        action("utter_contact"),
        bot("Write to the admissions office.", "utter_contact"),
        action("action_listen"),
    ]


def bob():
    """A conversation with an out-of-scope question, a fallback and a programme list slot."""
    return [
        *session_start(),
        user("what's the <b>weather</b> like", "out_of_scope", 0.8),
        action("utter_out_of_scope"),
        bot("I can help with deadlines, fees and admissions.", "utter_out_of_scope"),
        action("action_listen"),
        user("blorp", "nlu_fallback", 0.3),
        action("action_default_fallback"),
        bot("Sorry, I did not understand.", "utter_default"),
        action("action_listen"),
        user(
            "what careers after leuven",
            "ask_careers",
            0.9,
            entities=[("programme", "leuven-medical-physics")],
        ),
        action("action_answer"),
        slot("programme", ["leuven-medical-physics"]),
        slot("topic", "careers"),
        slot("answer_status", "answered"),
        bot("Medical physicists work in hospitals.", None),
        action("action_listen"),
    ]


def stamp(events, start):
    """Give events one-second-apart timestamps from `start`."""
    for offset, event in enumerate(events):
        event.timestamp = start + offset
    return events


def save_trackers(store, conversations: dict[str, list]) -> None:
    """Save each conversation's events with a real SQLTrackerStore."""
    from rasa.shared.core.trackers import DialogueStateTracker

    async def save_all() -> None:
        for sender_id, events in conversations.items():
            await store.save(DialogueStateTracker.from_events(sender_id, events))

    asyncio.run(save_all())


@pytest.fixture
def make_store(tmp_path: Path) -> Callable[[dict[str, list]], Path]:
    """Return a function that saves conversations to tmp_path/tracker.db and returns its path."""

    def make(conversations: dict[str, list]) -> Path:
        from rasa.core.tracker_store import SQLTrackerStore

        path = tmp_path / "tracker.db"
        store = SQLTrackerStore(dialect="sqlite", db=str(path))
        save_trackers(store, conversations)
        store.engine.dispose()
        return path

    return make


@pytest.fixture
def store(make_store) -> Path:
    """Return a tracker store holding alice's and bob's conversations."""
    return make_store({"alice": stamp(alice(), DAY_ONE), "bob": stamp(bob(), DAY_TWO)})


@pytest.fixture
def pseudonym(tmp_path: Path) -> Callable[[str], str]:
    """Return the pseudonym the CLI run by `run` gives a sender id (same key file)."""
    from bot.transcripts.pseudonyms import Pseudonymiser, key_path, load_key

    return Pseudonymiser(load_key(key_path(tmp_path / "cache" / "transcripts.db")))


@pytest.fixture
def run(tmp_path: Path) -> Callable[..., Result]:
    """Return a function running `advisor transcripts --db DB ARGS…` in-process."""

    def invoke(db: Path | str, *args: str) -> Result:
        runner = CliRunner()
        cache = tmp_path / "cache" / "transcripts.db"
        return runner.invoke(transcripts, ["--db", str(db), "--cache", str(cache), *args])

    return invoke
