"""Erase one conversation everywhere the transcripts keep it (the right to erasure)."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from bot.transcripts.source import TrackerSource

logger = logging.getLogger(__name__)

# Files the transcripts commands write (reports, exports, candidate NLU data).
REPORT_SUFFIXES = frozenset({".html", ".json", ".jsonl", ".csv", ".txt", ".yml", ".yaml"})


@dataclass
class Erased:
    """What forgetting one conversation removed."""

    events: int = 0
    cached_turns: int = 0
    files: list[Path] = field(default_factory=list)


def _forget_in_cache(cache: Path, pseudonym: str) -> int:
    if not cache.exists():
        return 0
    with sqlite3.connect(cache) as connection:
        tables = {row[0] for row in connection.execute("select name from sqlite_master")}
        if "turns" not in tables:
            return 0
        turns = connection.execute(
            "delete from turns where conversation_id = ?", [pseudonym]
        ).rowcount
        connection.execute("delete from conversations where conversation_id = ?", [pseudonym])
        # Event ids were deleted: make the next command rebuild the cache from the store.
        connection.execute("drop table if exists meta")
    with sqlite3.connect(cache) as connection:
        connection.execute("VACUUM")
    return turns


def _reports_mentioning(folder: Path, needles: list[str]) -> list[Path]:
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in REPORT_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            if any(needle in text for needle in needles):
                found.append(path)
    return found


def forget_conversation(
    source: TrackerSource, cache: Path, reports: Path, *, sender: str, pseudonym: str
) -> Erased:
    """Delete a conversation from the tracker store, the cache and the reports that show it."""
    erased = Erased()
    try:
        erased.events = source.forget(sender)
    finally:
        source.close()
    erased.cached_turns = _forget_in_cache(cache, pseudonym)
    for path in _reports_mentioning(reports, [pseudonym, sender]):
        path.unlink()
        erased.files.append(path)
    logger.info("forgot a conversation: %d events, %d files", erased.events, len(erased.files))
    return erased
