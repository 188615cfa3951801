"""The tracker store's memory of conversations: right answers first, then fewer reads."""

import sqlite3

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa.tracker_cache import CachedTracker, TrackerCache
from bot.rasa.tracker_store import AdvisorSQLTrackerStore

DOMAIN = Domain.from_dict({"slots": {"programme": {"type": "text", "mappings": []}}})


def _store(path, **options) -> AdvisorSQLTrackerStore:
    return AdvisorSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path), **options)


def _rows(path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT type_name, data FROM events ORDER BY id").fetchall()


async def _turn(store, sender: str, text: str, programme: str | None = None):
    tracker = await store.retrieve(sender) or store.init_tracker(sender)
    tracker.update(UserUttered(text))
    if programme:
        tracker.update(SlotSet("programme", programme))
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)
    return tracker


async def test_every_event_is_written_once_and_in_order(tmp_path):
    store = _store(tmp_path / "t.db")
    for number in range(30):
        tracker = await _turn(store, "s", f"question {number}")
    rows = _rows(tmp_path / "t.db")
    assert len(rows) == len(tracker.events) == 60
    texts = [r for r in rows if r[0] == "user"]
    assert [f"question {n}" in data for n, (_, data) in enumerate(texts)] == [True] * 30


async def test_an_unchanged_store_gives_back_the_remembered_tracker(tmp_path):
    store = _store(tmp_path / "t.db")
    saved = await _turn(store, "s", "hello", programme="st4health")
    assert await store.retrieve("s") is saved


async def test_another_writer_makes_the_store_read_again(tmp_path):
    path = tmp_path / "t.db"
    ours, other = _store(path), _store(path)  # two processes sharing one store
    await _turn(ours, "s", "first", programme="st4health")
    await _turn(other, "s", "second", programme="radiophysics")
    tracker = await ours.retrieve("s")
    assert tracker.get_slot("programme") == "radiophysics"
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["first", "second"]
    third = await _turn(ours, "s", "third")
    # nothing written twice after the other writer's turn
    assert len(_rows(path)) == len(third.events) == 8


async def test_an_erased_conversation_is_not_served_from_memory(tmp_path):
    path = tmp_path / "t.db"
    store = _store(path)
    await _turn(store, "s", "my name is Jo")
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM events WHERE sender_id = 's'")
    assert await store.retrieve("s") is None


async def test_a_tracker_changed_but_not_saved_is_read_again(tmp_path):
    store = _store(tmp_path / "t.db")
    tracker = await _turn(store, "s", "hello")
    tracker.update(UserUttered("never stored: the turn failed"))
    again = await store.retrieve("s")
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["hello"]


async def test_a_failed_write_forgets_the_conversation(tmp_path, monkeypatch):
    store = _store(tmp_path / "t.db")
    tracker = await _turn(store, "s", "hello")
    tracker.update(UserUttered("lost"))

    def broken(*_args, **_kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "_row", broken)
    with pytest.raises(sqlite3.OperationalError):
        await store.save(tracker)
    monkeypatch.undo()
    again = await store.retrieve("s")
    assert again is not tracker
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["hello"]


async def test_a_new_session_is_read_back_alone_as_rasa_does(tmp_path):
    store = _store(tmp_path / "t.db")
    tracker = await _turn(store, "s", "old session")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(UserUttered("new session"))
    await store.save(tracker)
    again = await store.retrieve("s")
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["new session"]


async def test_without_a_cache_the_store_behaves_the_same(tmp_path):
    store = _store(tmp_path / "t.db", cache_conversations=0)
    first = await _turn(store, "s", "hello", programme="st4health")
    again = await store.retrieve("s")
    assert again is not first and again.get_slot("programme") == "st4health"


def _entry(events: int) -> CachedTracker:
    tracker = DialogueStateTracker.from_events("x", [UserUttered(str(n)) for n in range(events)])
    return CachedTracker(tracker, events, (events, events))


def test_the_cache_drops_the_least_recently_used_conversation():
    cache = TrackerCache(max_conversations=2, max_events=100)
    cache.put("a", _entry(1))
    cache.put("b", _entry(1))
    cache.get("a")
    cache.put("c", _entry(1))
    assert cache.get("b") is None and cache.get("a") and cache.get("c")


def test_the_cache_holds_at_most_its_events():
    cache = TrackerCache(max_conversations=10, max_events=10)
    cache.put("a", _entry(6))
    cache.put("b", _entry(6))
    assert len(cache) == 1 and cache.events == 6 and cache.get("b")
    cache.put("huge", _entry(11))
    assert cache.get("huge") is None and cache.events == 6


def test_replacing_an_entry_counts_its_events_once():
    cache = TrackerCache(max_conversations=10, max_events=100)
    cache.put("a", _entry(5))
    cache.put("a", _entry(7))
    cache.drop("missing")
    assert cache.events == 7 and len(cache) == 1
