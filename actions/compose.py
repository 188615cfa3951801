"""Dated periods judged against today, quoted as the page gives them; who to ask otherwise."""

from datetime import date
from typing import Any

from actions.phrasing import FRENCH, phrase
from knowledge.query import Fact, Programme
from knowledge.windows import WindowStatus, parse_iso, window_status

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
}
_WINDOW_RESPONSE = {
    WindowStatus.CLOSED: "utter_window_closed",
    WindowStatus.OPEN: "utter_window_open",
    WindowStatus.UPCOMING: "utter_window_upcoming",
}
BULLET = "• "


def format_date(value: date, language: str) -> str:
    """Write a date the way a student reads it: 14 January 2025 / 14 janvier 2025."""
    months = _MONTHS[FRENCH if language == FRENCH else "en"].split()
    return f"{value.day} {months[value.month - 1]} {value.year}"


def relevant_facts(facts: list[Fact], *wanted: str | None) -> list[Fact]:
    """Keep the facts for the student's level or profile when the page distinguishes them.

    A fact with no subtopic applies to everyone and is always kept; when no fact matches what
    the student said about themselves, every fact is kept rather than none.
    """
    keys = [_normalised(value) for value in wanted if value]
    if not keys:
        return facts
    matching = [f for f in facts if f.subtopic and any(k in _normalised(f.subtopic) for k in keys)]
    if not matching:
        return facts
    return [f for f in facts if not f.subtopic or f in matching]


def _normalised(value: str) -> str:
    # "non_french_speaker" should find "non-French speakers"
    return value.lower().replace("_", " ").replace("-", " ").rstrip("s")


def answer_lines(
    domain: dict[str, Any], language: str, facts: list[Fact], today: date
) -> tuple[list[str], bool]:
    """Return the answer's lines and whether every dated period in them has closed."""
    lines: list[str] = []
    seen_windows: set[tuple[str | None, str | None]] = set()
    statuses: list[WindowStatus] = []
    for fact in facts:
        start, end = parse_iso(fact.date_start), parse_iso(fact.date_end)
        status = window_status(start, end, today) if (start or end) else None
        if status is None:
            if fact.text not in (line.removeprefix(BULLET) for line in lines):
                lines.append(BULLET + fact.text)
            continue
        # Pages repeat their calendar (a list of rounds and a summary box): say each period once.
        if (fact.date_start, fact.date_end) in seen_windows:
            continue
        seen_windows.add((fact.date_start, fact.date_end))
        statuses.append(status)
        lines.append(BULLET + _window_line(domain, language, fact, start, end, status, today))
    all_closed = bool(statuses) and all(s is WindowStatus.CLOSED for s in statuses)
    return lines, all_closed


def _window_line(
    domain: dict[str, Any],
    language: str,
    fact: Fact,
    start: date | None,
    end: date | None,
    status: WindowStatus,
    today: date,
) -> str:
    label = (fact.subtopic or "").strip()
    label = label[:1].upper() + label[1:] if label else _default_label(language)
    quote = fact.quote or fact.text
    # "ROUND 1: Online applications from…" names itself; "From 15/03/2026…" needs its label.
    colon = " : " if language == FRENCH else ": "
    prefix = "" if label.lower() in quote.lower() else f"{label}{colon}"
    return phrase(
        domain,
        _WINDOW_RESPONSE[status],
        language,
        label=prefix,
        quote=quote,
        start=format_date(start, language) if start else "?",
        end=format_date(end, language) if end else "?",
        time=f" ({fact.time})" if fact.time else "",
        days_left=(end - today).days if end else "?",
        days_until=(start - today).days if start else "?",
    )


def _default_label(language: str) -> str:
    return "Période de candidature" if language == FRENCH else "Application period"


def route(domain: dict[str, Any], language: str, programme: Programme) -> str:
    """Say who can answer what the page does not: its application page, else its institution."""
    if programme.contact_url:
        return phrase(domain, "utter_route_url", language, url=programme.contact_url)
    return phrase(domain, "utter_route_institution", language, institution=programme.institution)
