"""Synthetic events look like Rasa's: Rasa itself reads them back, and so do the commands."""

import json

from loadtest.synthetic_transcripts import generate, write_tracker_store


def test_generation_is_reproducible():
    assert list(generate(3, seed=7)) == list(generate(3, seed=7))
    assert list(generate(3, seed=7)) != list(generate(3, seed=8))


def test_rasa_reads_synthetic_trackers(tmp_path):
    import asyncio

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import UserUttered

    path = tmp_path / "tracker.db"
    rows = write_tracker_store(f"sqlite:///{path}", 5, seed=1)
    assert rows == len(list(generate(5, seed=1)))
    store = SQLTrackerStore(dialect="sqlite", db=str(path))
    tracker = asyncio.run(store.retrieve_full_tracker("synthetic-000000"))
    store.engine.dispose()
    users = [event for event in tracker.events if isinstance(event, UserUttered)]
    assert users and all(event.intent_name for event in users)


def test_commands_over_synthetic_store(tmp_path, run):
    path = tmp_path / "tracker.db"
    write_tracker_store(f"sqlite:///{path}", 40, seed=3)
    listed = json.loads(run(path, "list", "--json").stdout)
    assert len(listed) == 40
    report = json.loads(run(path, "report", "--json").stdout)
    assert report["conversations"] == 40
    assert report["user_messages"] == sum(
        1 for _, event in generate(40, seed=3) if event["event"] == "user"
    )
