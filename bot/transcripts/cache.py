"""The tracker store an analyst reads and the SQLite cache of the tables derived from it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from bot.private_files import make_private, prepare_private_sqlite
from bot.transcripts.masking import mask_text
from bot.transcripts.pii import mask_personal_data
from bot.transcripts.pseudonyms import Pseudonymiser, key_path, load_key
from bot.transcripts.source import TrackerSource, TranscriptsError, describe, sqlite_path
from bot.transcripts.tables import refresh
from bot.transcripts.turns import derive
from settings import project_path, tracker_url, transcripts_cache


class TranscriptsCache:
    """Where the tracker store and the derived tables live; opens them refreshed."""

    def __init__(self, db: str | None = None, cache: str | Path | None = None) -> None:
        self.url = tracker_url(db)
        self.cache = project_path(cache) if cache else transcripts_cache(sqlite_path(self.url))
        # Malformed events the last refresh left out (the CLI tells the analyst).
        self.skipped_events = 0

    def source(self) -> TrackerSource:
        """Return the tracker store's events."""
        return TrackerSource(self.url)

    def pseudonymiser(self) -> Pseudonymiser:
        """Return the pseudonymiser keyed by the key file beside the cache."""
        return Pseudonymiser(load_key(key_path(self.cache)))

    def sender_ids(self) -> list[str]:
        """Return every clear sender id of the tracker store."""
        source = self.source()
        try:
            return source.senders_after(0)
        finally:
            source.close()

    def clear_id(self, conversation: str) -> str:
        """Return the sender id behind a pseudonym (or a clear id given as such)."""
        senders = self.sender_ids()
        if conversation in senders:
            return conversation
        sender = self.pseudonymiser().reverse(conversation, senders)
        if sender is None:
            raise TranscriptsError(f"no conversation {conversation!r} in the tracker store")
        return sender

    def cached_id(self, conversation: str, db: Database) -> str:
        """Return the cache's name (pseudonym) for a pseudonym or a clear sender id."""
        for candidate in (conversation, self.pseudonymiser()(conversation)):
            if db["conversations"].count_where("conversation_id = ?", [candidate]):
                return candidate
        raise TranscriptsError(f"no conversation {conversation!r} in the tracker store")

    def unmasked_turns(self, senders: list[str] | None = None) -> list[dict]:
        """Derive turns straight from the tracker store, clear ids and text (never cached)."""
        source = self.source()
        try:
            return [row for _, rows in derive(source.events(senders)) for row in rows]
        finally:
            source.close()

    def database(self) -> Database:
        """Refresh the derived tables from the tracker store and return them."""
        source = self.source()
        source.engine  # noqa: B018 - fail on a missing tracker store before creating a cache
        # Masked and pseudonymised before it is stored: the cache never holds clear text.
        options = {
            "pseudonym": self.pseudonymiser(),
            "mask_user": mask_personal_data,
            "mask_bot": mask_text,
        }
        prepare_private_sqlite(self.cache)
        db = Database(self.cache)
        try:
            refresh(db, source, **options)
        except sqlite3.DatabaseError:  # a damaged cache is only a cache: rebuild it
            db.close()
            self.cache.unlink()
            prepare_private_sqlite(self.cache)
            db = Database(self.cache)
            refresh(db, source, **options)
        finally:
            source.close()
        make_private(self.cache)
        meta = dict(db.execute("select key, value from meta").fetchall())
        self.skipped_events = int(meta.get("skipped_events", 0))
        if not db["conversations"].exists() or not db["conversations"].count:
            raise TranscriptsError(f"tracker store {describe(self.url)} has no conversations yet")
        return db

    def forget(self) -> None:
        """Make the next command rebuild the cache (deleted event ids may be reused)."""
        if self.cache.exists():
            with sqlite3.connect(self.cache) as connection:
                connection.execute("drop table if exists meta")
