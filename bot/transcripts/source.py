"""Read (and purge) the `events` table that Rasa's SQLTrackerStore writes."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from settings import TRACKER_DB_ENV

logger = logging.getLogger(__name__)


# The same columns as rasa.core.tracker_store.SQLTrackerStore.SQLEvent, without importing Rasa.
METADATA = sa.MetaData()
EVENTS = sa.Table(
    "events",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


DATA_NOT_NEEDED = frozenset({"action", "session_started", "restart", "action_execution_rejected"})


class TranscriptsError(Exception):
    """A problem an analyst can fix, reported as one line."""


@dataclass(frozen=True)
class Event:
    """One row of the events table, its JSON data decoded."""

    id: int
    sender_id: str
    type_name: str
    timestamp: float
    data: dict | None  # None: the row's JSON could not be read


def sqlite_path(url: str) -> Path | None:
    """Return the file behind an sqlite URL, or None for other databases."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def describe(url: str) -> str:
    """Return the URL (password hidden) or sqlite path for messages."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return sa.engine.make_url(url).__repr__()


class TrackerSource:
    """A tracker store's events table, opened lazily and read in id order."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """Open the database, refusing to create a missing sqlite file."""
        if self._engine is None:
            path = sqlite_path(self.url)
            if path is not None and not path.is_file():
                raise TranscriptsError(
                    f"no tracker store at {path} (run the bot first, or set --db / "
                    f"{TRACKER_DB_ENV})"
                )
            self._engine = sa.create_engine(self.url, future=True)
        return self._engine

    def _rows(self, statement: sa.sql.Select) -> list[sa.Row]:
        try:
            with self.engine.connect() as connection:
                return list(connection.execute(statement))
        except sa.exc.SQLAlchemyError as error:
            raise TranscriptsError(self._explain(error)) from error

    def _write(self, statement: sa.sql.Executable) -> None:
        try:
            with self.engine.begin() as connection:
                connection.execute(statement)
        except sa.exc.SQLAlchemyError as error:
            raise TranscriptsError(self._explain(error)) from error

    def _explain(self, error: sa.exc.SQLAlchemyError) -> str:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        if "no such table" in reason or ("does not exist" in reason and "events" in reason):
            return f"tracker store {describe(self.url)} has no conversations yet (no events table)"
        return f"cannot read tracker store {describe(self.url)}: {reason}"

    def fingerprint(self, up_to_id: int) -> tuple[int, int]:
        """Return (highest event id, number of events with id <= up_to_id)."""
        statement = sa.select(
            sa.func.coalesce(sa.func.max(EVENTS.c.id), 0),
            sa.func.count().filter(EVENTS.c.id <= up_to_id),
        )
        highest, kept = self._rows(statement)[0]
        return int(highest), int(kept)

    def senders_after(self, event_id: int) -> list[str]:
        """Return the conversations with events newer than event_id."""
        statement = sa.select(EVENTS.c.sender_id).where(EVENTS.c.id > event_id).distinct()
        return [row.sender_id for row in self._rows(statement)]

    def events(self, senders: Iterable[str] | None = None) -> Iterator[Event]:
        """Yield events grouped by conversation, each conversation in id order."""
        statement = sa.select(
            EVENTS.c.id,
            EVENTS.c.sender_id,
            EVENTS.c.type_name,
            EVENTS.c.timestamp,
            EVENTS.c.action_name,
            EVENTS.c.data,
        ).order_by(EVENTS.c.sender_id, EVENTS.c.id)
        if senders is not None:
            statement = statement.where(EVENTS.c.sender_id.in_(list(senders)))
        try:
            with self.engine.connect() as connection:
                result = connection.execution_options(stream_results=True).execute(statement)
                for row in result:
                    yield Event(row.id, row.sender_id, row.type_name, row.timestamp, _decode(row))
        except sa.exc.SQLAlchemyError as error:
            raise TranscriptsError(self._explain(error)) from error

    def purge(self, before: float, *, dry_run: bool = False) -> list[str]:
        """Delete conversations whose last event is older than `before`; return their ids."""
        last_event = (
            sa.select(EVENTS.c.sender_id)
            .group_by(EVENTS.c.sender_id)
            .having(sa.func.max(EVENTS.c.timestamp) < before)
        )
        senders = sorted(row.sender_id for row in self._rows(last_event))
        if senders and not dry_run:
            for start in range(0, len(senders), 500):
                batch = senders[start : start + 500]
                self._write(EVENTS.delete().where(EVENTS.c.sender_id.in_(batch)))
            logger.info("purged %d conversations", len(senders))
        return senders

    def forget(self, sender_id: str) -> int:
        """Delete every event of one conversation and compact an SQLite file; return how many.

        VACUUM rewrites the file so the deleted rows do not linger in free pages; it needs a
        moment without writers, so a busy store keeps them until its next VACUUM (logged).
        """
        count = self._rows(sa.select(sa.func.count()).where(EVENTS.c.sender_id == sender_id))[0][0]
        self._write(EVENTS.delete().where(EVENTS.c.sender_id == sender_id))
        if sqlite_path(self.url) is not None:
            try:
                with self.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                    connection.exec_driver_sql("VACUUM")
            except sa.exc.OperationalError as error:
                logger.warning("could not compact %s: %s", describe(self.url), error)
        return int(count)

    def close(self) -> None:
        """Release pooled connections."""
        if self._engine is not None:
            self._engine.dispose()


def _decode(row: sa.Row) -> dict | None:
    if row.type_name in DATA_NOT_NEEDED:
        # The columns say all that is needed; skipping the JSON halves the reading time.
        return {"event": row.type_name, "name": row.action_name}
    try:
        data = json.loads(row.data or "{}")
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None
