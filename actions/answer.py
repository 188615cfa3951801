"""Answer a question for the programmes in play: topic facts first, else any page sentence."""

import sqlite3
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import context, intents
from actions.background import Background
from actions.base import AdvisorAction
from actions.compose import relevant_facts
from actions.parts import asked_topics, asks_another_topic, plain_words, topic_in_words
from actions.phrasing import buttons_of, phrase
from actions.ranking import STRONG_SCORE
from actions.replies import Reply
from actions.reply import compose_reply
from knowledge import topics
from knowledge.passages import Query, parse_query, search_passages

# How many passages one search returns per programme: enough for three quotes and "more".
PASSAGES_PER_PROGRAMME = 6
# Below this confidence a topic intent yields to the topic the question's own words name.
UNSURE_INTENT = 0.7
_TOPICS = frozenset(intents.TOPIC_BY_INTENT.values())


def named_topic(query: Query) -> str | None:
    """Return the topic a question names outright ("fees", or "frais" through the lexicon)."""
    for concept in query.concepts:
        for form in concept:
            for topic in (form, f"{form}s"):
                if topic in _TOPICS:
                    return topic
    return None


def said_before(turn: "Turn", facts: list) -> list[str]:
    """Return what the student said of themselves that may say which of the facts fit.

    A level counts only when the page files facts by level ("M2" for the ST4Health
    documents); on a page that does not ("what documents do they want?" about the
    radiophysics M2) it would only make the topic's own facts look less relevant.
    """
    profile, level = turn.said_before
    subtopics = " ".join((fact.subtopic or "").lower() for fact in facts)
    keep = level and (not facts or level.lower() in subtopics)
    return [profile, level if keep else ""]


@dataclass(frozen=True)
class Turn:
    """The student's latest message, and what they said of themselves (now or earlier)."""

    text: str
    level: str | None
    profile: str | None
    several: bool = False  # the message asks several questions, each answered apart

    @property
    def said_before(self) -> list[str]:
        return [(self.profile or "").replace("_", " "), self.level or ""]


class ActionAnswer(AdvisorAction):
    """Answer the topic of the latest question; a bare programme name re-asks the last topic."""

    def name(self) -> str:
        return "action_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = self.language(tracker)
        topic = self._topic(tracker)
        text = self.question_text(tracker)
        other = next(tracker.get_latest_entity_values(intents.ENTITY_OTHER_INSTITUTION), None)
        mentioned = self.mentioned_programmes(tracker)
        if other and not mentioned and not context.speaks_of_self(text):
            # Asked about someone else's university: a remembered programme must not answer it.
            dispatcher.utter_message(
                text=phrase(domain, "utter_other_institution", language, institution=other),
                buttons=buttons_of(domain, "utter_other_institution", language),
            )
            return self.slot_events(language=language, answer_status=intents.STATUS_OUT_OF_SCOPE)
        programmes = self.programmes_for_turn(tracker, mentioned) or self.programme_of_passage(text)
        if not programmes:
            dispatcher.utter_message(
                text=phrase(domain, "utter_ask_which_programme", language),
                buttons=self.programme_buttons(),
            )
            return self.slot_events(
                topic=topic, language=language, answer_status=intents.STATUS_ASKED_PROGRAMME
            )
        return self.answer(dispatcher, tracker, domain, programmes, topic, language)

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
        programmes: list[str],
        topic: str | None,
        language: str,
    ) -> list[dict[str, Any]]:
        """Utter the reply for each programme side by side and remember the turn's context.

        A message asking several things ("is it for me, and how much would I pay?") gets
        each question answered from its own topic, one after the other.
        """
        text = self.question_text(tracker)
        level = self.level_said(tracker)
        profile = self.latest_or_slot(
            tracker, intents.ENTITY_APPLICANT_PROFILE, intents.SLOT_APPLICANT_PROFILE
        )
        asked = asked_topics(text) or [(text, topic)]
        turn = Turn(text, level, profile, several=len(asked) > 1)
        seen: set[str] = set()
        replies: list[Reply] = []
        for question, asked_topic in asked:
            side_by_side = self.replies_for(
                domain, language, programmes, question, asked_topic, turn, seen
            )
            # the pages that state it first: "which suits me?" reads the answer first
            replies += sorted(side_by_side, key=lambda reply: not reply.stated)
        more = [line for reply in replies for line in reply.more]
        buttons = (
            [{"title": phrase(domain, "utter_more_title", language), "payload": "/ask_more"}]
            if more
            else []
        )
        dispatcher.utter_message(text="\n\n".join(reply.text for reply in replies), buttons=buttons)
        stated = all(reply.stated for reply in replies)
        last_topic = asked[-1][1]
        remembered = {intents.SLOT_TOPIC: last_topic} if last_topic else {}
        return self.slot_events(
            **remembered,
            programme=programmes[0] if len(programmes) == 1 else programmes,
            language=language,
            level=level,
            applicant_profile=profile,
            more=more or None,
            answer_status=intents.STATUS_ANSWERED if stated else intents.STATUS_NOT_STATED,
        )

    def replies_for(
        self,
        domain: dict[str, Any],
        language: str,
        programmes: list[str],
        question: str,
        topic: str | None,
        turn: "Turn",
        seen: set[str],
    ) -> list[Reply]:
        """Return each programme's reply to one question of the turn."""
        question = plain_words(question)
        compact = len(programmes) > 1 or turn.several
        ignore = self.ignored_words(turn.text)
        limit = PASSAGES_PER_PROGRAMME * len(programmes)
        passages = search_passages(
            self.kb.db, question, programmes=programmes, ignore=ignore, limit=limit
        )
        closing = ()
        background = None
        if topic == topics.PREREQUISITES and context.speaks_of_self(turn.text):
            # "I hold a master in…": match what they said of themselves against the page
            background, about_them = self.background_of(turn.text, programmes, ignore, limit)
            passages += about_them
            if not compact:
                closing = (phrase(domain, "utter_who_decides", language),)
        replies = []
        for programme_id in programmes:
            programme = self.programme(programme_id)
            if programme is None:
                continue
            facts = self.kb.facts(programme_id, topic) if topic else []
            reply = compose_reply(
                domain,
                language,
                programme,
                topic=topic,
                # what the student said of themselves earlier still says which sentences fit
                question=" ".join(filter(None, [question, *said_before(turn, facts)])),
                # a background told: their degree, not the level named, says which fit
                facts=facts if background else relevant_facts(facts, turn.level, turn.profile),
                passages=[p for p in passages if p.programme == programme_id],
                related=self.related_facts(programme_id, topic, facts),
                # "can you compare…?" asks for the answers, not for a yes
                yes_no=context.is_yes_no(question) and not context.asks_all_programmes(question),
                page_text=self.page_text(programme_id),
                contact_facts=self.kb.facts(programme_id, topics.CONTACT),
                today=self.today(),
                compact=compact,
                long_answer=context.asks_long_answer(turn.text),
                seen=seen,
                # "5 years in an ICU" says how long, not which year of the programme
                ignore=ignore | context.not_background() if background else ignore,
                profile=turn.profile,
                closing=closing,
                background=background,
            )
            replies.append(reply)
        return replies

    def background_of(
        self, text: str, programmes: list[str], ignore: frozenset[str], limit: int
    ) -> tuple[Background, list]:
        """Return what a student says of themselves, and the page sentences about it."""
        said = context.background(text)
        background = Background.of(said, context.own_degrees(said), context.degree_levels(), ignore)
        found = search_passages(self.kb.db, said, programmes=programmes, ignore=ignore, limit=limit)
        return background, found

    def related_facts(self, programme_id: str, topic: str | None, facts: list) -> list:
        """Return the stated facts of related topics when the page states none on `topic`."""
        if any(fact.stated for fact in facts):
            return []
        return [
            fact
            for other in context.related_topics(topic)
            for fact in self.kb.facts(programme_id, other)
            if fact.stated
        ]

    def page_text(self, programme_id: str) -> str:
        """Return every sentence and heading of a programme's page, read once per action."""
        if programme_id not in self._page_texts:
            try:
                rows = list(
                    self.kb.db.query(
                        "select heading, context, text from passages where programme = ?",
                        [programme_id],
                    )
                )
            except sqlite3.OperationalError:  # a knowledge base built before passages
                rows = []
            parts = [part for row in rows for part in row.values() if part]
            self._page_texts[programme_id] = " ".join(dict.fromkeys(parts))
        return self._page_texts[programme_id]

    def programme_of_passage(self, text: str) -> list[str]:
        """Return the one programme whose page alone speaks of the question, else nothing.

        ("the Digital Mental Health option" can only be ST4Health's.)
        """
        ignore = self.ignored_words(text)
        if len(parse_query(text, ignore=ignore).concepts) < 2:
            return []  # "what are the fees?" fits every programme: ask which
        found = search_passages(self.kb.db, text, ignore=ignore, limit=6)
        strong = {p.programme for p in found if p.score >= STRONG_SCORE}
        return list(strong) if len(strong) == 1 else []

    def follow_up_topic(self, tracker: Tracker) -> str | None:
        """Return the topic a short follow-up keeps, or one an eligibility question implies."""
        remembered = tracker.get_slot(intents.SLOT_TOPIC)
        text = self.question_text(tracker)
        said_who = any(
            next(tracker.get_latest_entity_values(entity), None)
            for entity in (intents.ENTITY_APPLICANT_PROFILE, intents.ENTITY_LEVEL)
        )
        if remembered and said_who and context.is_short_follow_up(text):
            # "and if I'm an international student?" asks the last question for another profile
            return remembered
        if (
            context.asks_if_eligible(text)
            and context.speaks_of_self(text)
            and not asks_another_topic(text, topics.PREREQUISITES)
        ):
            return topics.PREREQUISITES  # "I have a master's from Milan: can I apply?"
        return None

    def _topic(self, tracker: Tracker) -> str:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        kept = self.follow_up_topic(tracker)
        if kept:
            return kept
        if intent in intents.TOPIC_BY_INTENT:
            confidence = (tracker.latest_message.get("intent") or {}).get("confidence") or 0.0
            if confidence < UNSURE_INTENT:
                # "medical radiophysics, give me the big picture" read as capacity, unsure:
                # the question's own words name what it asks
                text = self.question_text(tracker)
                worded = topic_in_words(text) or (
                    topics.OVERVIEW if context.asks_overview(text) else None
                )
                if worded:
                    return worded
            return intents.TOPIC_BY_INTENT[intent]
        # "housing help st4health?" was read as naming a programme; its topic is in its words
        text = self.question_text(tracker)
        named = named_topic(parse_query(text, ignore=self.ignored_words(text)))
        # "which one is cheaper?" names no topic's keyword but a topic word of the cues
        named = named or topic_in_words(text)
        return named or tracker.get_slot(intents.SLOT_TOPIC) or topics.OVERVIEW
