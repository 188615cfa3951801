"""Compose one programme's reply: the answer first, then at most three quotes, the rest for "more".

The lead sentence and every frame come from domain.yml; what follows them is the page's own
text (a fact's text, or a passage quoted verbatim). Nothing is said twice, a statement dated
in an earlier year carries its year, and the reply stays short unless a list was asked for.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from actions import context
from actions.compose import BULLET, answer_lines, route
from actions.phrasing import phrase
from knowledge.garble import UNREADABLE
from knowledge.passages import Passage, Query, parse_query
from knowledge.query import Fact, Programme

MAX_WORDS = 80
MAX_QUOTES = 3
# Share of the question's concepts a passage must speak of (knowledge/passages.py) to be
# taken as an answer; chosen on the question bank's dev set.
ANSWER_SCORE = 0.6
# ... and to overrule the builder's "the page does not state" on the asked topic.
STRONG_SCORE = 0.75
# At or below this share the page does not answer exactly; the closest sentence is quoted.
PARTIAL_SCORE = 0.5
# A sentence speaking of at least this share of the question is "the closest it says".
CLOSEST_SCORE = 0.34
# Words above which a sentence of several "; " clauses is quoted by its best clause alone.
LONG_SENTENCE = 35
# Added to the score of a fact the page states for the student's own profile.
PROFILE_BONUS = 0.34
# Share of words two sentences have in common above which they say the same thing.
NEAR_DUPLICATE = 0.6
DATED_TOPICS = ("deadlines",)
# How a list item starts on its own line in a fact's text ("…three tracks:\n- M2 BEH").
BULLET_ITEM = "- "
# Topics whose answer is a value: a page that states none ("The amounts may vary…") does not
# answer "how much?"; what it says is quoted as what it says nearby.
VALUED_TOPICS = ("fees",)
_YEAR = re.compile(r"\b(20\d\d)(?:\s*[/–-]\s*(?:20)?\d\d)?\b")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Reply:
    """One programme's reply: its lines, whether the page stated anything, what "more" holds."""

    lines: list[str]
    stated: bool
    more: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Candidate:
    """A sentence that may answer: its text, its year if dated, how well it fits the question."""

    text: str
    year: str | None
    relevance: float
    on_topic: bool = False  # filed by the builder under the asked topic


def word_count(text: str) -> int:
    """Return the number of words a student reads."""
    return len(_WORD.findall(text))


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _near_duplicate(text: str, others: list["Candidate"]) -> bool:
    # Pages say the same thing twice in different sections ("may also apply directly to the
    # M2" / "can also apply for M2"): a student should read it once.
    words = set(_key(text).split())
    for other in others:
        theirs = set(_key(other.text).split())
        if words and theirs and len(words & theirs) / len(words | theirs) >= NEAR_DUPLICATE:
            return True
    return False


def _year_of(text: str, fallback: str | None) -> str | None:
    found = _YEAR.search(text)
    return found.group(0) if found else fallback


def _is_past(year: str | None, today: date) -> bool:
    return bool(year) and int(year[:4]) < today.year


def _quoted(domain: dict, language: str, candidate: Candidate, today: date) -> str:
    # The frame ends the sentence after the closing quote mark.
    text = candidate.text.rstrip(" .:;,")
    # A statement of an earlier year that does not say its year would read as current.
    if _is_past(candidate.year, today) and candidate.year[:4] not in candidate.text:
        return phrase(domain, "utter_quote_dated", language, quote=text, year=candidate.year)
    return phrase(domain, "utter_quote", language, quote=text)


def topic_label(domain: dict[str, Any], language: str, topic: str | None) -> str:
    """Return how a topic reads in a sentence ("the tuition fees"); "that" when unknown."""
    response = f"utter_topic_{topic}"
    if topic and response in domain.get("responses", {}):
        return phrase(domain, response, language)
    return phrase(domain, "utter_topic_unknown", language)


def handoff(
    domain: dict[str, Any], language: str, programme: Programme, contact_facts: list[Fact]
) -> str:
    """Say who can answer what the page does not: the contact it gives, else its institution."""
    stated = [fact.text.rstrip(".") for fact in contact_facts if fact.stated]
    how = "; ".join([*stated, route(domain, language, programme)])
    return phrase(domain, "utter_not_stated_route", language, route=how)


def sentence_of(fact: Fact) -> str:
    """Return what to quote for a fact: the page's own sentence, else the fact's text.

    The text is used when the quote spans several lines (a list the text joins), is a
    fragment, or was cut short around an unreadable run.
    """
    quote = (fact.quote or "").strip()
    if not quote or "\n" in quote or UNREADABLE in fact.text or word_count(quote) < 4:
        return fact.text
    return quote


def rank_candidates(
    query: Query,
    facts: list[Fact],
    passages: list[Passage],
    profile: str | None = None,
    related: list[Fact] | tuple[Fact, ...] = (),
    topic: str | None = None,
) -> list[Candidate]:
    """Order the topic's stated facts and the matching passages by how much of the question
    each speaks of; facts first among equals (the builder filed them under the asked topic),
    then page order. A question that only names the topic ("what are the prerequisites?")
    gets the topic's facts in page order: "Prerequisites vary…" is not the answer to it.
    """
    stated = [fact for fact in facts if fact.stated]
    fact_candidates = [
        Candidate(
            sentence_of(fact),
            _year_of(sentence_of(fact), fact.academic_year),
            query.coverage(sentence_of(fact)) + _profile_bonus(fact, profile),
            on_topic=True,
        )
        for fact in stated
    ]
    if not _beyond_topic(query, topic) and fact_candidates:
        # "ST4Health tracks?": the sentence that lists them answers before those about them
        return sorted(
            fact_candidates,
            key=lambda c: (-_bonus_of(c, stated, profile), not _lists_topic(c.text, topic)),
        )
    if not query.concepts:
        return fact_candidates
    # When the builder found the page silent on the topic, only a strong sentence overrules it.
    silent = any(not fact.stated for fact in facts) and not stated
    floor = STRONG_SCORE if silent else ANSWER_SCORE
    if silent and not _beyond_topic(query, topic):
        # "What documents do I need?" on a page silent on them: a sentence that only says
        # "documents" ("Consult the documents on educational quality") does not overrule it.
        floor = float("inf")
    passage_candidates = [Candidate(p.text, p.year, p.score) for p in passages if p.score >= floor]
    related_candidates = [
        Candidate(sentence_of(fact), fact.academic_year, query.coverage(sentence_of(fact)))
        for fact in related
    ]
    ranked = (
        fact_candidates
        + passage_candidates
        + [candidate for candidate in related_candidates if candidate.relevance >= floor]
    )
    # Among equal coverage, the sentence in the student's own words, then the one naming more
    # of their words' forms; sorted() is stable: facts before passages, each in page order.
    return sorted(
        ranked,
        key=lambda candidate: (
            -candidate.relevance,
            *(-n for n in query.closeness(candidate.text)),
        ),
    )


def confirms(query: Query, text: str) -> bool:
    """Return True when a sentence says yes to a yes/no question: it names every word the
    student asked about in the student's own words (a synonym is no confirmation: "visa" is
    not "administrative procedures"), and nothing in it negates or restricts."""
    if not query.concepts or context.may_say_no(text):
        return False
    return all(Query(((concept[0],),)).matched(text) for concept in query.concepts)


def _lists_topic(text: str, topic: str | None) -> bool:
    """Return True for a list introduced by a line naming the topic ("…three tracks:")."""
    intro, _, items = text.partition(f"\n{BULLET_ITEM}")
    return bool(items and topic) and bool(parse_query(topic.replace("_", " ")).matched(intro))


def _beyond_topic(query: Query, topic: str | None) -> bool:
    """Return True when the question names more than its topic ("what are the fees?" does not)."""
    topic_forms = {topic, f"{topic}s", (topic or "").rstrip("s")} if topic else set()
    return bool(query.without(topic_forms).concepts)


def _bonus_of(candidate: Candidate, stated: list[Fact], profile: str | None) -> float:
    fact = next((f for f in stated if sentence_of(f) == candidate.text), None)
    return _profile_bonus(fact, profile) if fact else 0.0


def _profile_bonus(fact: Fact, profile: str | None) -> float:
    # What the page says for this very applicant goes before what it says for everyone.
    if profile and fact.subtopic and profile.replace("_", " ") in fact.subtopic.lower():
        return PROFILE_BONUS
    return 0.0


def _best_clause(candidate: Candidate, query: Query) -> Candidate:
    """Quote only the clause that answers when a long sentence runs several together.

    ("All transcripts… (with a certified translation…); a resume and cover letter…; proof
    of a level in English…": a question about translations gets the first clause.)
    """
    clauses = [clause.strip() for clause in candidate.text.split("; ")]
    if word_count(candidate.text) <= LONG_SENTENCE or len(clauses) < 2 or not query.concepts:
        return candidate
    best = max(clauses, key=query.coverage)  # max() keeps the first of equals
    if not query.coverage(best):
        return candidate
    return Candidate(best, candidate.year, candidate.relevance)


@dataclass(frozen=True)
class Background:
    """What an eligibility question says of the student: its words, and the degrees it names."""

    query: Query
    levels: Query

    @classmethod
    def of(
        cls, text: str, degrees: tuple[str, ...], levels: frozenset[str], ignore: frozenset[str]
    ) -> "Background":
        """Read a background statement: its degrees apart, its other words as a query."""
        named = tuple((degree,) for degree in degrees)
        return cls(parse_query(text, ignore=ignore | levels), Query(named))

    def matches(self, text: str) -> tuple[int, int]:
        """Return how many of the degrees named, and of the other words, a sentence speaks of."""
        return self.levels.matched(text), self.query.matched(text)

    def speaks_of(self, text: str) -> bool:
        """Return True when a sentence says something about this background.

        A degree named, or two of the student's other words ("work experience… diploma").
        """
        level, other = self.matches(text)
        return level > 0 or other >= 2


def by_background(candidates: list[Candidate], background: "Background | None") -> list[Candidate]:
    """Put the sentences that name the student's own degree first, then the requirements
    filed under the topic, then those about getting in that speak of their other words; the
    question's own ranking stands among equals (sorted() is stable). A sentence about
    hospitals is not about a radiographer's chances."""
    if background is None:
        return candidates

    def key(candidate: Candidate) -> tuple[int, bool, int]:
        level, other = background.matches(candidate.text)
        about_getting_in = other >= 2 and context.speaks_of_admission(candidate.text)
        # among equals, the requirements the builder filed before other sentences
        return -level, not candidate.on_topic, -other if about_getting_in else 0

    return sorted(candidates, key=key)


def only_for_others(facts: list[Fact], *wanted: str | None) -> bool:
    """Return True when the page is silent in general and speaks only of other profiles.

    ("non-French speakers need a certificate" says nothing about a doctor from Tunisia.)
    """
    general_gap = any(not fact.stated and not fact.subtopic for fact in facts)
    stated = [fact for fact in facts if fact.stated]
    if not general_gap or not stated or any(not fact.subtopic for fact in stated):
        return False
    keys = [value.lower().replace("_", " ") for value in wanted if value]
    return not any(key in (fact.subtopic or "").lower() for key in keys for fact in stated)


def compose_reply(
    domain: dict[str, Any],
    language: str,
    programme: Programme,
    *,
    topic: str | None,
    question: str,
    facts: list[Fact],
    passages: list[Passage],
    contact_facts: list[Fact],
    today: date,
    compact: bool = False,
    long_answer: bool = False,
    seen: set[str] | None = None,
    ignore: frozenset[str] = frozenset(),
    profile: str | None = None,
    closing: tuple[str, ...] = (),
    related: list[Fact] | None = None,
    yes_no: bool = False,
    page_text: str = "",
    background: Background | None = None,
) -> Reply:
    """Compose one programme's reply on a topic (or on whatever the question asks).

    `closing` lines end a stated answer and count in its length; `profile` is what the
    student said of themselves, `ignore` the words that only name a programme; `related`
    facts (other topics) count like passages: only when they speak of the question.
    `background` is what an eligibility question says of the student: the sentences about
    their degree come first, and a page silent on requirements still quotes what it says
    about such a background.
    """
    seen = seen if seen is not None else set()
    page = programme.page_name
    if topic in DATED_TOPICS and any(f.stated and (f.date_start or f.date_end) for f in facts):
        # The periods first, each quoted as the page gives it and judged against today.
        dated = sorted(
            (f for f in facts if f.stated), key=lambda f: not (f.date_start or f.date_end)
        )
        lines, all_closed = answer_lines(domain, language, dated, today)
        lines = [line.removeprefix(BULLET) for line in lines]
        stated_years = {year for f in dated for year in _YEAR.findall(f"{f.text} {f.quote}")}
        asked_years = set(_YEAR.findall(question)) - stated_years
        if asked_years:  # "the deadline for 2027": the page gives none for that year
            lines.insert(0, phrase(domain, "utter_no_dates_for_year", language, page=page))
        if all_closed:
            # A student who missed the dates needs to know who can say what happens next.
            lines.append(phrase(domain, "utter_no_later_dates", language))
            if not compact:
                lines.append(handoff(domain, language, programme, contact_facts))
        lead = phrase(
            domain, "utter_lead_dates", language, programme=programme.short_name, page=page
        )
        shown = lines[:1]
        while not compact and len(shown) < len(lines):
            if word_count("\n".join([lead, *shown, lines[len(shown)]])) > MAX_WORDS:
                break
            shown.append(lines[len(shown)])
        held = [f"{BULLET}{programme.short_name}: {line}" for line in lines[len(shown) :]]
        return Reply([lead + " " + shown[0], *shown[1:]], stated=True, more=held)

    mine = _about_background(passages, background, seen)
    stated_facts = [fact for fact in facts if fact.stated]
    asks_value = not _beyond_topic(parse_query(question, ignore=ignore), topic)
    # A value asked of a page that states none, or a page that speaks only of other
    # applicants than this one: what it does say is quoted beside "not stated".
    silence: dict[str, Any] | None = None
    valueless = stated_facts and not any(f.amount for f in stated_facts)
    if topic in VALUED_TOPICS and asks_value and valueless:
        silence = {"nearby": stated_facts[0]}
    if silence is None and only_for_others(facts, profile):
        silence = {"others": True, "mine": mine}
    if silence is not None:
        return _not_stated(
            domain, language, programme, topic, facts, contact_facts, today=today, **silence
        )
    query = parse_query(question, ignore=ignore)
    ranked = rank_candidates(query, facts, passages, profile, related or [], topic)
    # the background orders before near-duplicates go: the requirement is the one kept
    candidates = [c for c in by_background(ranked, background) if _key(c.text) not in seen]
    unique: list[Candidate] = []
    for candidate in candidates:
        if not _near_duplicate(candidate.text, unique):
            unique.append(candidate)
    # The builder's own "not stated" record (with what the page says nearby) beats a guess.
    recorded_silence = any(not fact.stated for fact in facts)
    closest = [
        Candidate(p.text, p.year, p.score)
        for p in passages
        if p.score >= CLOSEST_SCORE and _key(p.text) not in seen and not recorded_silence
    ]
    if not unique and not closest:
        return _not_stated(
            domain, language, programme, topic, facts, contact_facts, today=today, mine=mine
        )
    # Nothing speaks of most of what was asked ("is the internship paid?"): say the page
    # does not state it exactly, and quote what comes closest.
    # (A student describing their background uses words no page has: the eligibility answer
    # quotes the requirements and closes with who decides instead.)
    # A yes/no question about something the page never mentions at all ("is the internship
    # paid?" on a page that never speaks of pay): the answer is that it does not say.
    never_mentioned = any(not Query((concept,)).matched(page_text) for concept in query.concepts)
    # "how many places?" answered by "the M2 tracks have limited capacity": not the number.
    no_number = bool(unique) and context.asks_number(question)
    no_number = no_number and not context.states_number(unique[0].text)
    partial = (
        not unique
        or no_number
        or (
            yes_no
            # "do I need a GRE?": one word the page never has is enough when nothing matches it
            and (len(query.concepts) >= 2 or not unique[0].relevance)
            and unique[0].relevance <= PARTIAL_SCORE
            and never_mentioned
            # a background told uses words no page has; one thing asked about ("a GRE") does not
            and (not closing or len(query.concepts) == 1)
        )
    )
    if not unique:
        unique = closest[:1]
    unique[0] = _best_clause(unique[0], query)
    quotes = [_quoted(domain, language, candidate, today) for candidate in unique]
    if partial:
        lead_response = "utter_partial_lead"
    elif background is not None and background.levels.matched(unique[0].text):
        lead_response = "utter_lead_background"  # what the page says of a degree like theirs
    elif yes_no and not closing and confirms(query, unique[0].text):
        lead_response = "utter_lead_yes"  # "is there help with housing?" "Yes. …help with housing"
    else:
        lead_response = "utter_lead_says"
    lead = phrase(
        domain,
        lead_response,
        language,
        programme=programme.short_name,
        page=page,
        quote=quotes[0],
    )
    lines, budget = [lead], MAX_WORDS * (3 if long_answer else 1)
    rest = quotes[1:]
    # (side by side, a list asked for) → how many quotes to show
    limits = {(True, True): 2, (True, False): 1, (False, True): len(quotes)}
    limit = limits.get((compact, long_answer), MAX_QUOTES)
    # Supporting quotes must speak of the question too; the others wait behind "more".
    relevant = sum(
        1
        for candidate in unique[1:]
        if candidate.relevance > 0 or candidate.on_topic or not query.concepts
    )
    shown = 1
    while (
        rest
        and shown < limit
        and shown <= relevant
        and word_count("\n".join([*lines, rest[0], *closing])) <= budget
    ):
        lines.append(BULLET + rest.pop(0))
        shown += 1
    lines.extend(closing)
    for candidate in unique:
        seen.add(_key(candidate.text))
    if compact:  # side by side, held-back quotes must still say whose page they are from
        rest = [f"{programme.short_name}: {quote}" for quote in rest]
    return Reply(lines, stated=not partial, more=[BULLET + quote for quote in rest])


def _about_background(
    passages: list[Passage], background: Background | None, seen: set[str]
) -> Candidate | None:
    """Return the page sentence that best speaks of the student's background, if any."""
    if background is None:
        return None
    fitting = [
        p
        for p in passages
        if background.speaks_of(p.text)
        and context.speaks_of_admission(p.text)
        and _key(p.text) not in seen
    ]
    if not fitting:
        return None
    best = by_background([Candidate(p.text, p.year, p.score) for p in fitting], background)[0]
    return best


def _not_stated(
    domain: dict[str, Any],
    language: str,
    programme: Programme,
    topic: str | None,
    facts: list[Fact],
    contact_facts: list[Fact],
    *,
    today: date,
    others: bool = False,
    mine: Candidate | None = None,
    nearby: Fact | None = None,
) -> Reply:
    lines = [
        phrase(
            domain,
            "utter_not_stated_lead",
            language,
            programme=programme.short_name,
            page=programme.page_name,
            topic=topic_label(domain, language, topic),
        )
    ]
    if mine is not None:  # what it says of a background like the student's, quoted
        lines.append(
            phrase(
                domain,
                "utter_not_stated_background",
                language,
                quote=_quoted(domain, language, mine, today),
            )
        )
    if others:  # what it does say, for the profiles it names
        for fact in facts:
            if fact.stated:
                candidate = Candidate(sentence_of(fact), fact.academic_year, 0.0)
                lines.append(
                    phrase(
                        domain,
                        "utter_not_stated_for_others",
                        language,
                        profile=fact.subtopic,
                        quote=_quoted(domain, language, candidate, today),
                    )
                )
    else:
        near = nearby.quote if nearby else None
        near = near or next((f.quote for f in facts if not f.stated and f.quote), None)
        if near:
            lines.append(phrase(domain, "utter_not_stated_nearby", language, quote=near))
    lines.append(handoff(domain, language, programme, contact_facts))
    return Reply(lines, stated=False)
