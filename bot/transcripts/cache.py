"""The tracker store an analyst reads and the SQLite cache of the tables derived from it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from bot.transcripts.source import TrackerSource, TranscriptsError, describe, sqlite_path
from bot.transcripts.tables import refresh
from settings import project_path, tracker_url, transcripts_cache


class TranscriptsCache:
    """Where the tracker store and the derived tables live; opens them refreshed."""

    def __init__(self, db: str | None = None, cache: str | Path | None = None) -> None:
        self.url = tracker_url(db)
        self.cache = project_path(cache) if cache else transcripts_cache(sqlite_path(self.url))

    def source(self) -> TrackerSource:
        """Return the tracker store's events."""
        return TrackerSource(self.url)

    def database(self) -> Database:
        """Refresh the derived tables from the tracker store and return them."""
        source = self.source()
        source.engine  # noqa: B018 - fail on a missing tracker store before creating a cache
        self.cache.parent.mkdir(parents=True, exist_ok=True)
        db = Database(self.cache)
        try:
            refresh(db, source)
        except sqlite3.DatabaseError:  # a damaged cache is only a cache: rebuild it
            db.close()
            self.cache.unlink()
            db = Database(self.cache)
            refresh(db, source)
        finally:
            source.close()
        if not db["conversations"].exists() or not db["conversations"].count:
            raise TranscriptsError(f"tracker store {describe(self.url)} has no conversations yet")
        return db

    def forget(self) -> None:
        """Make the next command rebuild the cache (deleted event ids may be reused)."""
        if self.cache.exists():
            with sqlite3.connect(self.cache) as connection:
                connection.execute("drop table if exists meta")
