"""Tell well-formed tracker events from rows that would break the transcripts (skip, count).

The events table is only as trustworthy as everything that ever wrote to it: a restored
backup, a migration or a hand edit can leave `parse_data` a string, a confidence as text or a
timestamp in the year 3 billion. One such row must cost its event, not every command.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bot.transcripts.source import Event

# 1970 to 2999: anything else cannot be formatted as a date (or was never a real time).
LATEST_TIMESTAMP = 32_503_680_000.0


@dataclass
class SkipCounter:
    """How many events were left out of the transcripts, and the first few ids for the log."""

    count: int = 0
    examples: list[int] = field(default_factory=list)

    def add(self, event: Event) -> None:
        """Count one skipped event."""
        self.count += 1
        if len(self.examples) < 5:
            self.examples.append(event.id)


def _optional(value: object, kind: type | tuple[type, ...]) -> bool:
    return value is None or isinstance(value, kind)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _user_ok(data: dict) -> bool:
    parse_data = data.get("parse_data")
    if not _optional(data.get("text"), str) or not _optional(parse_data, dict):
        return False
    parse_data = parse_data or {}
    intent = parse_data.get("intent")
    if not _optional(intent, dict):
        return False
    intent = intent or {}
    confidence = intent.get("confidence")
    if not _optional(intent.get("name"), str) or not (confidence is None or _number(confidence)):
        return False
    entities = parse_data.get("entities")
    return _optional(entities, list) and all(isinstance(item, dict) for item in entities or [])


def _bot_ok(data: dict) -> bool:
    extra = data.get("data")
    if not _optional(data.get("text"), str) or not _optional(data.get("metadata"), dict):
        return False
    if not _optional(extra, dict):
        return False
    buttons = (extra or {}).get("buttons")
    return _optional(buttons, list) and all(isinstance(item, dict) for item in buttons or [])


def _slot_ok(data: dict) -> bool:
    return _optional(data.get("name"), str)


CHECKS = {"user": _user_ok, "bot": _bot_ok, "slot": _slot_ok}


def is_well_formed(event: Event) -> bool:
    """Say whether the transcripts can use this event as it is."""
    if not _number(event.timestamp) or not 0 <= event.timestamp <= LATEST_TIMESTAMP:
        return False
    if not isinstance(event.data, dict) or not isinstance(event.sender_id, str):
        return False
    kind = event.data.get("event", event.type_name)
    check = CHECKS.get(kind)
    return check is None or check(event.data)
