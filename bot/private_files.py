"""Create and tighten files that hold personal data so only their owner can read them (0600)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
# SQLite keeps recent commits and its lock in these files beside the database.
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def create_private(path: Path, *, exclusive: bool = False) -> BinaryIO:
    """Open `path` for binary writing, created 0600 (never readable by others, not even briefly)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    return os.fdopen(os.open(path, flags, PRIVATE_FILE_MODE), "wb")


def make_private(path: Path) -> None:
    """Set an existing file (and an SQLite database's side files) to 0600."""
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SQLITE_SIDE_FILES)):
        try:
            if candidate.stat().st_mode & 0o077:
                candidate.chmod(PRIVATE_FILE_MODE)
        except FileNotFoundError:
            continue


def prepare_private_sqlite(path: Path) -> None:
    """Make sure an SQLite file exists as 0600 before SQLite opens it with the umask's mode."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        create_private(path).close()
    make_private(path)


def restrict_umask() -> int:
    """Make the files this process and its children create private; return the old umask.

    Rasa, SQLite and the log handlers create the tracker store, its WAL files and the logs with
    the process umask; 077 keeps them from other local users without patching each writer.
    """
    return os.umask(0o077)
