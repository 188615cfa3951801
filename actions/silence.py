"""Say honestly that a page does not state something, quote what it says nearby, and who to ask."""

from datetime import date
from typing import Any

from actions.compose import route
from actions.phrasing import phrase
from actions.quoting import Candidate, quoted, sentence_of
from knowledge.query import Fact, Programme


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


def not_stated_lines(
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
) -> list[str]:
    """Return the lines of a "the page does not state" reply.

    `mine` is what the page says of a background like the student's, `others` quotes what it
    says for the profiles it names, `nearby` the fact whose words come closest.
    """
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
        quote = quoted(domain, language, mine, today)
        lines.append(phrase(domain, "utter_not_stated_background", language, quote=quote))
    if others:  # what it does say, for the profiles it names
        lines.extend(_for_others(domain, language, facts, today))
    else:
        near = nearby.quote if nearby else None
        near = near or next((f.quote for f in facts if not f.stated and f.quote), None)
        if near:
            lines.append(phrase(domain, "utter_not_stated_nearby", language, quote=near))
    lines.append(handoff(domain, language, programme, contact_facts))
    return lines


def _for_others(domain: dict[str, Any], language: str, facts: list[Fact], today: date) -> list[str]:
    lines = []
    for fact in facts:
        if fact.stated:
            candidate = Candidate(sentence_of(fact), fact.academic_year, 0.0)
            lines.append(
                phrase(
                    domain,
                    "utter_not_stated_for_others",
                    language,
                    profile=fact.subtopic,
                    quote=quoted(domain, language, candidate, today),
                )
            )
    return lines
