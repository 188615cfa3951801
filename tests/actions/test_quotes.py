"""A dated period is shown through the page's own sentence; yes/no questions lead with Yes
only when the page says it word for word."""

import dataclasses
from datetime import date

import pytest

from actions.answer import ActionAnswer
from actions.compose import answer_lines, shows_date

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("quote", "value", "shown"),
    [
        ("From 15/03/2026 to 15/06/2026", date(2026, 3, 15), True),
        ("From 15/03/2026 to 15/06/2026", date(2026, 6, 15), True),
        ("From 15/03/2026 to 15/06/2026", date(2026, 4, 30), False),
        (
            "ROUND 1: Online applications from January 14 to March 13, 2025 (23:59 CET time)",
            date(2025, 3, 13),
            True,
        ),
        (
            "ROUND 2: Online applications from April 1st to May 2, 2025 (23:59 CET time)",
            date(2025, 4, 1),
            True,
        ),
        # a year the quote does not give is a value the student cannot check
        (
            "ROUND 2: Online applications from April 1st to May 2, 2025 (23:59 CET time)",
            date(2026, 5, 2),
            False,
        ),
        ("Candidatures du 15 mars 2026 au 15 juin 2026", date(2026, 3, 15), True),
    ],
)
def test_a_date_is_shown_only_when_it_reads_in_the_quote(quote, value, shown):
    assert shows_date(quote, value) is shown


def _dated(kb, programme):
    return [f for f in kb.facts(programme, "deadlines") if f.stated and f.date_end]


@pytest.mark.parametrize(
    ("programme", "expected"),
    [
        # no label of its own on the page: the frame's label, then the page's words
        (
            "medical-radiophysics-m2",
            "Application period: “From 15/03/2026 to 15/06/2026”: this period has closed.",
        ),
        # "ROUND 1: …" names itself: no label added, never the builder's subtopic
        (
            "st4health",
            "“ROUND 1: Online applications from January 14 to March 13, 2025 (23:59 CET time)”:"
            " this period has closed.",
        ),
    ],
)
def test_a_period_is_judged_beside_the_pages_own_sentence(kb, domain, programme, expected):
    lines, _ = answer_lines(domain, "en", _dated(kb, programme), TODAY)
    assert lines[0].removeprefix("• ") == expected


def test_a_parsed_date_the_quote_does_not_show_is_not_judged(kb, domain):
    # a value that does not round-trip to the quote: the quote alone, no "has closed"
    fact = dataclasses.replace(_dated(kb, "medical-radiophysics-m2")[0], date_end="2026-04-30")
    lines, all_closed = answer_lines(domain, "en", [fact], TODAY)
    assert lines == ["• “From 15/03/2026 to 15/06/2026”."]
    assert not all_closed


def test_a_subtopic_label_never_stands_before_a_quote(kb, domain):
    # a scholarship's period filed under deadlines must not read "Home: …"
    fact = dataclasses.replace(_dated(kb, "medical-radiophysics-m2")[0], subtopic="home")
    lines, _ = answer_lines(domain, "en", [fact], TODAY)
    assert lines == ["• “From 15/03/2026 to 15/06/2026”: this period has closed."]


@pytest.mark.parametrize(
    ("text", "intent", "lead"),
    [
        # the page says it in the student's own words: Yes, then the quote
        ("is there help with housing?", "ask_housing", "Yes. The ST4Health page says: “"),
        ("is there an internship?", "ask_internships", "Yes. The ST4Health page says: “"),
        # only a synonym matches ("administrative procedures" for "visa"): no Yes
        ("do I need a visa?", "ask_international", "The ST4Health page says: “"),
        # the page does not say it exactly: never Yes
        ("is the internship paid?", "ask_internships", "The ST4Health page does not state exactly"),
        # not a yes/no question: no Yes
        ("what help is there with housing?", "ask_housing", "The ST4Health page says: “"),
    ],
)
async def test_a_yes_no_question_leads_with_yes_only_when_the_page_says_it(
    kb, domain, dispatcher, make_tracker, text, intent, lead
):
    tracker = make_tracker(text, intent, slots={"programme": "st4health"})
    await ActionAnswer(kb=kb, today=lambda: TODAY).run(dispatcher, tracker, domain)
    reply = "\n".join(message.get("text") or "" for message in dispatcher.messages)
    assert reply.startswith(lead)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # one thing asked about that the page never mentions: not stated, even when the
        # question is an eligibility one ("do I…") that closes with who decides
        ("Do I need a GRE for ST4Health?", "ask_prerequisites"),
        ("Is there an age limit for ST4Health?", "ask_prerequisites"),
    ],
)
async def test_a_yes_no_question_about_what_the_page_never_mentions_is_not_stated(
    kb, domain, dispatcher, make_tracker, text, intent
):
    tracker = make_tracker(text, intent)
    await ActionAnswer(kb=kb, today=lambda: TODAY).run(dispatcher, tracker, domain)
    reply = "\n".join(message.get("text") or "" for message in dispatcher.messages)
    assert reply.startswith("The ST4Health page does not state exactly that")
