import sqlite3

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa.tracker_store import AdvisorSQLTrackerStore


async def test_sqlite_store_uses_wal_and_keeps_every_event(tmp_path):
    path = tmp_path / "tracker.db"
    store = AdvisorSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(path))
    tracker = DialogueStateTracker.from_events(
        "student", [ActionExecuted("action_listen"), UserUttered("How much is tuition?")]
    )
    await store.save(tracker)
    tracker.update(UserUttered("and the deadlines?"))
    await store.save(tracker)

    with sqlite3.connect(path) as connection:
        (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
        texts = connection.execute(
            "SELECT json_extract(data, '$.text') FROM events WHERE type_name = 'user' ORDER BY id"
        ).fetchall()
    assert mode == "wal"
    assert texts == [("How much is tuition?",), ("and the deadlines?",)]
    restored = await store.retrieve("student")
    assert [e.text for e in restored.events if isinstance(e, UserUttered)] == [
        "How much is tuition?",
        "and the deadlines?",
    ]
