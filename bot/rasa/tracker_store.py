"""Rasa's SQL tracker store, with SQLite set up for a chat server's many small commits, and a
bounded memory of recent conversations so a message costs the same at turn 300 as at turn 1.

In SQLite's default rollback-journal mode every message's commit waits for several fsyncs.
Write-ahead logging with `synchronous=NORMAL` commits with one sequential write: a committed
message survives the process being killed (kill -9), only an operating-system crash or power
loss can take the last commits with it. Other databases are left exactly as Rasa sets them up.

Rasa reloads a conversation for every message: it reads every event of the session and
replays them into a tracker, then counts the stored events again to know which to write, so a
conversation of n messages costs O(n²). Here the tracker last read or written is kept in
memory (bot/rasa/tracker_cache.py) with the store's (row count, last row id) for its
conversation. A message first reads that fingerprint (one indexed query); when it matches,
the kept tracker is used as is, and only the events appended since are written. Any other
writer (another process, the transcripts tool's erasure) changes the fingerprint, and the
conversation is read from the store again: the store stays the only source of truth, and
every event is committed before the reply leaves, as before.

SQLAlchemy 1.4 opens a new connection for every session on an SQLite file (its default pool
for files keeps none): a message's three sessions (fingerprint, read, write) each paid for a
connect, the pragmas and a close, more than the queries themselves. Here SQLite file
connections are pooled and reused; each session still starts a fresh read, so another
process's commits are seen at once (write-ahead log).
"""

import itertools
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import event
from sqlalchemy.orm import sessionmaker

from bot.private_files import make_private
from bot.rasa.policy_window import remember_turn_end
from bot.rasa.tracker_cache import (
    DEFAULT_MAX_CONVERSATIONS,
    DEFAULT_MAX_EVENTS,
    CachedTracker,
    TrackerCache,
)

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=5000",
)


def _pooled_sqlite_engine(engine: Any) -> Any:
    """Return an engine on the same SQLite file that keeps its connections for reuse.

    Rasa uses the store from its event loop's thread; a connection is checked out by one
    session at a time, so sharing it between threads (check_same_thread off) is safe.
    """
    url = engine.url
    engine.dispose()
    return sa.create_engine(
        url, poolclass=sa.pool.QueuePool, pool_size=2, max_overflow=8,
        connect_args={"check_same_thread": False},
    )  # fmt: skip


def _apply_sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


_EVENTS = SQLTrackerStore.SQLEvent.__table__
# Built once: SQLAlchemy then reuses its compiled form (an ORM query is rebuilt on every call).
_FINGERPRINT = sa.select(sa.func.count(_EVENTS.c.id), sa.func.max(_EVENTS.c.id)).where(
    _EVENTS.c.sender_id == sa.bindparam("sender_id")
)


class AdvisorSQLTrackerStore(SQLTrackerStore):
    """An SQLTrackerStore with SQLite in write-ahead-log mode and a bounded tracker cache.

    Endpoint options besides Rasa's: `cache_conversations` and `cache_events` bound the cache
    (0 turns it off).
    """

    def __init__(
        self,
        *args: Any,
        cache_conversations: int = DEFAULT_MAX_CONVERSATIONS,
        cache_events: int = DEFAULT_MAX_EVENTS,
        **kwargs: Any,
    ) -> None:
        self._cache = TrackerCache(int(cache_conversations), int(cache_events))
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            # Conversations are personal data: owner-only, before the WAL file (which SQLite
            # creates with the database's mode) exists.
            if self.engine.url.database not in (None, "", ":memory:"):
                make_private(Path(self.engine.url.database))
                self.engine = _pooled_sqlite_engine(self.engine)
                self.sessionmaker = sessionmaker(bind=self.engine)
            event.listen(self.engine, "connect", _apply_sqlite_pragmas)
            # Connections made before the listener existed (table creation) are not reused,
            # but switch the file to WAL now so every reader sees one mode from the start.
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")

    @SQLTrackerStore.domain.setter  # type: ignore[attr-defined]
    def domain(self, domain: Any) -> None:
        # Trackers hold the old domain's slots: a new model starts from the store again.
        SQLTrackerStore.domain.fset(self, domain)  # type: ignore[attr-defined]
        self._cache.clear()

    def _fingerprint(self, session: Any, sender_id: str) -> tuple[int, int]:
        """Return the store's (rows, last row id) for one conversation: one indexed query."""
        rows, last_id = session.execute(_FINGERPRINT, {"sender_id": sender_id}).one()
        return int(rows), int(last_id or 0)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """Return the latest session's tracker, from memory when the store has not changed."""
        entry = self._cache.get(sender_id)
        # Read before the events: a write in between makes the fingerprint older than the
        # tracker, so the next message reads the store again (never the other way round).
        with self.session_scope() as session:
            fingerprint = self._fingerprint(session, sender_id)
        if entry is not None and entry.untouched() and entry.fingerprint == fingerprint:
            return entry.tracker
        tracker = await super().retrieve(sender_id)
        self._remember(sender_id, tracker, fingerprint)
        return tracker

    def _remember(
        self, sender_id: str, tracker: DialogueStateTracker | None, fingerprint: tuple[int, int]
    ) -> None:
        if tracker is None or tracker.events.maxlen is not None:
            # A tracker that drops old events cannot tell what was appended by its length.
            self._cache.drop(sender_id)
            return
        remember_turn_end(tracker)  # where the policies' window may start (policy_window.py)
        self._cache.put(sender_id, CachedTracker(tracker, len(tracker.events), fingerprint))

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        """Streaming happens in `save`, from the events it writes (Rasa's re-reads the store)."""

    def _new_events(self, session: Any, tracker: DialogueStateTracker) -> tuple[list[Event], Any]:
        """Return the tracker's events the store lacks, and the fingerprint read to know it."""
        fingerprint = self._fingerprint(session, tracker.sender_id)
        entry = self._cache.get(tracker.sender_id)
        if entry is not None and entry.tracker is tracker and entry.fingerprint == fingerprint:
            return list(itertools.islice(tracker.events, entry.stored_events, None)), fingerprint
        # Not the tracker last seen, or the store changed: count what is stored, as Rasa does.
        return list(self._additional_events(session, tracker)), fingerprint

    @staticmethod
    def _row(sender_id: str, new_event: Event) -> dict[str, Any]:
        data = new_event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": new_event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Write the events the store lacks in one transaction, then remember the tracker."""
        sender_id = tracker.sender_id
        try:
            with self.session_scope() as session:
                new_events, (rows, last_id) = self._new_events(session, tracker)
                if new_events:
                    records = [self._row(sender_id, new_event) for new_event in new_events]
                    session.execute(_EVENTS.insert(), records)  # one executemany, no ORM objects
                    # The rows read before plus ours: another writer's rows make it differ.
                    rows, last_id = rows + len(records), self._fingerprint(session, sender_id)[1]
                session.commit()
        except BaseException:
            self._cache.drop(sender_id)
            raise
        if self.event_broker is not None:
            await self._stream_new_events(self.event_broker, new_events, sender_id)
        if any(isinstance(new_event, SessionStarted) for new_event in new_events):
            # Rasa reads only the latest session back: so does the next message here.
            self._cache.drop(sender_id)
        else:
            self._remember(sender_id, tracker, (rows, last_id))
