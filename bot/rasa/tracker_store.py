"""Rasa's SQL tracker store, with SQLite set up for a chat server's many small commits.

In SQLite's default rollback-journal mode every message's commit waits for several fsyncs.
Write-ahead logging with `synchronous=NORMAL` commits with one sequential write: a committed
message survives the process being killed (kill -9), only an operating-system crash or power
loss can take the last commits with it. Other databases are left exactly as Rasa sets them up.
"""

from pathlib import Path
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import event

from bot.private_files import make_private

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=5000",
)


def _apply_sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


class AdvisorSQLTrackerStore(SQLTrackerStore):
    """An SQLTrackerStore whose SQLite connections use write-ahead logging."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            # Conversations are personal data: owner-only, before the WAL file (which SQLite
            # creates with the database's mode) exists.
            if self.engine.url.database:
                make_private(Path(self.engine.url.database))
            event.listen(self.engine, "connect", _apply_sqlite_pragmas)
            # Connections made before the listener existed (table creation) are not reused,
            # but switch the file to WAL now so every reader sees one mode from the start.
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
