"""A reply on dated periods (deadlines): each period quoted as the page gives it, judged
against today, and who to ask when every one has closed."""

from typing import Any

from actions.compose import BULLET, answer_lines
from actions.phrasing import phrase
from actions.quoting import YEAR, word_count
from actions.replies import MAX_WORDS, Asked, Reply
from actions.silence import handoff
from knowledge.query import Programme


def dated_reply(domain: dict[str, Any], language: str, programme: Programme, ask: Asked) -> Reply:
    """The periods first, each quoted as the page gives it and judged against today."""
    dated = sorted(
        (f for f in ask.facts if f.stated), key=lambda f: not (f.date_start or f.date_end)
    )
    lines, all_closed = answer_lines(domain, language, dated, ask.today)
    lines = [line.removeprefix(BULLET) for line in lines]
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
