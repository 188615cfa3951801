"""What every advisor action shares: its knowledge base, today's date, the student's context."""

import functools
import os
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

from actions import intents
from actions.phrasing import detect_language
from knowledge.query import KnowledgeBase
from settings import default_kb_path


@functools.lru_cache(maxsize=4)
def _shared_knowledge_base(path: Path) -> KnowledgeBase:
    return KnowledgeBase.open(path)


def default_knowledge_base() -> KnowledgeBase:
    """Open (once per process) the knowledge base the settings name ($ADVISOR_KB)."""
    return _shared_knowledge_base(default_kb_path())


def default_today() -> date:
    """Return today's date; ADVISOR_TODAY (ISO date) pins it for end-to-end tests."""
    pinned = os.environ.get("ADVISOR_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()


class AdvisorAction(Action, ABC):
    """An action that answers from the knowledge base. Tests pass their own `kb` and `today`."""

    def __init__(
        self, kb: KnowledgeBase | None = None, today: Callable[[], date] | None = None
    ) -> None:
        self._kb = kb
        self._today = today or default_today

    @abstractmethod
    def name(self) -> str:
        """Return the action's name as the domain lists it."""

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = default_knowledge_base()
        return self._kb

    def today(self) -> date:
        return self._today()

    def language(self, tracker: Tracker) -> str:
        """Return the language of the latest message; button payloads keep the current one."""
        text = tracker.latest_message.get("text") or ""
        current = tracker.get_slot(intents.SLOT_LANGUAGE) or "en"
        if text.startswith("/"):
            return current
        return detect_language(text, default=current)

    def mentioned_programmes(self, tracker: Tracker) -> list[str]:
        """Return the programme ids the latest message names, in order: entities, then text."""
        known = {programme.id for programme in self.kb.programmes()}
        found: list[str] = []
        for value in tracker.get_latest_entity_values(intents.ENTITY_PROGRAMME):
            for candidate in [value] if value in known else self.kb.resolve_programmes(value):
                if candidate not in found:
                    found.append(candidate)
        text = tracker.latest_message.get("text") or ""
        if not text.startswith("/"):
            for candidate in self.kb.resolve_programmes(text):
                if candidate not in found:
                    found.append(candidate)
        return found

    def remembered_programmes(self, tracker: Tracker) -> list[str]:
        """Return the programme ids kept from earlier turns."""
        value = tracker.get_slot(intents.SLOT_PROGRAMME)
        if not value:
            return []
        return [value] if isinstance(value, str) else list(value)

    def programmes_in_play(self, tracker: Tracker, mentioned: list[str] | None = None) -> list[str]:
        """Return the programmes of this turn: named now, else remembered, else the sole one."""
        if mentioned is None:
            mentioned = self.mentioned_programmes(tracker)
        programmes = mentioned or self.remembered_programmes(tracker)
        if not programmes:
            known = self.kb.programmes()
            if len(known) == 1:
                programmes = [known[0].id]
        return programmes

    def programme_buttons(self) -> list[dict[str, str]]:
        """Return one quick-reply button per known programme."""
        return [
            {
                "title": programme.short_name,
                "payload": f'/{intents.INFORM_PROGRAMME}{{"programme":"{programme.id}"}}',
            }
            for programme in self.kb.programmes()
        ]

    @staticmethod
    def slot_events(**slots: Any) -> list[dict[str, Any]]:
        """Return SlotSet events for the given slot values."""
        return [SlotSet(name, value) for name, value in slots.items()]
