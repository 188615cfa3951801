"""Bounds on what a chat client may send: sender ids, metadata and typed intent payloads.

Pure functions over plain values and Rasa trackers, so that the REST and socket.io channels
(bot/rasa/channels.py, bot/rasa/socketio_channel.py, bot/rasa/message_guard.py) apply the very
same rules and tests need no server.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from settings import default_kb_path

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 256
# Printable ASCII without spaces or quotes: what uuid4().hex, the chat page's ids and the
# REST clients we know send. Anything else (NUL, newlines, bidi controls, terminal escapes,
# 300 000 characters) is refused before it reaches the tracker store or an analyst's screen.
SENDER_PATTERN = re.compile(r"[A-Za-z0-9_.:@+=-]{1,256}")
# Metadata a front end may attach to a message; everything else is dropped, not stored.
ALLOWED_METADATA_KEYS = frozenset({"language", "page", "source"})
MAX_METADATA_BYTES = 2048
MAX_METADATA_VALUE_CHARS = 256
# A message starting with "/" is an intent payload to Rasa ("/ask_fees{...}", "/greet@0.9").
PAYLOAD_PREFIX = "/"
ENTITY_PROGRAMME = "programme"


class MetadataError(ValueError):
    """Metadata too large or too deep to accept."""


def valid_sender_id(value: object) -> bool:
    """Say whether a REST sender or socket.io session id is acceptable."""
    return isinstance(value, str) and SENDER_PATTERN.fullmatch(value) is not None


def bounded_metadata(value: object) -> dict[str, Any]:
    """Return the allowed, flat part of a message's metadata; raise MetadataError if too big.

    Only ALLOWED_METADATA_KEYS with string, number or boolean values are kept: a nested object
    or an unknown key is dropped, so nothing a client invents is stored with every event.
    """
    if value is None:
        return {}
    if isinstance(value, str | bytes) and len(value) > MAX_METADATA_BYTES:
        raise MetadataError(f"metadata must be at most {MAX_METADATA_BYTES} bytes")
    if isinstance(value, str):  # Rasa's socket.io channel accepts JSON text as metadata
        try:
            value = json.loads(value)
        except json.JSONDecodeError as error:
            raise MetadataError("metadata must be a JSON object") from error
    if not isinstance(value, dict):
        raise MetadataError("metadata must be an object")
    try:
        size = len(json.dumps(value, ensure_ascii=False).encode("utf-8"))
    except (TypeError, ValueError, RecursionError) as error:
        raise MetadataError("metadata must be plain JSON") from error
    if size > MAX_METADATA_BYTES:
        raise MetadataError(f"metadata must be at most {MAX_METADATA_BYTES} bytes")
    kept: dict[str, Any] = {}
    for key, item in value.items():
        if key not in ALLOWED_METADATA_KEYS:
            continue
        if isinstance(item, bool | int | float) or (
            isinstance(item, str) and len(item) <= MAX_METADATA_VALUE_CHARS
        ):
            kept[key] = item
    return kept


def is_typed_payload(text: str) -> bool:
    """Say whether Rasa would read this text as an intent payload rather than words."""
    return text.strip().startswith(PAYLOAD_PREFIX)


def offered_payloads(events: Iterable[Any]) -> set[str]:
    """Return the button payloads of the bot's messages since the student last spoke."""
    from rasa.shared.core.events import BotUttered, UserUttered

    payloads: set[str] = set()
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            for button in (event.data or {}).get("buttons") or []:
                if isinstance(button, dict) and isinstance(button.get("payload"), str):
                    payloads.add(button["payload"])
    return payloads


def payload_entities(payload: str) -> dict[str, Any]:
    """Return the entities of an intent payload `/intent{...}` ({} when it has none)."""
    start = payload.find("{")
    if start < 0:
        return {}
    try:
        entities = json.loads(payload[start:])
    except json.JSONDecodeError:
        return {"": None}  # unreadable: no known value can match it
    return entities if isinstance(entities, dict) else {"": None}


def payload_allowed(
    text: str, events: Iterable[Any], *, known_programmes: frozenset[str] | None
) -> bool:
    """Say whether a typed payload is exactly one the bot offered, with known entity values."""
    if text.strip() not in offered_payloads(events):
        return False
    for entity, value in payload_entities(text.strip()).items():
        if entity != ENTITY_PROGRAMME:
            return False  # the bot's buttons only ever carry a programme
        if known_programmes is not None and value not in known_programmes:
            return False
    return True


@cache
def _programmes_in(path: str, modified: float) -> frozenset[str]:
    from knowledge.query import KnowledgeBase

    return frozenset(programme.id for programme in KnowledgeBase.open(path).programmes())


def known_programmes() -> frozenset[str] | None:
    """Return the programme ids of the knowledge base (None if it cannot be read)."""
    path = default_kb_path()
    try:
        return _programmes_in(str(path.resolve()), path.stat().st_mtime)
    except (OSError, ValueError) as error:
        logger.warning("cannot read programmes from %s: %s", path, error)
        return None
