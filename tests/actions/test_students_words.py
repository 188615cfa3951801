"""Questions as students type them: typos, unnamed follow-ups, a topic asked of every programme."""

from datetime import date

import pytest

from actions.answer import ActionAnswer
from actions.programmes import ActionListProgrammes
from actions.triage import ActionTriage
from knowledge.passages import correct_typos
from tests.actions.conftest import slots_set

TODAY = date(2026, 11, 29)
ST4 = "st4health"
LEUVEN = "leuven-medical-physics"


async def run(action, dispatcher, tracker, domain):
    events = await action.run(dispatcher, tracker, domain)
    texts = [
        message.get("text") or message.get("response") or "" for message in dispatcher.messages
    ]
    return "\n".join(texts), slots_set(events)


def lead_of(text: str) -> str:
    return text.split("\n")[0]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("hosuing help st4helth?", "housing help st4health?"),
        ("trakcs in ST4Heath?", "tracks in st4health?"),
        ("st4health intervew online", "st4health interview online"),
        # names of places, short words and everyday words stay as typed
        ("a bachelor from Cairo University", "a bachelor from Cairo University"),
        ("which tests count?", "which tests count?"),
        ("le moins cher", "le moins cher"),
        # a slip keeps a short word's first letter: "hours" is not "cours" mistyped
        ("how many hours per week?", "how many hours per week?"),
    ],
)
def test_typos_are_read_as_the_pages_words(kb, typed, read):
    names = ActionAnswer(kb=kb).programme_words()
    assert correct_typos(kb.db, typed, names=names) == read


async def test_a_misspelt_topic_beside_a_programme_name_is_answered(
    kb, domain, dispatcher, make_tracker
):
    # The NLU read only the programme name; the topic is in the (misspelt) words.
    tracker = make_tracker(
        "hosuing help st4health?",
        "inform_programme",
        entities=[{"entity": "programme", "value": ST4}],
    )
    text, slots = await run(ActionAnswer(kb=kb, today=lambda: TODAY), dispatcher, tracker, domain)
    assert "help with housing" in lead_of(text)
    assert slots["topic"] == "housing"


async def test_a_question_about_the_remembered_programme_is_not_declined(
    kb, domain, dispatcher, make_tracker
):
    tracker = make_tracker(
        "can I find an apartment in Paris?", "out_of_scope", slots={"programme": ST4}
    )
    text, slots = await run(ActionTriage(kb=kb, today=lambda: TODAY), dispatcher, tracker, domain)
    assert "help with housing" in text
    assert slots["answer_status"] == "answered"


@pytest.mark.parametrize(
    ("question", "programme"),
    [
        ("can you find me a cheap flight from Rome to Paris?", ST4),
        ("what's the weather like in Leuven in winter?", LEUVEN),
    ],
)
async def test_an_off_topic_question_stays_declined_with_a_programme_remembered(
    kb, domain, dispatcher, make_tracker, question, programme
):
    tracker = make_tracker(question, "out_of_scope", slots={"programme": programme})
    text, slots = await run(ActionTriage(kb=kb, today=lambda: TODAY), dispatcher, tracker, domain)
    assert text == "utter_out_of_scope"
    assert "programme" not in slots  # declining does not forget it


async def test_the_programme_s_town_in_an_off_topic_question_does_not_make_it_ours(
    kb, domain, dispatcher, make_tracker
):
    # The NLU finds the programme's name in "Leuven" and declines the question.
    leuven = [{"entity": "programme", "value": LEUVEN, "start": 27, "end": 33}]
    tracker = make_tracker(
        "what's the weather like in leuven?", "out_of_scope", leuven, slots={"programme": LEUVEN}
    )
    text, slots = await run(ActionTriage(kb=kb, today=lambda: TODAY), dispatcher, tracker, domain)
    assert text == "utter_out_of_scope"
    assert "programme" not in slots


async def test_a_short_follow_up_narrows_the_last_topic(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker(
        "can I do it abroad?", "nlu_fallback", slots={"programme": ST4, "topic": "internships"}
    )
    text, slots = await run(ActionTriage(kb=kb, today=lambda: TODAY), dispatcher, tracker, domain)
    assert "four-month internship if abroad" in lead_of(text)
    assert slots["topic"] == "internships"


async def test_a_follow_up_the_page_cannot_narrow_is_not_kept_on_the_last_topic(
    kb, domain, dispatcher, make_tracker
):
    # No sentence speaks of both the fees and a bachelor: this asks about getting in.
    tracker = make_tracker(
        "can I apply with a bachelor in biology?",
        "nlu_fallback",
        slots={"programme": ST4, "topic": "fees"},
    )
    text, slots = await run(ActionTriage(kb=kb, today=lambda: TODAY), dispatcher, tracker, domain)
    assert slots["topic"] == "prerequisites"
    assert "€250" not in text


async def test_the_sentence_listing_the_topic_leads_a_bare_topic_question(
    kb, domain, dispatcher, make_tracker
):
    tracker = make_tracker(
        "ST4Health tracks?", "ask_tracks", entities=[{"entity": "programme", "value": ST4}]
    )
    text, _ = await run(ActionAnswer(kb=kb, today=lambda: TODAY), dispatcher, tracker, domain)
    assert "offers three tracks" in lead_of(text)
    assert text.index("AI & Digital Health") < text.index("organized in three different tracks")


async def test_a_topic_asked_of_every_programme_is_answered_side_by_side(
    kb, domain, dispatcher, make_tracker
):
    tracker = make_tracker("compare the tuition of all your programmes please", "list_programmes")
    action = ActionListProgrammes(kb=kb, today=lambda: TODAY)
    text, slots = await run(action, dispatcher, tracker, domain)
    assert "€250" in text and "may vary" in text
    assert slots["topic"] == "fees"


async def test_a_bare_request_for_the_list_still_lists_the_programmes(
    kb, domain, dispatcher, make_tracker
):
    tracker = make_tracker("which programmes do you have?", "list_programmes")
    action = ActionListProgrammes(kb=kb, today=lambda: TODAY)
    text, _ = await run(action, dispatcher, tracker, domain)
    assert "Leuven" in text and "ST4Health" in text and "€" not in text


@pytest.mark.parametrize(
    ("question", "intent", "programme"),
    [
        ("how many places are there in the M2?", "ask_capacity", ST4),
        ("how many hours of class per week?", "ask_curriculum", "medical-radiophysics-m2"),
    ],
)
async def test_a_number_asked_and_not_given_is_not_stated_with_the_closest_sentence(
    kb, domain, dispatcher, make_tracker, question, intent, programme
):
    tracker = make_tracker(question, intent, slots={"programme": programme})
    text, slots = await run(ActionAnswer(kb=kb, today=lambda: TODAY), dispatcher, tracker, domain)
    assert "does not state exactly" in lead_of(text)
    assert slots["answer_status"] == "not_stated"


async def test_a_number_the_page_gives_in_words_is_answered(kb, domain, dispatcher, make_tracker):
    tracker = make_tracker("how many years does it take?", "ask_duration", slots={"programme": ST4})
    text, slots = await run(ActionAnswer(kb=kb, today=lambda: TODAY), dispatcher, tracker, domain)
    assert "two-year course" in lead_of(text)
    assert slots["answer_status"] == "answered"
