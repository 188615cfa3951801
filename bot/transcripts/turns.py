"""Turn tracker events into rows: one per turn and one per conversation."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from itertools import groupby

from bot.transcripts.source import Event
from bot.transcripts.validation import SkipCounter, is_well_formed

logger = logging.getLogger(__name__)

# A user message whose top intent scores below this is "low confidence" in every report.
LOW_CONFIDENCE_THRESHOLD = 0.6
FALLBACK_INTENTS = frozenset({"nlu_fallback"})
OUT_OF_SCOPE_INTENTS = frozenset({"out_of_scope"})
HANDOFF_INTENTS = frozenset({"ask_contact"})
# `action_default_fallback` is Rasa's own; the others are the domain's (a test checks them).
FALLBACK_ACTIONS = frozenset({"action_default_fallback", "utter_default", "utter_out_of_scope"})
OUT_OF_SCOPE_ACTIONS = frozenset({"utter_out_of_scope"})
# Responses that tell the user the answer is not known; the actions say "not stated" through
# the answer_status slot instead (their answers are composed text, not a response).
UNANSWERED_RESPONSES = frozenset({"utter_default", "utter_out_of_scope"})
IGNORED_ACTIONS = frozenset({"action_listen", "action_session_start"})
TOPIC_INTENT_PREFIX = "ask_"
PROGRAMME_SLOT = "programme"
TOPIC_SLOT = "topic"
# The advisor's actions set this to "not_stated" when the page is silent on what was asked.
ANSWER_STATUS_SLOT = "answer_status"
NOT_STATED = "not_stated"


TextMask = Callable[[str | None], str | None]


def _unchanged(text: str | None) -> str | None:
    return text


def format_time(timestamp: float) -> str:
    """Format an epoch timestamp as 'YYYY-MM-DD HH:MM:SS' in UTC."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S")


def _programmes(value: object) -> list[str]:
    if value is None or value == "":
        return []
    values = value if isinstance(value, list | tuple) else [value]
    return sorted({str(item) for item in values if item not in (None, "")})


class _Turn:
    """One user message and everything the bot did until the next one."""

    def __init__(self, event: Event, programme: list[str]) -> None:
        self.timestamp = event.timestamp
        self.user_text: str | None = None
        self.intent: str | None = None
        self.confidence: float | None = None
        self.entities: list[dict] = []
        self.actions: list[str] = []
        self.responses: list[str] = []
        self.bot_texts: list[str] = []
        self.bot_timestamp: float | None = None
        self.buttons: list[str] = []
        self.programme = programme
        self.topic: str | None = None
        self.not_stated = False
        self.last_event_id = event.id

    def read_user(self, data: dict, mask_user: TextMask) -> None:
        """Take the student's (masked) text, top intent and entities from a user event."""
        parse_data = data.get("parse_data") or {}
        intent = parse_data.get("intent") or {}
        self.user_text = mask_user(data.get("text") or "")
        self.intent = intent.get("name")
        self.confidence = intent.get("confidence")
        self.entities = [
            {"entity": entity.get("entity"), "value": _masked_value(entity, mask_user)}
            for entity in parse_data.get("entities") or []
        ]

    def read_bot(self, event: Event, mask_bot: TextMask) -> None:
        """Add a bot message: its (masked) text, the response it came from and its buttons."""
        data = event.data
        self.bot_texts.append(mask_bot(data.get("text") or "") or "")
        self.bot_timestamp = self.bot_timestamp or event.timestamp
        response = (data.get("metadata") or {}).get("utter_action")
        if response:
            self.responses.append(response)
        buttons = (data.get("data") or {}).get("buttons") or []
        self.buttons.extend(str(button.get("title", "")) for button in buttons)

    def read_action(self, name: str | None) -> None:
        """Add an action the bot ran, leaving out listening and session starts."""
        if name and name not in IGNORED_ACTIONS:
            self.actions.append(name)

    def read_slot(self, name: str | None, value: object) -> None:
        """Note the topic and the "not stated" status the actions set during this turn."""
        if name == TOPIC_SLOT and value:
            self.topic = str(value)
        elif name == ANSWER_STATUS_SLOT:
            self.not_stated = value == NOT_STATED

    def as_row(self, conversation_id: str, number: int) -> dict:
        done = set(self.actions) | set(self.responses)
        is_user = self.user_text is not None
        topic = self.topic
        if topic is None and self.intent and self.intent.startswith(TOPIC_INTENT_PREFIX):
            topic = self.intent.removeprefix(TOPIC_INTENT_PREFIX)
        fallback = self.intent in FALLBACK_INTENTS or bool(done & FALLBACK_ACTIONS)
        out_of_scope = self.intent in OUT_OF_SCOPE_INTENTS or bool(done & OUT_OF_SCOPE_ACTIONS)
        unanswered = is_user and (
            fallback
            or out_of_scope
            or self.not_stated
            or bool(set(self.responses) & UNANSWERED_RESPONSES)
        )
        low_confidence = self.confidence is not None and self.confidence < LOW_CONFIDENCE_THRESHOLD
        return {
            "conversation_id": conversation_id,
            "turn": number,
            "timestamp": self.timestamp,
            "time": format_time(self.timestamp),
            "day": format_time(self.timestamp)[:10],
            "user_text": self.user_text,
            "intent": self.intent,
            "confidence": self.confidence,
            "entities": json.dumps(self.entities),
            "actions": json.dumps(self.actions),
            "responses": json.dumps(self.responses),
            "bot_time": format_time(self.bot_timestamp) if self.bot_timestamp else None,
            "bot_text": "\n".join(self.bot_texts) if self.bot_texts else None,
            "buttons": json.dumps(self.buttons),
            "user_messages": int(is_user),
            "bot_messages": len(self.bot_texts),
            "programme": ",".join(self.programme) or None,
            "topic": topic,
            "fallback": int(fallback),
            "out_of_scope": int(out_of_scope),
            "low_confidence": int(low_confidence),
            "unanswered": int(unanswered),
            "not_stated": int(self.not_stated),
            "handoff": int(self.intent in HANDOFF_INTENTS),
            "last_event_id": self.last_event_id,
        }


def conversation_turns(
    conversation_id: str,
    events: Iterable[Event],
    *,
    mask_user: TextMask = _unchanged,
    mask_bot: TextMask = _unchanged,
) -> list[dict]:
    """Return one row per turn of a conversation, from its events in id order.

    `mask_user` is applied to what the student typed (text and entity values), `mask_bot` to
    the bot's replies, which quote the pages and so need a lighter hand.
    """
    rows: list[dict] = []
    turn: _Turn | None = None
    programme: list[str] = []

    def close() -> None:
        nonlocal turn
        if turn is not None:
            rows.append(turn.as_row(conversation_id, len(rows) + 1))
        turn = None

    for event in events:
        data = event.data
        kind = data.get("event", event.type_name)
        if kind == "user":
            close()
            turn = _Turn(event, programme)
            turn.read_user(data, mask_user)
        elif kind == "bot":
            turn = turn or _Turn(event, programme)
            turn.read_bot(event, mask_bot)
        elif kind == "action" and turn is not None:
            turn.read_action(data.get("name"))
        elif kind == "slot" and data.get("name") == PROGRAMME_SLOT:
            programme = _programmes(data.get("value"))
            if turn is not None:
                turn.programme = programme
        elif kind == "slot" and turn is not None:
            turn.read_slot(data.get("name"), data.get("value"))
        elif kind in ("session_started", "restart"):
            close()
            if kind == "restart":
                programme = []
        if turn is not None:
            turn.last_event_id = event.id
    close()
    return rows


def _masked_value(entity: dict, mask_user: TextMask) -> object:
    value = entity.get("value")
    return mask_user(value) if isinstance(value, str) else value


def conversation_row(conversation_id: str, turns: list[dict], first: Event, last: Event) -> dict:
    """Summarise a conversation's turns into one row."""
    programmes = sorted(
        {p for row in turns if row["programme"] for p in row["programme"].split(",")}
    )
    topics = sorted({row["topic"] for row in turns if row["topic"]})
    user_messages = sum(row["user_messages"] for row in turns)
    bot_messages = sum(row["bot_messages"] for row in turns)
    return {
        "conversation_id": conversation_id,
        "started_at": format_time(first.timestamp),
        "ended_at": format_time(last.timestamp),
        "first_timestamp": first.timestamp,
        "last_timestamp": last.timestamp,
        "messages": user_messages + bot_messages,
        "user_messages": user_messages,
        "bot_messages": bot_messages,
        "turns": len(turns),
        "programmes": ",".join(programmes) or None,
        "topics": ",".join(topics) or None,
        "fallbacks": sum(row["fallback"] for row in turns),
        "out_of_scope": sum(row["out_of_scope"] for row in turns),
        "low_confidence": sum(row["low_confidence"] for row in turns),
        "unanswered": sum(row["unanswered"] for row in turns),
        "handoffs": sum(row["handoff"] for row in turns),
        "last_event_id": last.id,
    }


def derive(
    events: Iterable[Event],
    *,
    pseudonym: Callable[[str], str] = str,
    mask_user: TextMask = _unchanged,
    mask_bot: TextMask = _unchanged,
    skipped: SkipCounter | None = None,
) -> Iterator[tuple[dict, list[dict]]]:
    """Yield (conversation row, turn rows) for events grouped by conversation.

    Malformed events are left out and counted in `skipped`; conversations are named by
    `pseudonym(sender_id)`.
    """
    skipped = skipped if skipped is not None else SkipCounter()
    for sender_id, group in groupby(events, key=lambda event: event.sender_id):
        conversation_events = []
        for event in group:
            if is_well_formed(event):
                conversation_events.append(event)
            else:
                skipped.add(event)
        if not conversation_events:
            continue
        conversation_id = pseudonym(sender_id)
        turns = conversation_turns(
            conversation_id, conversation_events, mask_user=mask_user, mask_bot=mask_bot
        )
        yield (
            conversation_row(
                conversation_id, turns, conversation_events[0], conversation_events[-1]
            ),
            turns,
        )
