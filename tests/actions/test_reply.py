"""What students ask, against the real pages: the answer leads, quotes, stays honest and short."""

import re
from datetime import date

import pytest

from actions.answer import ActionAnswer
from actions.held import ActionAnswerMore, ActionAnswerSource
from actions.programmes import ActionContact
from actions.quoting import word_count
from actions.reply import MAX_WORDS
from actions.triage import ActionTriage
from tests.actions.conftest import slots_set

TODAY = date(2026, 11, 29)
ST4 = "st4health"
LEUVEN = "leuven-medical-physics"
RADIO = "medical-radiophysics-m2"


async def run(action, dispatcher, tracker, domain):
    events = await action.run(dispatcher, tracker, domain)
    texts = [
        message.get("text") or message.get("response") or "" for message in dispatcher.messages
    ]
    return "\n".join(texts), slots_set(events)


def answer(kb):
    return ActionAnswer(kb=kb, today=lambda: TODAY)


def triage(kb):
    return ActionTriage(kb=kb, today=lambda: TODAY)


def lead_of(text: str) -> str:
    return text.split("\n")[0]


@pytest.mark.parametrize(
    ("question", "intent", "programme", "expected"),
    [
        ("is there help with housing?", "ask_housing", ST4, "help with housing"),
        ("logement ?", "ask_housing", ST4, "help with housing"),
        ("do I need a visa?", "ask_international", ST4, "support for international students"),
        ("is it recognised by FANC?", "ask_recognition", LEUVEN, "Federal Agency for Nuclear"),
        ("how many credits?", "ask_credits", ST4, "ECTS"),
        ("which labs are partners?", "ask_partners", ST4, "research labs at the partner"),
        ("where is the internship done?", "ask_internships", LEUVEN, "UZ Leuven hospital"),
        ("does it teach artificial intelligence?", "ask_fees", RADIO, "artificial intelligence"),
        ("do I need to speak French?", "ask_language", RADIO, "Certificate of French"),
    ],
)
async def test_the_answer_quotes_the_sentence_that_answers_in_its_lead(
    kb, domain, dispatcher, make_tracker, question, intent, programme, expected
):
    tracker = make_tracker(question, intent, slots={"programme": programme})
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert expected in lead_of(text)
    assert slots["answer_status"] == "answered"
    assert slots["programme"] == programme


@pytest.mark.parametrize(
    ("question", "intent", "programme", "who"),
    [
        ("can I study part-time?", "ask_study_mode", ST4, "PSL"),
        ("are there scholarships?", "ask_scholarships", LEUVEN, "KU Leuven"),
        ("what does it cost?", "ask_fees", RADIO, "https://urlz.fr/i3Lo"),
    ],
)
async def test_a_silent_page_is_said_honestly_with_who_to_ask(
    kb, domain, dispatcher, make_tracker, question, intent, programme, who
):
    tracker = make_tracker(question, intent, slots={"programme": programme})
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert "does not state" in lead_of(text)
    assert who in text
    assert "€" not in text
    assert slots["answer_status"] == "not_stated"


async def test_french_frames_are_french_and_quotes_stay_in_the_pages_language(
    kb, domain, dispatcher, make_tracker
):
    tracker = make_tracker(
        "y a-t-il une aide au logement ?", "ask_housing", slots={"programme": ST4}
    )
    text, _ = await run(answer(kb), dispatcher, tracker, domain)
    assert text.startswith("ST4Health, d'après la page source")
    assert "« Specific support for international students" in text
    tracker = make_tracker(
        "y a-t-il des bourses ?", "ask_scholarships", slots={"programme": LEUVEN}
    )
    dispatcher.messages.clear()
    text, _ = await run(answer(kb), dispatcher, tracker, domain)
    assert "ne précise pas les bourses" in text
    assert "does not" not in text and "contact the" not in text


async def test_one_french_word_in_an_english_question_keeps_english(
    kb, domain, dispatcher, make_tracker
):
    tracker = make_tracker("what about logement?", "ask_housing", slots={"programme": ST4})
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert text.startswith("The ST4Health page says")
    assert slots["language"] == "en"


@pytest.mark.parametrize("question", ["compare the fees of the three", "which is cheapest?"])
async def test_comparisons_answer_every_programme_side_by_side(
    kb, domain, dispatcher, make_tracker, question
):
    tracker = make_tracker(question, "ask_fees", slots={"programme": ST4})
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    blocks = text.split("\n\n")
    assert len(blocks) == 3
    # the page that states the fees first, then those silent on them, in programme order
    assert "€250" in blocks[0]
    assert "Medical Radiophysics page" in blocks[1]
    assert "Leuven Medical Physics page" in blocks[2]
    assert slots["programme"] == [RADIO, LEUVEN, ST4]


@pytest.mark.parametrize(
    ("question", "remembered", "expected"),
    [
        ("and the other one?", ST4, RADIO),
        ("and the other one?", RADIO, LEUVEN),
        ("what about the third?", RADIO, ST4),
        ("and the first one?", ST4, RADIO),
    ],
)
async def test_the_other_one_and_ordinals_move_along_the_programmes(
    kb, domain, dispatcher, make_tracker, question, remembered, expected
):
    tracker = make_tracker(question, "ask_fees", slots={"programme": remembered})
    _, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert slots["programme"] == expected


async def test_level_and_profile_are_kept_for_the_next_turn(kb, domain, dispatcher, make_tracker):
    slots = {"programme": ST4, "level": "M2", "applicant_profile": "international"}
    tracker = make_tracker("and the requirements?", "ask_prerequisites", slots=slots)
    text, events = await run(answer(kb), dispatcher, tracker, domain)
    assert "International students" in lead_of(text)
    assert events["level"] == "M2" and events["applicant_profile"] == "international"


@pytest.mark.parametrize(
    ("question", "entities", "expected"),
    [
        ("I have a computer science bachelor, can I apply?", [], "computer science"),
        (
            "my degree is from Cairo University, can I apply?",
            [{"entity": "other_institution", "value": "Cairo University"}],
            "degree",
        ),
    ],
)
async def test_eligibility_quotes_what_the_page_says_of_that_background_and_who_decides(
    kb, domain, dispatcher, make_tracker, question, entities, expected
):
    tracker = make_tracker(question, "ask_prerequisites", entities, slots={"programme": ST4})
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert expected in lead_of(text)
    assert "which decides" in text
    assert slots["answer_status"] == "answered"


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("what's the weather like?", "out_of_scope"),
        ("tell me a joke", "out_of_scope"),
        ("blorp zzkq", "nlu_fallback"),
    ],
)
async def test_truly_off_topic_is_declined_and_the_programme_is_kept(
    kb, domain, dispatcher, make_tracker, question, intent
):
    tracker = make_tracker(question, intent, slots={"programme": ST4})
    text, slots = await run(triage(kb), dispatcher, tracker, domain)
    expected = "utter_default" if intent == "nlu_fallback" else "utter_out_of_scope"
    assert dispatcher.messages[0]["response"] == expected
    assert "programme" not in slots  # nothing erased
    assert slots["answer_status"] == "out_of_scope"


@pytest.mark.parametrize(
    ("question", "slots", "expected"),
    [
        ("I'm a nurse with a GPA of 3.2, is it possible for me?", {"programme": ST4}, "ST4Health"),
        ("is the FANC certificate part of it?", {"programme": LEUVEN}, "FANC"),
        ("is there any help with housing for students?", {}, "help with housing"),
        ("what about all of them?", {"programme": ST4, "topic": "fees"}, "€250"),
        ("and the other one?", {"programme": ST4, "topic": "fees"}, "Medical Radiophysics page"),
    ],
)
async def test_on_topic_messages_the_nlu_declined_get_an_answer(
    kb, domain, dispatcher, make_tracker, question, slots, expected
):
    tracker = make_tracker(question, "out_of_scope", slots=slots)
    text, events = await run(triage(kb), dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] is None  # a composed answer, not a refusal
    assert expected in text
    assert events["answer_status"] in {"answered", "not_stated"}


async def test_replies_are_short_never_repeat_and_offer_more(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker("which labs are partners?", "ask_partners", slots={"programme": ST4})
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert word_count(text) <= MAX_WORDS
    quotes = re.findall(r"“([^”]+)”", text)
    assert len(quotes) == len(set(quotes)) <= 3
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/ask_more"
    held = slots["more"]
    assert held and not set(held) & set(text.split("\n"))

    dispatcher.messages.clear()
    tracker = make_tracker("/ask_more", "ask_more", slots={"programme": ST4, "more": held})
    more_text, more_slots = await run(ActionAnswerMore(kb=kb), dispatcher, tracker, domain)
    assert more_text == "\n".join(held[:3])  # a held list quote keeps its own lines
    assert more_slots["more"] == (held[3:] or None)


async def test_an_old_dated_statement_carries_its_year(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker("when is round 1?", "ask_admission_process", slots={"programme": ST4})
    text, _ = await run(answer(kb), dispatcher, tracker, domain)
    for line in text.split("\n"):
        if "Round 1" in line:
            assert "2025" in line


async def test_the_source_answer_names_the_page_not_a_file(kb, domain, dispatcher, make_tracker):
    slots = {"programme": ST4, "topic": "fees"}
    tracker = make_tracker("where does this come from?", "ask_source", slots=slots)
    text, _ = await run(ActionAnswerSource(kb=kb), dispatcher, tracker, domain)
    assert "ST4Health page" in text
    assert ".txt" not in text


@pytest.mark.parametrize(
    ("question", "intent", "programme", "expected"),
    [
        # the page speaks of internships, not of pay: say so, quote the closest
        ("is the internship paid?", "ask_internships", RADIO, "does not state exactly"),
        # a year the page gives no dates for
        ("what is the deadline for 2027 admissions?", "ask_deadlines", ST4, "no dates for that"),
    ],
)
async def test_what_the_page_does_not_state_exactly_is_said_first(
    kb, domain, dispatcher, make_tracker, question, intent, programme, expected
):
    tracker = make_tracker(question, intent, slots={"programme": programme})
    text, _ = await run(answer(kb), dispatcher, tracker, domain)
    assert expected in lead_of(text) or expected in text.split("\n")[0]
    assert "2027" not in text  # nothing the page does not say, not even the asked year


async def test_a_topic_with_no_facts_is_answered_from_a_related_topic_that_speaks_of_it(
    kb, domain, dispatcher, make_tracker
):
    tracker = make_tracker("What diploma does it give?", "ask_degree", slots={"programme": RADIO})
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert "Master’s Degree (M2) in Medical Radiophysics" in text
    assert slots["answer_status"] == "answered"


@pytest.mark.parametrize(
    ("question", "entities", "response"),
    [
        ("Can you recommend a good pizza place near ESPCI?", [], "utter_out_of_scope"),
        ("Quel temps fait-il à Leuven ?", [], "utter_out_of_scope"),
        (
            "Does Harvard have a biomedical engineering PhD?",
            [{"entity": "other_institution", "value": "Harvard"}],
            "utter_other_institution",
        ),
    ],
)
async def test_a_place_or_another_university_does_not_make_a_question_ours(
    kb, domain, dispatcher, make_tracker, question, entities, response
):
    tracker = make_tracker(question, "out_of_scope", entities, slots={"programme": ST4})
    _, slots = await run(triage(kb), dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == response
    assert slots["answer_status"] == "out_of_scope"


async def test_an_eligibility_question_the_nlu_missed_gets_the_requirements(
    kb, domain, dispatcher, make_tracker
):
    question = "I have a master's in medical physics from Milan. Can I apply to the Leuven one?"
    tracker = make_tracker(question, "nlu_fallback")
    text, slots = await run(triage(kb), dispatcher, tracker, domain)
    assert "master’s degree in medical (radiation) physics" in lead_of(text)
    assert slots["topic"] == "prerequisites"


async def test_a_follow_up_adding_a_profile_keeps_the_topic(kb, domain, dispatcher, make_tracker):
    entities = [{"entity": "applicant_profile", "value": "international"}]
    slots = {"programme": ST4, "topic": "prerequisites"}
    tracker = make_tracker(
        "and if I'm an international student?", "ask_international", entities, slots
    )
    text, events = await run(answer(kb), dispatcher, tracker, domain)
    assert events["topic"] == "prerequisites"
    assert "International students" in lead_of(text)


async def test_the_second_year_is_not_the_second_programme(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker(
        "and for the second year?", "ask_admission_process", slots={"programme": ST4}
    )
    _, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert slots["programme"] == ST4


@pytest.mark.parametrize(
    ("question", "unnamed"),
    [("Who is the director of the radiophysics M2?", True), ("how do I contact them?", False)],
)
async def test_contact_says_when_the_page_names_nobody_for_what_was_asked(
    kb, domain, dispatcher, make_tracker, question, unnamed
):
    tracker = make_tracker(question, "ask_contact", slots={"programme": RADIO})
    text, _ = await run(ActionContact(kb=kb), dispatcher, tracker, domain)
    assert ("does not state" in text) == unnamed
    assert "https://urlz.fr/i3Lo" in text


async def test_contact_says_the_page_gives_no_contact_detail_when_it_gives_none(
    kb, domain, dispatcher, make_tracker
):
    tracker = make_tracker("any email address for ST4Health?", "ask_contact")
    text, _ = await run(ActionContact(kb=kb), dispatcher, tracker, domain)
    assert text.startswith("The ST4Health page does not state contact details.")
    assert "admissions office of PSL" in text


async def test_a_declined_french_comparison_finds_its_topic_through_the_lexicon(
    kb, domain, dispatcher, make_tracker
):
    tracker = make_tracker("Comparez les frais des trois formations", "nlu_fallback")
    text, slots = await run(triage(kb), dispatcher, tracker, domain)
    assert slots["topic"] == "fees"
    assert "€250" in text and "may vary" in text


async def test_an_eligibility_question_under_another_intent_gets_the_requirements(
    kb, domain, dispatcher, make_tracker
):
    question = (
        "I have a master's in medical physics from Milan. Can I apply to the Leuven certificate?"
    )
    tracker = make_tracker(question, "ask_deadlines")
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert slots["topic"] == "prerequisites"
    assert "master’s degree in medical (radiation) physics" in lead_of(text)


async def test_when_every_period_has_closed_the_reply_says_so_first_latest_round_first(
    kb, domain, dispatcher, make_tracker
):
    tracker = make_tracker("When is the ST4Health deadline?", "ask_deadlines")
    text, _ = await run(answer(kb), dispatcher, tracker, domain)
    first = lead_of(text)
    assert "Every application period the page gives has closed" in first
    assert "May 2, 2025" in first and "March 13, 2025" not in first


async def test_a_round_the_student_names_leads(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker("when does round 1 of st4health close?", "ask_deadlines")
    text, _ = await run(answer(kb), dispatcher, tracker, domain)
    assert "March 13, 2025" in lead_of(text)


@pytest.mark.parametrize(
    ("question", "intent", "expected"),
    [
        # "can I apply" / "can I do the" ask about the dates and the interview, not entry
        ("between which dates can I apply to ST4Health?", "ask_deadlines", "May 2, 2025"),
        ("Can I do the ST4Health admission interview from abroad?", "ask_admission_process",
         "interview (remote)"),
    ],
)  # fmt: skip
async def test_a_can_i_question_about_another_topic_keeps_that_topic(
    kb, domain, dispatcher, make_tracker, question, intent, expected
):
    tracker = make_tracker(question, intent)
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert slots["topic"] != "prerequisites"
    assert expected in lead_of(text)


async def test_a_topic_fact_is_not_outranked_by_a_line_naming_the_topic_word(
    kb, domain, dispatcher, make_tracker
):
    # the compulsory list never says "document"; "Document at your convenience" does
    tracker = make_tracker(
        "what documents do they want?", "ask_documents", slots={"programme": RADIO, "level": "M2"}
    )
    text, _ = await run(answer(kb), dispatcher, tracker, domain)
    assert "Motivation letter" in lead_of(text)


async def test_the_one_list_item_that_answers_is_quoted_alone(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker("What is the VAP file for the radiophysics master?", "ask_documents")
    text, _ = await run(answer(kb), dispatcher, tracker, domain)
    first = lead_of(text)
    assert "VAP file (obligatory" in first
    assert "Document at your convenience" not in first


async def test_an_unsure_topic_intent_yields_to_the_questions_own_words(
    kb, domain, dispatcher, make_tracker
):
    tracker = make_tracker("medical radiophysics, give me the big picture", "ask_capacity")
    tracker.latest_message["intent"]["confidence"] = 0.62
    text, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert slots["topic"] == "overview"
    assert "trains specialists" in lead_of(text)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("How many hours per week of classes are there in ST4Health?", "ask_curriculum"),
        ("Is the ST4Health M2 research internship paid?", "ask_internships"),
    ],
)
async def test_a_number_or_a_yes_the_page_cannot_give_is_said_not_stated(
    kb, domain, dispatcher, make_tracker, question, intent
):
    tracker = make_tracker(question, intent)
    text, _ = await run(answer(kb), dispatcher, tracker, domain)
    assert "does not state" in lead_of(text)


async def test_a_level_inside_a_programme_name_is_not_the_students_level(
    kb, domain, dispatcher, make_tracker
):
    question = "what are the fees of the medical radiophysics m2?"
    start = question.index("medical")
    entities = [
        {"entity": "programme", "value": RADIO, "start": start, "end": len(question) - 1},
        {"entity": "level", "value": "M2", "start": len(question) - 3, "end": len(question) - 1},
    ]
    tracker = make_tracker(question, "ask_fees", entities=entities, slots={"level": "M2"})
    _, slots = await run(answer(kb), dispatcher, tracker, domain)
    assert slots["level"] is None


async def test_a_sentence_only_naming_the_topic_does_not_answer_a_page_with_nothing_on_it(
    kb, domain, dispatcher, make_tracker
):
    # the Leuven page files nothing under documents; "Consult the documents on educational
    # quality…" only shares the word
    tracker = make_tracker(
        "What documents do I need for the Leuven certificate?",
        "ask_documents",
        entities=[{"entity": "programme", "value": LEUVEN}],
    )
    text, _ = await run(answer(kb), dispatcher, tracker, domain)
    assert "does not state" in lead_of(text)
    assert "educational quality" not in text
