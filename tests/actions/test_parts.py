"""A message asking several things: its questions apart, each answered from its own topic."""

from datetime import date

import pytest

from actions.parts import asked_topics, plain_words, question_parts, topic_in_words
from actions.triage import ActionTriage
from tests.actions.conftest import slots_set

TODAY = date(2026, 11, 28)
ST4 = "st4health"
RADIO = "medical-radiophysics-m2"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # the story told before the question is not a question
        (
            "I work in a lab in Accra since 2019. Is the ST4Health master for me, and how much "
            "is it per year?",
            ["Is the ST4Health master for me", "how much is it per year?"],
        ),
        (
            "Quel est le prix ? Et quand faut-il candidater ?",
            ["Quel est le prix ?", "quand faut-il candidater ?"],
        ),
        ("what are the fees and deadlines", ["what are the fees and deadlines"]),
        ("I live in Lille. I want to study.", ["I want to study."]),
        # a last question left unpunctuated is still asked
        (
            "can I start in M2? and what is the price for non EU students",
            ["can I start in M2?", "what is the price for non EU students"],
        ),
    ],
)
def test_a_message_is_read_as_its_questions(text, parts):
    assert question_parts(text) == parts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I am a midwife from Ghana with eight years on a maternity ward. Is ST4Health "
            "right for me and how much would I pay?",
            [("Is ST4Health right for me", "prerequisites"), ("how much would I pay?", "fees")],
        ),
        (
            "Could I get into the radiophysics M2, and by when must I send everything?",
            [
                ("Could I get into the radiophysics M2", "prerequisites"),
                ("by when must I send everything?", "deadlines"),
            ],
        ),
        # one question naming two topics joined by "and"
        (
            "compare the tuition and the deadline of each programme",
            [
                # each asked as if alone: the other topic's words count against no sentence
                ("compare the tuition and the of each programme", "fees"),
                ("compare the and the deadline of each programme", "deadlines"),
            ],
        ),
        # one topic, or a question whose topic its words do not say: answered as a whole
        ("how much is the tuition and what does it cost for the CVEC?", []),
        ("Is ST4Health for me and what about the food?", []),
        ("what are the fees?", []),
    ],
)
def test_each_question_gets_the_topic_its_own_words_name(text, expected):
    assert asked_topics(text) == expected


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("out of the three which is the least expensive", "fees"),
        ("which one is longest?", "duration"),
        ("could I get into the AI track?", "prerequisites"),  # named first: getting in
        ("quel master me conviendrait ?", "prerequisites"),
        ("quelle formation me correspond le mieux ?", "prerequisites"),
        ("hello there", None),
    ],
)
def test_a_question_s_own_words_name_its_topic(text, topic):
    assert topic_in_words(text) == topic


def test_comparatives_are_searched_as_the_pages_say_them():
    assert (
        plain_words("Which is Shorter, and which is cheaper?")
        == "Which is long, and which is cost?"
    )


async def test_a_long_story_with_two_questions_gets_both_answered(
    kb, domain, dispatcher, make_tracker
):
    text = (
        "Good evening, I'm a midwife from Ghana, I finished my bachelor in midwifery in 2017 "
        "and I have worked on a maternity ward for eight years. Is ST4Health right for me "
        "and how much would I pay each year?"
    )
    # long stories are often declined by the NLU: the questions in them are still ours
    tracker = make_tracker(text, "out_of_scope")
    events = await ActionTriage(kb=kb, today=lambda: TODAY).run(dispatcher, tracker, domain)
    reply = "\n".join(message.get("text") or "" for message in dispatcher.messages)
    eligibility, fees = reply.split("\n\n")
    assert "Bachelor" in eligibility
    assert "€250" in fees
    assert slots_set(events)["topic"] == "fees"


async def test_a_comparison_reads_its_topic_from_its_words(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker("which of your masters costs the least?", "nlu_fallback")
    await ActionTriage(kb=kb, today=lambda: TODAY).run(dispatcher, tracker, domain)
    reply = "\n".join(message.get("text") or "" for message in dispatcher.messages)
    assert reply.startswith("The ST4Health page says")  # the page that states a fee first
    assert "€250" in reply.split("\n\n")[0]
    assert "Medical Radiophysics page does not state" in reply


async def test_a_programme_named_in_the_story_does_not_narrow_which_programme_fits(
    kb, domain, dispatcher, make_tracker
):
    text = (
        "I studied biomedical engineering in Amman and repaired MRI scanners for three years. "
        "Which programme would fit me?"
    )
    tracker = make_tracker(text, "out_of_scope")
    events = await ActionTriage(kb=kb, today=lambda: TODAY).run(dispatcher, tracker, domain)
    assert len(slots_set(events)["programme"]) == 3
    reply = "\n".join(message.get("text") or "" for message in dispatcher.messages)
    # the pages that state requirements come before the one silent on them
    assert reply.index("ST4Health page") < reply.index("Medical Radiophysics page")


async def test_years_of_experience_do_not_match_a_year_of_the_programme(
    kb, domain, dispatcher, make_tracker
):
    text = (
        "As a midwife with 7 years on a maternity ward in Cairo, is ST4Health suitable for me? "
        "What would I pay per year?"
    )
    tracker = make_tracker(text, "out_of_scope")
    await ActionTriage(kb=kb, today=lambda: TODAY).run(dispatcher, tracker, domain)
    reply = "\n".join(message.get("text") or "" for message in dispatcher.messages)
    first = reply.split("\n\n")[0]
    # the requirement naming health sciences, not "apply directly for the second year"
    assert "other health sciences" in first
    assert "€250" in reply.split("\n\n")[1]


async def test_a_cue_word_is_not_mended_into_a_page_word(kb, domain, dispatcher, make_tracker):
    # "chère" is on no page: mended, it became "where" and the answer the campus
    tracker = make_tracker(
        "Quel master est le moins cher ? lequel est le plus chère ?", "nlu_fallback"
    )
    events = await ActionTriage(kb=kb, today=lambda: TODAY).run(dispatcher, tracker, domain)
    assert slots_set(events)["topic"] == "fees"


async def test_a_list_of_programmes_asked_with_a_topic_answers_it(
    kb, domain, dispatcher, make_tracker
):
    from actions.programmes import ActionListProgrammes

    tracker = make_tracker("which of your programmes can I follow in English?", "list_programmes")
    events = await ActionListProgrammes(kb=kb, today=lambda: TODAY).run(dispatcher, tracker, domain)
    assert slots_set(events)["topic"] == "language"
    assert len(slots_set(events)["programme"]) == 3


def test_a_story_then_is_it_for_me_and_when_to_apply_asks_two_things():
    text = (
        "I'm a physiotherapist from Morocco with 3 yrs experience in a clinic. "
        "is the ST4Health master ok for me and when do I have to apply?"
    )
    assert [topic for _, topic in asked_topics(text)] == ["prerequisites", "deadlines"]


async def test_would_they_accept_somebody_with_only_a_licence_is_answered_from_the_prerequisites(
    kb, domain, dispatcher, make_tracker
):
    text = (
        "I finished a licence in chemistry in Lyon and work as a lab technician in a hospital. "
        "Would the Medical Radiophysics M2 accept somebody with only a licence, "
        "or do I need a master first?"
    )
    tracker = make_tracker(text, "out_of_scope")
    action = ActionTriage(kb=kb, today=lambda: date(2026, 11, 29))
    await action.run(dispatcher, tracker, domain)
    reply = " ".join(message.get("text") or "" for message in dispatcher.messages)
    assert "does not state that" not in reply
    assert kb.programme("medical-radiophysics-m2").page_name in reply
