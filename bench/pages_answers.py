"""End-to-end answers on an unseen page: ask the action layer one question per key topic.

After a page is built, each topic of its answer key is asked the way the running bot answers
it (ActionAnswer, the same code path as the action server, without Rasa's NLU: the intent is
given). A fact topic passes when the reply quotes one of the key's quotes for that topic; a
topic the key records as not stated passes when the reply honestly says the page is silent.
"""

from __future__ import annotations

import asyncio
import re
from datetime import date
from functools import lru_cache

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import intents
from actions.answer import ActionAnswer
from knowledge.query import KnowledgeBase
from settings import PROJECT_ROOT

# A fixed day, so that "the window is open / closed" wording never decides a pass.
TODAY = date(2026, 1, 15)
INTENT_BY_TOPIC = {topic: intent for intent, topic in intents.TOPIC_BY_INTENT.items()}
# How a student asks about each topic; the programme is the one in the conversation.
QUESTIONS = {
    "deadlines": "When is the application deadline?",
    "fees": "How much are the tuition fees?",
    "prerequisites": "What are the entry requirements?",
    "careers": "What jobs can I get after it?",
    "documents": "Which documents do I need to send?",
    "admission": "How do I apply?",
    "tracks": "Which specialisations can I choose?",
    "curriculum": "What courses will I study?",
    "internships": "Is there an internship?",
    "location": "Where does the teaching take place?",
    "language": "What is the language of instruction?",
    "degree": "What degree do I get?",
    "capacity": "How many places are there?",
    "duration": "How long does it last?",
    "overview": "What is this programme about?",
    "contact": "Who can I contact?",
    "start_date": "When does it start?",
    "credits": "How many credits is it?",
    "study_mode": "Is it full-time, part-time or online?",
    "scholarships": "Are there scholarships?",
    "housing": "Is there student housing?",
    "international": "Is there support for international students?",
    "assessment": "How are students assessed?",
    "recognition": "Is it accredited?",
    "partners": "Which partners are involved?",
}


@lru_cache(maxsize=1)
def _domain() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def _tracker(question: str, topic: str, programme: str) -> Tracker:
    latest = {
        "text": question,
        "intent": {"name": INTENT_BY_TOPIC[topic], "confidence": 1.0},
        "entities": [],
    }
    return Tracker(
        sender_id="bench-pages",
        slots={intents.SLOT_PROGRAMME: programme, intents.SLOT_LANGUAGE: "en"},
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def ask(kb: KnowledgeBase, programme: str, topic: str) -> tuple[str, str | None]:
    """Return the bot's reply to the topic's question and the answer status it recorded."""
    dispatcher = CollectingDispatcher()
    action = ActionAnswer(kb=kb, today=lambda: TODAY)
    tracker = _tracker(QUESTIONS[topic], topic, programme)
    events = asyncio.run(action.run(dispatcher, tracker, _domain()))
    text = "\n".join(message.get("text") or "" for message in dispatcher.messages)
    status = next(
        (
            event["value"]
            for event in events
            if event.get("event") == "slot" and event.get("name") == intents.SLOT_ANSWER_STATUS
        ),
        None,
    )
    return text, status


def answer_checks(key: dict, programme: str, kb: KnowledgeBase, topic_of) -> dict:
    """Ask one question per key topic; return how many replies quote the key (or are honest)."""
    quotes: dict[str, list[str]] = {}
    for wanted in key.get("facts") or []:
        # the frame closes the quotation mark before the sentence's own full stop
        needle = _squash(wanted["quote_contains"]).rstrip(".;:!?")
        quotes.setdefault(topic_of(wanted["topic"]), []).append(needle)
    silent = [topic_of(topic) for topic in key.get("not_stated") or []]
    result = {"asked": 0, "passed": 0, "failures": []}
    for topic in [*quotes, *silent]:
        if topic not in INTENT_BY_TOPIC:
            continue
        reply, status = ask(kb, programme, topic)
        result["asked"] += 1
        if topic in quotes:
            ok = any(needle in _squash(reply) for needle in quotes[topic])
        else:
            ok = status == intents.STATUS_NOT_STATED
        if ok:
            result["passed"] += 1
        else:
            result["failures"].append(f"{topic}: {reply[:100]!r}")
    return result
