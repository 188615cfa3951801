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

from actions import context, intents
from actions.parts import cue_words, question_parts
from actions.phrasing import detect_language
from knowledge.passages import correct_typos
from knowledge.query import KnowledgeBase, Programme
from knowledge.resolve import GENERIC_WORDS, normalise
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
        self._programme_words: frozenset[str] | None = None
        self._alias_tokens: list[tuple[str, ...]] | None = None
        self._programmes: list[Programme] | None = None
        self._page_texts: dict[str, str] = {}

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
        known = {programme.id for programme in self.programmes()}
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
            known = self.programmes()
            if len(known) == 1:
                programmes = [known[0].id]
        return programmes

    def programmes(self) -> list[Programme]:
        """Return the knowledge base's programmes, read once per action (the KB is read-only)."""
        if self._programmes is None:
            self._programmes = self.kb.programmes()
        return self._programmes

    def programme(self, programme_id: str) -> Programme | None:
        """Return one programme by id, or None."""
        return next((item for item in self.programmes() if item.id == programme_id), None)

    def question_text(self, tracker: Tracker) -> str:
        """Return the student's latest words ("" for a button payload), typos mended
        against the pages' own words ("hosuing" → "housing") so the search finds them."""
        text = tracker.latest_message.get("text") or ""
        if text.startswith("/"):
            return ""
        return correct_typos(self.kb.db, text, names=self.programme_words() | cue_words())

    def programme_words(self) -> frozenset[str]:
        """Return the words of every programme's names: they say which page, not what to find."""
        if self._programme_words is None:
            self._programme_words = self._names_words()
        return self._programme_words

    def _names_words(self) -> frozenset[str]:
        words: set[str] = set()
        for programme in self.programmes():
            for name in (programme.id, programme.name, programme.short_name, *programme.aliases):
                words.update(context.fold(word) for word in name.replace("-", " ").split())
        # "physics" or "engineering" in a question may be the student's background: keep them.
        return frozenset(words - GENERIC_WORDS)

    def ignored_words(self, text: str) -> frozenset[str]:
        """Return the words not to search for: programme names, and the ones the text uses.

        "medical" or "physics" stay searchable as a student's background, except where the
        text uses them to name a programme ("the medical radiophysics M2").
        """
        if self._alias_tokens is None:
            self._alias_tokens = [
                tuple(normalise(name))
                for programme in self.programmes()
                for name in (programme.name, programme.short_name, *programme.aliases)
            ]
        words = normalise(text)
        joined = " " + " ".join(words) + " "
        used = {
            token
            for tokens in self._alias_tokens
            if tokens and f" {' '.join(tokens)} " in joined
            for token in tokens
        }
        return self.programme_words() | used

    def programmes_for_turn(self, tracker: Tracker, mentioned: list[str]) -> list[str]:
        """Return the programmes to answer for: named, all (compare…), moved to, else remembered."""
        text = self.question_text(tracker)
        order = [programme.id for programme in self.programmes()]
        if context.asks_all_programmes(text) and not self.named_in_questions(text):
            # "I did biomedical engineering… which programme fits me?": a programme's name in
            # the story told is the student's background, the question is about them all
            return order
        if mentioned:
            if len(mentioned) == 1 and context.asks_all_programmes(text):
                # "how does that compare with Leuven?": the programme discussed and the one named
                kept = [p for p in self.remembered_programmes(tracker) if p not in mentioned]
                return kept + mentioned
            return mentioned
        if context.asks_all_programmes(text):
            return order
        moved = context.moved_programme(text, order, self.remembered_programmes(tracker))
        if moved:
            return [moved]
        return self.programmes_in_play(tracker, mentioned)

    def named_in_questions(self, text: str) -> list[str]:
        """Return the programmes named in the questions of a message, not in its story."""
        return self.kb.resolve_programmes(" ".join(question_parts(text)))

    @staticmethod
    def latest_or_slot(tracker: Tracker, entity: str, slot: str) -> str | None:
        """Return what the latest message says of an entity, else what an earlier one did."""
        return next(tracker.get_latest_entity_values(entity), None) or tracker.get_slot(slot)

    @staticmethod
    def level_said(tracker: Tracker) -> str | None:
        """Return the level the student asks about, else the one remembered.

        A level inside a programme's name ("the radiophysics M2") names the programme, not
        the year the student asks about.
        """
        entities = tracker.latest_message.get("entities") or []
        names = [e for e in entities if e.get("entity") == intents.ENTITY_PROGRAMME]

        def in_a_name(level: dict) -> bool:
            start, end = level.get("start"), level.get("end")
            if start is None or end is None:
                return False
            return any(
                name.get("start") is not None
                and name["start"] <= start
                and end <= name.get("end", -1)
                for name in names
            )

        levels = [e for e in entities if e.get("entity") == intents.ENTITY_LEVEL]
        for entity in levels:
            if not in_a_name(entity):
                return entity.get("value")
        remembered = tracker.get_slot(intents.SLOT_LEVEL)
        # the slot was just filled from the name itself: nothing was said of the level
        if any(entity.get("value") == remembered for entity in levels):
            return None
        return remembered

    def programme_buttons(self) -> list[dict[str, str]]:
        """Return one quick-reply button per known programme."""
        return [
            {
                "title": programme.short_name,
                "payload": f'/{intents.INFORM_PROGRAMME}{{"programme":"{programme.id}"}}',
            }
            for programme in self.programmes()
        ]

    @staticmethod
    def slot_events(**slots: Any) -> list[dict[str, Any]]:
        """Return SlotSet events for the given slot values."""
        return [SlotSet(name, value) for name, value in slots.items()]
