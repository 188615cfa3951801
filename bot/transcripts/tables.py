"""Keep the derived `turns` and `conversations` tables (with full-text search) up to date."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from sqlite_utils import Database

from bot.transcripts.source import TrackerSource
from bot.transcripts.turns import TextMask, derive
from bot.transcripts.validation import SkipCounter

logger = logging.getLogger(__name__)

# More changed conversations than this and a full rebuild is simpler and faster.
INCREMENTAL_LIMIT = 500
BATCH_SIZE = 1000


def ensure_db_shape(db: Database) -> None:
    """Add indexes, full-text search on user text and a view of unanswered questions; idempotent."""
    if not db["turns"].exists():
        return
    db["turns"].create_index(["day"], if_not_exists=True)
    db["turns"].create_index(["intent"], if_not_exists=True)
    db["conversations"].create_index(["last_timestamp"], if_not_exists=True)
    if not db["turns"].detect_fts():
        db["turns"].enable_fts(["user_text"], create_triggers=True, tokenize="porter")
    db.create_view(
        "unanswered_questions",
        "select conversation_id, time, user_text, intent, confidence from turns "
        "where unanswered = 1 order by timestamp",
        replace=True,
    )


TURN_COLUMNS = {"timestamp": float, "confidence": float, "bot_time": str, "bot_text": str}
TURN_COLUMNS |= {name: str for name in ("user_text", "intent", "programme", "topic")}
CONVERSATION_COLUMNS = {"programmes": str, "topics": str}


def save_conversations(db: Database, derived: Iterable[tuple[dict, list[dict]]]) -> int:
    """Replace the rows of each derived conversation; return how many were saved."""
    conversations: list[dict] = []
    turns: list[dict] = []
    for conversation, rows in derived:
        conversations.append(conversation)
        turns.extend(rows)
    identifiers = [conversation["conversation_id"] for conversation in conversations]
    if db["turns"].exists():
        for start in range(0, len(identifiers), 500):
            batch = identifiers[start : start + 500]
            marks = ", ".join("?" * len(batch))
            db["turns"].delete_where(f"conversation_id in ({marks})", batch)
    db["conversations"].upsert_all(
        conversations,
        pk="conversation_id",
        alter=True,
        columns=CONVERSATION_COLUMNS,
        batch_size=BATCH_SIZE,
    )
    db["turns"].insert_all(
        turns,
        pk=("conversation_id", "turn"),
        alter=True,
        replace=True,
        columns=TURN_COLUMNS,
        batch_size=BATCH_SIZE,
    )
    return len(conversations)


def _get_meta(db: Database) -> dict:
    if not db["meta"].exists():
        return {}
    return {row["key"]: row["value"] for row in db["meta"].rows}


def _unchanged(text: str | None) -> str | None:
    return text


def refresh(
    db: Database,
    source: TrackerSource,
    *,
    pseudonym: Callable[[str], str] = str,
    mask_user: TextMask = _unchanged,
    mask_bot: TextMask = _unchanged,
) -> int:
    """Bring the derived tables up to date with the source; return conversations rebuilt.

    Conversations are named by `pseudonym(sender_id)`, user and bot texts pass through
    `mask_user` and `mask_bot` before they are stored. Malformed events are skipped; how many
    is kept in the `meta` table (`skipped_events`).
    """
    options = {"pseudonym": pseudonym, "mask_user": mask_user, "mask_bot": mask_bot}
    skipped = SkipCounter()
    meta = _get_meta(db)
    last_id = int(meta.get("last_event_id", 0)) if meta.get("source") == source.url else 0
    highest, kept = source.fingerprint(last_id)
    if last_id and highest == last_id and kept == int(meta.get("event_count", -1)):
        return 0
    senders = source.senders_after(last_id) if last_id else []
    incremental = bool(
        last_id and kept == int(meta.get("event_count", -1)) and len(senders) <= INCREMENTAL_LIMIT
    )
    with db.conn:
        if incremental:
            saved = save_conversations(
                db, derive(source.events(senders), skipped=skipped, **options)
            )
            skipped.count += int(meta.get("skipped_events", 0))
        else:
            for name in ("turns", "conversations"):
                if db[name].exists():
                    db[name].drop()
            for name in db.table_names():
                if name.startswith("turns_fts"):
                    db[name].drop(ignore=True)
            saved = save_conversations(db, derive(source.events(), skipped=skipped, **options))
        db["meta"].upsert_all(
            [
                {"key": "source", "value": source.url},
                {"key": "last_event_id", "value": str(highest)},
                {"key": "event_count", "value": str(source.fingerprint(highest)[1])},
                {"key": "skipped_events", "value": str(skipped.count)},
            ],
            pk="key",
        )
    ensure_db_shape(db)
    if skipped.examples:
        logger.warning("skipped %d malformed events (ids %s…)", skipped.count, skipped.examples)
    logger.info("rebuilt %d conversations (%s)", saved, "incremental" if incremental else "full")
    return saved
