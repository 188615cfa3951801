"""Generate synthetic tracker events shaped like Rasa 3.6's, for benchmarks and tests.

Benchmark: python -m loadtest synthetic-transcripts var/bench-tracker.db 10000
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime

import sqlalchemy as sa

from bot.transcripts.source import EVENTS, METADATA

PROGRAMMES = ("medical-radiophysics-m2", "leuven-medical-physics", "st4health")
TOPICS = ("deadlines", "fees", "prerequisites", "careers", "documents", "admission_process")
QUESTIONS = {
    "deadlines": ["When is the application deadline?", "what is the deadline to apply"],
    "fees": ["How much are the tuition fees?", "what does it cost"],
    "prerequisites": ["Which degree do I need?", "what are the prerequisites"],
    "careers": ["What jobs can I get after it?", "career prospects?"],
    "documents": ["Which documents must I send?", "what papers do I need"],
    "admission_process": ["How does admission work?", "how are students selected"],
}
UNANSWERED = {
    "nlu_fallback": ["is there a scholarship for refugees", "can I bring my dog to campus"],
    "out_of_scope": ["what is the weather in Paris", "tell me a joke"],
}
# The bot's own names (domain.yml; a test checks them): rules answer the fallback and
# out-of-scope intents with a response, the actions compose every other answer.
FALLBACK_RESPONSE = "utter_default"
OUT_OF_SCOPE_RESPONSE = "utter_out_of_scope"
ANSWER_ACTION = "action_answer"
CONTACT_ACTION = "action_contact"
PERSONAL = ["my email is jane.doe@example.com", "call me on +33 6 12 34 56 78"]
START = datetime(2026, 11, 1, tzinfo=UTC).timestamp()


def _event(kind: str, timestamp: float, **fields: object) -> dict:
    return {"event": kind, "timestamp": timestamp, **fields}


def _user(text: str, intent: str, confidence: float, timestamp: float, entities: list) -> dict:
    parse_data = {
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities,
        "text": text,
        "message_id": None,
        "metadata": {},
    }
    return _event(
        "user", timestamp, text=text, parse_data=parse_data, input_channel="rest", message_id=None,
        metadata={},
    )  # fmt: skip


def _bot(text: str, response: str | None, timestamp: float, buttons: list[str] = ()) -> dict:
    """Return a bot message: a domain response, or (None) text an action composed."""
    data = {"buttons": [{"title": title, "payload": f"/{title}"} for title in buttons] or None}
    metadata = {"utter_action": response} if response else {}
    return _event("bot", timestamp, metadata=metadata, text=text, data=data)


def _action(name: str, timestamp: float) -> dict:
    return _event("action", timestamp, name=name, policy=None, confidence=None)


def conversation_events(rng: random.Random, start: float) -> list[dict]:
    """Return the events of one random conversation starting at `start`."""
    clock = start
    events = [
        _action("action_session_start", clock),
        _event("session_started", clock),
        _action("action_listen", clock),
    ]
    programme = rng.choice(PROGRAMMES)
    for _ in range(rng.randint(1, 6)):
        clock += rng.uniform(5, 90)
        roll = rng.random()
        if roll < 0.1:
            intent = rng.choice(sorted(UNANSWERED))
            text = rng.choice(UNANSWERED[intent])
            response = FALLBACK_RESPONSE if intent == "nlu_fallback" else OUT_OF_SCOPE_RESPONSE
            events += [
                _user(text, intent, round(rng.uniform(0.3, 0.7), 3), clock, []),
                _action(response, clock + 0.1),
                _bot("Sorry, I can only help with programme questions.", response, clock + 0.1),
            ]
        elif roll < 0.15:
            events += [
                _user(rng.choice(PERSONAL) + ", can someone contact me?", "ask_contact", 0.9,
                      clock, []),
                _action(CONTACT_ACTION, clock + 0.1),
                _bot("You can write to the admissions office.", None, clock + 0.1),
            ]  # fmt: skip
        else:
            topic = rng.choice(TOPICS)
            entities = [{"entity": "programme", "value": programme}] if rng.random() < 0.5 else []
            status = "not_stated" if rng.random() < 0.1 else "answered"
            events += [
                _user(rng.choice(QUESTIONS[topic]), f"ask_{topic}",
                      round(rng.uniform(0.4, 1.0), 3), clock, entities),
                _action(ANSWER_ACTION, clock + 0.1),
                _event("slot", clock + 0.1, name="programme", value=programme),
                _event("slot", clock + 0.1, name="topic", value=topic),
                _event("slot", clock + 0.1, name="answer_status", value=status),
                _bot(f"Here is what the page says about {topic}.", None, clock + 0.1,
                     ["Fees", "Deadlines"]),
            ]  # fmt: skip
        events.append(_action("action_listen", clock + 0.2))
    return events


def generate(conversations: int, *, seed: int = 0, days: int = 28) -> Iterator[tuple[str, dict]]:
    """Yield (sender_id, event) for `conversations` random conversations over `days` days."""
    rng = random.Random(seed)
    for number in range(conversations):
        start = START + rng.uniform(0, days * 86400)
        for event in conversation_events(rng, start):
            yield f"synthetic-{number:06d}", event


def write_tracker_store(url: str, conversations: int, *, seed: int = 0) -> int:
    """Create an events table at an SQLAlchemy URL, fill it with synthetic events; return rows."""
    engine = sa.create_engine(url, future=True)
    METADATA.create_all(engine)
    rows = [
        {
            "sender_id": sender_id,
            "type_name": event["event"],
            "timestamp": event["timestamp"],
            "intent_name": event.get("parse_data", {}).get("intent", {}).get("name"),
            "action_name": event.get("name"),
            "data": json.dumps(event),
        }
        for sender_id, event in generate(conversations, seed=seed)
    ]
    with engine.begin() as connection:
        connection.execute(EVENTS.insert(), rows)
    engine.dispose()
    return len(rows)
