"""A reply on dated periods (deadlines): each period quoted as the page gives it, judged
against today, and who to ask when every one has closed."""

import re
from typing import Any

from actions.compose import BULLET, answer_lines
from actions.phrasing import phrase
from actions.quoting import YEAR, word_count
from actions.replies import MAX_WORDS, Asked, Reply
from actions.silence import handoff
from knowledge.query import Fact, Programme
from knowledge.windows import WindowStatus, parse_iso, window_status

# Open periods first, then those to come, then the closed ones (the latest first).
_ORDER = {WindowStatus.OPEN: 0, WindowStatus.UPCOMING: 1, WindowStatus.CLOSED: 2}


def _period_order(fact: Fact, today) -> tuple[int, int]:
    """Sort key: what the student can still use leads; undated statements come last."""
    start, end = parse_iso(fact.date_start), parse_iso(fact.date_end)
    status = window_status(start, end, today) if (start or end) else None
    if status is None:
        return (3, 0)
    latest = -(end or start).toordinal()
    return (_ORDER[status], latest if status is WindowStatus.CLOSED else -latest)


def _named(fact: Fact, asked: str) -> bool:
    """Return True when the question names the period by the page's own label ("round 1")."""
    label = (fact.subtopic or "").lower()
    return bool(label) and re.search(rf"(?<!\w){re.escape(label)}(?!\w)", asked) is not None


def dated_reply(domain: dict[str, Any], language: str, programme: Programme, ask: Asked) -> Reply:
    """The periods first, each quoted as the page gives it and judged against today."""
    asked = " ".join(ask.question.lower().split())
    dated = sorted(
        (f for f in ask.facts if f.stated),
        # the round the student names ("when does round 1 close?") leads, then the open ones
        key=lambda f: (not _named(f, asked), _period_order(f, ask.today)),
    )
    lines, all_closed = answer_lines(domain, language, dated, ask.today)
    lines = [line.removeprefix(BULLET) for line in lines]
    if all_closed and lines:
        # "when is the deadline?" when every round has passed: say so first, then the latest
        lines[0] = phrase(domain, "utter_all_periods_closed", language) + " " + lines[0]
    stated_years = {year for f in dated for year in YEAR.findall(f"{f.text} {f.quote}")}
    asked_years = set(YEAR.findall(ask.question)) - stated_years
    if asked_years:  # "the deadline for 2027": the page gives none for that year
        page = programme.page_name
        lines.insert(0, phrase(domain, "utter_no_dates_for_year", language, page=page))
    if all_closed:
        # A student who missed the dates needs to know who can say what happens next.
        lines.append(phrase(domain, "utter_no_later_dates", language))
        if not ask.compact:
            lines.append(handoff(domain, language, programme, ask.contact_facts))
    lead = phrase(
        domain,
        "utter_lead_dates",
        language,
        programme=programme.short_name,
        page=programme.page_name,
    )
    shown = lines[:1]
    while not ask.compact and len(shown) < len(lines):
        if word_count("\n".join([lead, *shown, lines[len(shown)]])) > MAX_WORDS:
            break
        shown.append(lines[len(shown)])
    held = [f"{BULLET}{programme.short_name}: {line}" for line in lines[len(shown) :]]
    return Reply([lead + " " + shown[0], *shown[1:]], stated=True, more=held)
