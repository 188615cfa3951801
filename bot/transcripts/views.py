"""Read the derived tables for the list, show, search and export commands."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date

from sqlite_utils import Database

from bot.transcripts.masking import mask_text
from bot.transcripts.safety import fts_query, terminal_safe
from bot.transcripts.source import TranscriptsError

EXPORT_FIELDS = (
    "conversation_id", "turn", "time", "user_text", "intent", "confidence", "entities", "actions",
    "bot_text", "buttons", "programme", "topic", "fallback", "out_of_scope", "low_confidence",
    "unanswered", "handoff",
)  # fmt: skip


def _identity(text: str | None) -> str | None:
    return text


def list_conversations(db: Database, *, since: date | None = None) -> list[dict]:
    """Return one summary per conversation, oldest first, started on or after `since`."""
    where, params = "", []
    if since is not None:
        where, params = "where started_at >= ?", [since.isoformat()]
    query = (
        "select conversation_id, started_at, ended_at, messages, programmes, topics, "
        f"fallbacks, out_of_scope, handoffs from conversations {where} "
        "order by first_timestamp, conversation_id"
    )
    return [
        {
            "conversation_id": row["conversation_id"],
            "started_at": row["started_at"],
            "ended_at": row["ended_at"],
            "messages": row["messages"],
            "programmes": row["programmes"].split(",") if row["programmes"] else [],
            "topics": row["topics"].split(",") if row["topics"] else [],
            "fallback": bool(row["fallbacks"] or row["out_of_scope"]),
            "handoff": bool(row["handoffs"]),
        }
        for row in db.query(query, params)
    ]


def format_list(conversations: list[dict]) -> str:
    """Render conversation summaries as an aligned text table."""
    header = ("conversation", "started", "msgs", "programmes", "topics", "fallback", "handoff")
    rows = [
        (
            terminal_safe(c["conversation_id"]), c["started_at"], str(c["messages"]),
            terminal_safe(",".join(c["programmes"])) or "-",
            terminal_safe(",".join(c["topics"])) or "-",
            "yes" if c["fallback"] else "no", "yes" if c["handoff"] else "no",
        )
        for c in conversations
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    )


def stored_turns(db: Database, conversation_id: str) -> list[dict]:
    """Return a conversation's turns in order, or raise if it is unknown."""
    rows = list(
        db.query("select * from turns where conversation_id = ? order by turn", [conversation_id])
    )
    if not rows and not db["conversations"].count_where("conversation_id = ?", [conversation_id]):
        raise TranscriptsError(f"no conversation {conversation_id!r} in the tracker store")
    return rows


def format_transcript(conversation_id: str, turns: list[dict], *, masked: bool = True) -> str:
    """Render a conversation as a readable transcript."""
    masking = mask_text if masked else _identity

    def mask(text: str | None) -> str:
        # Every value is escaped one line at a time, so no value can forge a line of its own.
        return terminal_safe(masking(text))

    lines = [f"Conversation {terminal_safe(conversation_id)}"]
    for turn in turns:
        if turn["user_text"] is not None:
            lines.append(f"{turn['time']}  user: {mask(turn['user_text'])}")
            confidence = "" if turn["confidence"] is None else f" ({turn['confidence']:.2f})"
            lines.append(f"{'':21}intent: {terminal_safe(turn['intent'])}{confidence}")
            entities = json.loads(turn["entities"])
            if entities:
                shown = ", ".join(
                    f"{terminal_safe(e['entity'])}={mask(str(e['value']))}" for e in entities
                )
                lines.append(f"{'':21}entities: {shown}")
        actions = json.loads(turn["actions"])
        if actions:
            lines.append(f"{'':21}actions: {terminal_safe(', '.join(actions))}")
        if turn["bot_text"] is not None:
            for number, text in enumerate(turn["bot_text"].split("\n")):
                prefix = f"{turn['bot_time']}  bot: " if number == 0 else f"{'':21}     "
                lines.append(prefix + (mask(text) or ""))
        buttons = json.loads(turn["buttons"])
        if buttons:
            lines.append(f"{'':21}buttons: {terminal_safe(' | '.join(buttons))}")
    return "\n".join(lines)


def search_messages(db: Database, text: str, *, limit: int = 100) -> list[dict]:
    """Return user messages matching `text` (full-text, stemmed), best match first."""
    if not db["turns"].exists() or not text.strip():
        return []
    query = fts_query(text)
    if not query:
        return []
    columns = ["conversation_id", "turn", "time", "user_text", "intent"]
    return list(db["turns"].search(query, columns=columns, limit=limit))


def export_rows(
    db: Database,
    *,
    conversation_id: str | None = None,
    since: date | None = None,
    masked: bool = True,
) -> Iterator[dict]:
    """Yield one export row per turn, lists decoded and personal data masked unless told not to."""
    clauses, params = [], []
    if conversation_id is not None:
        stored_turns(db, conversation_id)  # raises for an unknown id
        clauses.append("conversation_id = ?")
        params.append(conversation_id)
    if since is not None:
        clauses.append("day >= ?")
        params.append(since.isoformat())
    where = f"where {' and '.join(clauses)}" if clauses else ""
    query = f"select * from turns {where} order by conversation_id, turn"
    yield from rows_from_turns(db.query(query, params), masked=masked)


def rows_from_turns(
    turns: Iterable[dict], *, since: date | None = None, masked: bool = True
) -> Iterator[dict]:
    """Yield one export row per turn row (from the cache, or derived unmasked)."""
    mask = mask_text if masked else _identity
    for row in turns:
        if since is not None and row["day"] < since.isoformat():
            continue
        record = {field: row[field] for field in EXPORT_FIELDS}
        record["user_text"] = mask(row["user_text"])
        record["bot_text"] = mask(row["bot_text"])
        record["entities"] = [
            {"entity": e["entity"], "value": mask(str(e["value"]))}
            for e in json.loads(row["entities"])
        ]
        record["actions"] = json.loads(row["actions"])
        record["buttons"] = json.loads(row["buttons"])
        for flag in ("fallback", "out_of_scope", "low_confidence", "unanswered", "handoff"):
            record[flag] = bool(row[flag])
        yield record


def flatten(record: dict) -> dict:
    """Flatten list fields of an export row for CSV ("entity=value; …")."""
    flat = dict(record)
    flat["entities"] = "; ".join(f"{e['entity']}={e['value']}" for e in record["entities"])
    flat["actions"] = "; ".join(record["actions"])
    flat["buttons"] = "; ".join(record["buttons"])
    return flat
