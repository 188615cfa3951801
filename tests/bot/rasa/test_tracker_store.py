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


async def test_sqlite_store_and_its_wal_are_private_whatever_the_umask(tmp_path):
    import os
    import stat

    path = tmp_path / "tracker.db"
    old = os.umask(0o022)  # the usual umask: files 0644, readable by every local user
    try:
        store = AdvisorSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(path))
        reader = sqlite3.connect(path)  # keeps the WAL file from being removed at checkpoint
        reader.execute("select count(*) from events").fetchone()
        await store.save(DialogueStateTracker.from_events("s", [UserUttered("my name is Jo")]))
        modes = {
            file.name: stat.S_IMODE(file.stat().st_mode)
            for file in (path, tmp_path / "tracker.db-wal", tmp_path / "tracker.db-shm")
        }
        reader.close()
    finally:
        os.umask(old)
    assert modes == {"tracker.db": 0o600, "tracker.db-wal": 0o600, "tracker.db-shm": 0o600}


def test_the_advisor_command_creates_private_files(tmp_path):
    import os
    import stat

    from click.testing import CliRunner

    from bot.cli.main import main

    old = os.umask(0o022)
    try:
        CliRunner().invoke(main, ["transcripts", "--help"])
        (tmp_path / "a.log").write_text("x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.log").stat().st_mode) == 0o600


async def test_sqlite_connections_are_reused_and_still_see_other_writers(tmp_path):
    from sqlalchemy import event

    path = tmp_path / "tracker.db"
    store = AdvisorSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(path))
    connects = []
    event.listen(store.engine, "connect", lambda *_: connects.append(1))
    tracker = DialogueStateTracker.from_events("student", [UserUttered("first")])
    for text in ("second", "third", "fourth"):
        await store.save(tracker)
        tracker = await store.retrieve("student")
        tracker.update(UserUttered(text))
    assert len(connects) <= 1  # one pooled connection, not one per session
    with sqlite3.connect(path) as other:  # another process writes to the same file
        other.execute("DELETE FROM events WHERE sender_id = 'student'")
    assert await store.retrieve("student") is None
    with sqlite3.connect(path) as connection:
        (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
    assert mode == "wal"
