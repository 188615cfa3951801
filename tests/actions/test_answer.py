"""ActionAnswer and friends against the real pages' knowledge base, with today pinned."""

from datetime import date

import pytest

from actions.answer import ActionAnswer
from actions.held import ActionAnswerSource
from actions.intents import TOPIC_BY_INTENT
from actions.programmes import ActionContact, ActionListProgrammes
from knowledge.garble import find_garbled_runs
from tests.actions.conftest import slots_set

TODAY = date(2026, 11, 28)


async def run(action, dispatcher, tracker, domain):
    events = await action.run(dispatcher, tracker, domain)
    texts = [message.get("text") or "" for message in dispatcher.messages]
    return "\n".join(texts), slots_set(events)


def answer(kb, today=TODAY):
    return ActionAnswer(kb=kb, today=lambda: today)


async def test_fees_quote_the_st4health_amounts_and_name_the_page(
    kb, domain, dispatcher, make_tracker
):
    tracker = make_tracker("How much is tuition for ST4Health?", "ask_fees")
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert "€250" in text
    assert "€103" in text
    assert "ST4Health page" in text
    assert slots["programme"] == "st4health"
    assert slots["topic"] == "fees"
    assert slots["answer_status"] == "answered"


async def test_leuven_fees_are_not_invented(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker("What does the Leuven certificate cost?", "ask_fees")
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert "does not state" in text
    assert "€" not in text
    assert "KU Leuven" in text  # who to ask instead
    assert slots["answer_status"] == "not_stated"


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 28), "has closed"),
        (date(2026, 1, 10), "opens in 64 day(s)"),
        (date(2026, 4, 1), "open now: 75 day(s) left"),
    ],
)
async def test_radiophysics_window_is_judged_against_today(
    kb, domain, dispatcher, make_tracker, today, expected
):
    tracker = make_tracker(
        "When is the deadline for the medical radiophysics master?", "ask_deadlines"
    )
    text, _ = await run(answer(kb, today), dispatcher, tracker, domain)
    assert "“From 15/03/2026 to 15/06/2026”" in text  # the page's own words
    assert expected in text
    assert ("no later dates" in text) == (expected == "has closed")


async def test_st4health_rounds_are_closed_with_their_times(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker("st4health deadlines?", "ask_deadlines")
    text, _ = await run(answer(kb), dispatcher, tracker, domain)
    assert "ROUND 1: Online applications from January 14 to March 13, 2025 (23:59 CET time)" in text
    assert "ROUND 2: Online applications from April 1st to May 2, 2025 (23:59 CET time)" in text
    assert text.count("January 14") == 1  # the page repeats it; the answer does not
    assert "no later dates" in text


async def test_programme_is_carried_to_the_next_question(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker("and the fees?", "ask_fees", slots={"programme": "st4health"})
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert "€250" in text
    assert slots["programme"] == "st4health"


async def test_a_bare_programme_name_reasks_the_last_topic(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker(
        "and the radiophysics one?",
        "inform_programme",
        slots={"programme": "st4health", "topic": "fees"},
    )
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert "Medical Radiophysics" in text
    assert "amounts may vary" in text
    assert slots["programme"] == "medical-radiophysics-m2"
    # the page speaks of fees but gives no amount: it does not state them, and its own
    # sentence is quoted as what it says nearby
    assert "does not state" in text
    assert slots["answer_status"] == "not_stated"


async def test_two_programmes_get_both_answers(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker("Compare the fees of ST4Health and KU Leuven", "ask_fees")
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert "€250" in text
    assert "Leuven Medical Physics page" in text
    assert slots["programme"] == ["st4health", "leuven-medical-physics"]
    assert slots["answer_status"] == "not_stated"


async def test_no_programme_known_asks_which_with_buttons(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker("what are the fees?", "ask_fees")
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert text == "Which programme do you mean?"
    payloads = [button["payload"] for button in dispatcher.messages[0]["buttons"]]
    assert payloads == [
        '/inform_programme{"programme":"medical-radiophysics-m2"}',
        '/inform_programme{"programme":"leuven-medical-physics"}',
        '/inform_programme{"programme":"st4health"}',
    ]
    assert slots["topic"] == "fees"
    assert slots["answer_status"] == "asked_programme"


async def test_french_question_gets_a_french_frame(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker("Quels sont les frais de scolarité pour ST4Health ?", "ask_fees")
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert "d'après la page source" in text
    assert "€250" in text
    assert slots["language"] == "fr"


@pytest.mark.parametrize("intent", sorted(TOPIC_BY_INTENT))
@pytest.mark.parametrize(
    "programme", ["st4health", "medical-radiophysics-m2", "leuven-medical-physics"]
)
async def test_every_topic_answers_cleanly_for_every_programme(
    kb, domain, dispatcher, make_tracker, intent, programme
):
    tracker = make_tracker("tell me", intent, slots={"programme": programme})
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    page = kb.programme(programme).page_name
    assert page in text
    assert find_garbled_runs(text) == []
    assert "{" not in text  # every placeholder filled
    assert slots["answer_status"] in {"answered", "not_stated"}


async def test_source_action_quotes_the_page_verbatim(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker(
        "where does this come from?",
        "ask_source",
        slots={"programme": "st4health", "topic": "fees"},
    )
    text, _ = await run(ActionAnswerSource(kb=kb), dispatcher, tracker, domain)
    page = (kb.programme("st4health").source, "st4health-biomedical-engineering-master.txt")
    assert page[0] == page[1]
    assert "Tuition fees: €250 /year (set by ministerial decree)" in text


async def test_list_programmes_offers_each_as_a_button(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker("which programmes do you cover?", "list_programmes")
    text, _ = await run(ActionListProgrammes(kb=kb), dispatcher, tracker, domain)
    for programme in kb.programmes():
        assert programme.name in text
    assert len(dispatcher.messages[0]["buttons"]) == len(kb.programmes())


async def test_contact_gives_the_human_route(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker("can I talk to a person about radiophysics?", "ask_contact")
    text, _ = await run(ActionContact(kb=kb), dispatcher, tracker, domain)
    assert "can't hand you over" in text
    assert "https://urlz.fr/i3Lo" in text


async def test_profile_and_level_keep_the_matching_facts(kb, domain, dispatcher, make_tracker):
    entities = [
        {"entity": "level", "value": "M2"},
        {"entity": "applicant_profile", "value": "international"},
    ]
    tracker = make_tracker(
        "prerequisites for M2 as an international student?",
        "ask_prerequisites",
        entities=entities,
        slots={"programme": "st4health"},
    )
    text, _ = await run(answer(kb), dispatcher, tracker, domain)
    lead = text.splitlines()[0]
    assert "International students" in lead  # the sentence for this student comes first
    assert "Most Bachelor's degrees of sciences" not in text  # the M1 requirement


async def test_source_of_an_unstated_fact_says_there_is_nothing_to_quote(
    kb, domain, dispatcher, make_tracker
):
    slots = {"programme": "leuven-medical-physics", "topic": "deadlines"}
    tracker = make_tracker("source?", "ask_source", slots=slots)
    text, _ = await run(ActionAnswerSource(kb=kb), dispatcher, tracker, domain)
    assert "no sentence to quote" in text


async def test_another_university_is_not_answered_with_a_remembered_programme(
    kb, domain, dispatcher, make_tracker
):
    entities = [{"entity": "other_institution", "value": "Imperial College"}]
    tracker = make_tracker(
        "fees at Imperial College?", "ask_fees", entities=entities, slots={"programme": "st4health"}
    )
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert "can't answer about Imperial College" in text
    assert "€" not in text
    assert slots["answer_status"] == "out_of_scope"


async def test_another_university_beside_ours_still_gets_our_answer(
    kb, domain, dispatcher, make_tracker
):
    entities = [{"entity": "other_institution", "value": "Oxford"}]
    tracker = make_tracker("fees of ST4Health compared with Oxford?", "ask_fees", entities=entities)
    text, _ = await run(answer(kb), dispatcher, tracker, domain)
    assert "€250" in text


async def test_a_comparison_read_as_a_source_question_is_answered(
    kb, domain, dispatcher, make_tracker
):
    # "how does that compare" sounds like "how do you know that?"; the student asks a question.
    tracker = make_tracker(
        "how does that compare with the leuven certificate, which one is cheaper?",
        "ask_source",
        slots={"programme": "st4health", "topic": "fees"},
    )
    text, _ = await run(ActionAnswerSource(kb=kb), dispatcher, tracker, domain)
    assert "no sentence to quote" not in text
    assert "Tuition fees: €250 /year" in text
    assert kb.programme("leuven-medical-physics").page_name in text


async def test_a_source_question_naming_the_programme_in_play_still_gets_the_source(
    kb, domain, dispatcher, make_tracker
):
    tracker = make_tracker(
        "where does this info about ST4Health come from?",
        "ask_source",
        slots={"programme": "st4health", "topic": "fees"},
    )
    text, _ = await run(ActionAnswerSource(kb=kb), dispatcher, tracker, domain)
    assert kb.programme("st4health").page_name in text
    assert "Tuition fees: €250 /year (set by ministerial decree)" in text
