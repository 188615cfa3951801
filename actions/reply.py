"""Compose one programme's reply: the answer first, then at most three quotes, the rest for "more".

The lead sentence and every frame come from domain.yml; what follows them is the page's own
text (a fact's text, or a passage quoted verbatim). Nothing is said twice, a statement dated
in an earlier year carries its year, and the reply stays short unless a list was asked for.
"""

from dataclasses import dataclass
from typing import Any

from actions import context
from actions.background import about_background, by_background
from actions.compose import BULLET
from actions.dated import dated_reply
from actions.phrasing import phrase
from actions.quoting import (
    Candidate,
    best_clause,
    near_duplicate,
    quoted,
    text_key,
    word_count,
)
from actions.ranking import beyond_topic, confirms, rank_candidates
from actions.replies import MAX_WORDS, Asked, Reply
from actions.silence import not_stated_lines, only_for_others
from knowledge.passages import Query, parse_query
from knowledge.query import Programme

MAX_QUOTES = 3
# At or below this share the page does not answer exactly; the closest sentence is quoted.
PARTIAL_SCORE = 0.5
# A sentence speaking of at least this share of the question is "the closest it says".
CLOSEST_SCORE = 0.34
DATED_TOPICS = ("deadlines",)
# Topics whose answer is a value: a page that states none ("The amounts may vary…") does not
# answer "how much?"; what it says is quoted as what it says nearby.
VALUED_TOPICS = ("fees",)


def compose_reply(
    domain: dict[str, Any], language: str, programme: Programme, **asked: Any
) -> Reply:
    """Compose one programme's reply on a topic (or on whatever the question asks).

    The keywords are the fields of `Asked`.
    """
    return _Composer(domain, language, programme, Asked(**asked)).reply()


@dataclass
class _Composer:
    domain: dict[str, Any]
    language: str
    programme: Programme
    ask: Asked

    def reply(self) -> Reply:
        ask = self.ask
        if ask.topic in DATED_TOPICS and any(
            f.stated and (f.date_start or f.date_end) for f in ask.facts
        ):
            return dated_reply(self.domain, self.language, self.programme, ask)
        mine = about_background(ask.passages, ask.background, ask.seen)
        silence = self.silence(mine)
        if silence is not None:
            return self.not_stated(**silence)
        query = parse_query(ask.question, ignore=ask.ignore)
        unique = self.unique_candidates(query)
        # The builder's own "not stated" record (with what the page says nearby) beats a guess.
        recorded_silence = any(not fact.stated for fact in ask.facts)
        closest = [
            Candidate(p.text, p.year, p.score)
            for p in ask.passages
            if p.score >= CLOSEST_SCORE and text_key(p.text) not in ask.seen
        ]
        # nothing filed under a topic asked by name alone: a sentence sharing only its word
        # is not "the closest it says" ("Consult the documents on educational quality")
        unfiled = bool(ask.topic) and not ask.facts and not beyond_topic(query, ask.topic)
        closest = [] if recorded_silence or unfiled else closest
        if not unique and not closest:
            return self.not_stated(mine=mine)
        partial = self.is_partial(query, unique)
        if not unique:
            unique = closest[:1]
        unique[0] = best_clause(unique[0], query)
        return self.quoting(query, unique, partial)

    def silence(self, mine: Candidate | None) -> dict[str, Any] | None:
        """Return how to say the page is silent, when it is, before any ranking."""
        ask = self.ask
        stated_facts = [fact for fact in ask.facts if fact.stated]
        asks_value = not beyond_topic(parse_query(ask.question, ignore=ask.ignore), ask.topic)
        # A value asked of a page that states none, or a page that speaks only of other
        # applicants than this one: what it does say is quoted beside "not stated".
        valueless = stated_facts and not any(f.amount for f in stated_facts)
        if ask.topic in VALUED_TOPICS and asks_value and valueless:
            return {"nearby": stated_facts[0]}
        if only_for_others(ask.facts, ask.profile):
            return {"others": True, "mine": mine}
        return None

    def not_stated(self, **silence: Any) -> Reply:
        ask = self.ask
        lines = not_stated_lines(
            self.domain,
            self.language,
            self.programme,
            ask.topic,
            ask.facts,
            ask.contact_facts,
            today=ask.today,
            **silence,
        )
        return Reply(lines, stated=False)

    def unique_candidates(self, query: Query) -> list[Candidate]:
        """Return the ranked sentences not yet said this turn, each saying something new."""
        ask = self.ask
        ranked = rank_candidates(
            query, ask.facts, ask.passages, ask.profile, ask.related, ask.topic
        )
        # the background orders before near-duplicates go: the requirement is the one kept
        candidates = [
            c for c in by_background(ranked, ask.background) if text_key(c.text) not in ask.seen
        ]
        unique: list[Candidate] = []
        for candidate in candidates:
            if not near_duplicate(candidate.text, unique):
                unique.append(candidate)
        return unique

    def is_partial(self, query: Query, unique: list[Candidate]) -> bool:
        """Return True when nothing speaks of most of what was asked ("is the internship
        paid?"): the page does not state it exactly, and what comes closest is quoted.

        (A student describing their background uses words no page has: the eligibility
        answer quotes the requirements and closes with who decides instead.)
        """
        ask = self.ask
        # A yes/no question about something the page never mentions at all ("is the
        # internship paid?" on a page that never speaks of pay): the page does not say.
        never_mentioned = any(
            not Query((concept,)).matched(ask.page_text) for concept in query.concepts
        )
        # "how many places?" answered by "the M2 tracks have limited capacity": not the number.
        no_number = bool(unique) and context.asks_number(ask.question)
        no_number = no_number and not self.states_count(unique[0].text)
        return (
            not unique
            or no_number
            or (
                ask.yes_no
                # "do I need a GRE?": one word the page never has is enough when nothing matches
                and (len(query.concepts) >= 2 or not unique[0].relevance)
                and unique[0].relevance < 1.0
                and never_mentioned
                # a background told uses words no page has; one thing asked ("a GRE") does not
                and (not ask.closing or len(query.concepts) == 1)
            )
        )

    def states_count(self, text: str) -> bool:
        """Return True when a sentence gives the number asked for: a number, and of what was
        counted ("how many hours a week?" is not answered by "three tracks")."""
        if not context.states_number(text):
            return False
        counted = context.counted_noun(self.ask.question)
        query = parse_query(counted, ignore=self.ask.ignore) if counted else Query(())
        return not query.concepts or bool(query.matched(text))

    def lead_response(self, query: Query, first: Candidate, partial: bool) -> str:
        """Return the frame that introduces the first quote."""
        ask = self.ask
        if partial:
            return "utter_partial_lead"
        if ask.background is not None and ask.background.levels.matched(first.text):
            return "utter_lead_background"  # what the page says of a degree like theirs
        if ask.yes_no and not ask.closing and confirms(query, first.text):
            return "utter_lead_yes"  # "is there help with housing?" "Yes. …help with housing"
        return "utter_lead_says"

    def quoting(self, query: Query, unique: list[Candidate], partial: bool) -> Reply:
        """Return the reply that quotes the best sentence, then what fits of the others."""
        ask, programme = self.ask, self.programme
        quotes = [quoted(self.domain, self.language, c, ask.today) for c in unique]
        lead = phrase(
            self.domain,
            self.lead_response(query, unique[0], partial),
            self.language,
            programme=programme.short_name,
            page=programme.page_name,
            quote=quotes[0],
        )
        lines = [lead]
        shown = self.supporting_count(query, unique, quotes, lead)
        lines.extend(BULLET + quote for quote in quotes[1:shown])
        lines.extend(ask.closing)
        for candidate in unique:
            ask.seen.add(text_key(candidate.text))
        rest = quotes[shown:]
        if ask.compact:  # side by side, held-back quotes must still say whose page they are from
            rest = [f"{programme.short_name}: {quote}" for quote in rest]
        return Reply(lines, stated=not partial, more=[BULLET + quote for quote in rest])

    def supporting_count(
        self, query: Query, unique: list[Candidate], quotes: list[str], lead: str
    ) -> int:
        """Return how many quotes to show: the lead's, then those that fit the budget."""
        ask = self.ask
        budget = MAX_WORDS * (3 if ask.long_answer else 1)
        # (side by side, a list asked for) → how many quotes to show
        limits = {(True, True): 2, (True, False): 1, (False, True): len(quotes)}
        limit = limits.get((ask.compact, ask.long_answer), MAX_QUOTES)
        # Supporting quotes must speak of the question too; the others wait behind "more".
        relevant = sum(
            1
            for candidate in unique[1:]
            if candidate.relevance > 0 or candidate.on_topic or not query.concepts
        )
        lines, shown = [lead], 1
        while (
            shown < len(quotes)
            and shown < limit
            and shown <= relevant
            and word_count("\n".join([*lines, quotes[shown], *ask.closing])) <= budget
        ):
            lines.append(BULLET + quotes[shown])
            shown += 1
        return shown
