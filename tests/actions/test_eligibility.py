"""Eligibility questions: the student's background matched against what the page says."""

from datetime import date

import pytest

from actions.answer import ActionAnswer
from actions.context import background, own_degrees

TODAY = date(2026, 11, 28)


async def ask(kb, domain, dispatcher, make_tracker, text, programme):
    tracker = make_tracker(text, "ask_prerequisites", slots={"programme": programme})
    await ActionAnswer(kb=kb, today=lambda: TODAY).run(dispatcher, tracker, domain)
    return "\n".join(message.get("text") or "" for message in dispatcher.messages)


@pytest.mark.parametrize(
    ("text", "said", "degrees"),
    [
        (
            "I hold a master in electrical engineering from Cairo. What year can I enter?",
            "I hold a master in electrical engineering from Cairo.",
            ("master",),
        ),
        ("I have a degree in electrical engineering", None, ("degree",)),
        (
            "I'm a radiographer but no master. Could I do it?",
            "I'm a radiographer but no master.",
            (),
        ),
        (
            "I have work experience but not the required diploma for the M2. Is there a way in?",
            "I have work experience but not the required diploma for the M2.",
            (),
        ),
        ("I have a bachelor's in biology, can I apply?", None, ("bachelor",)),
        ("What are the prerequisites?", "", ()),
    ],
)
def test_background_is_what_the_student_says_of_themselves(text, said, degrees):
    assert background(text) == (text if said is None else said)
    assert own_degrees(background(text)) == degrees


@pytest.mark.parametrize(
    ("text", "programme", "first_line_has", "lead"),
    [
        # their degree named by the page comes first, under the background frame
        (
            "I hold a master in electrical engineering from Cairo University. "
            "What year of ST4Health can I enter?",
            "st4health",
            "Master's degree or equivalent M1",
            "For a background like yours",
        ),
        (
            "I only have a bachelor in economics. Can I still apply to ST4Health?",
            "st4health",
            # Both bachelor sentences name their degree; the one in the student's own word
            # ("bachelor", not "Bachelors") leads.
            "Most Bachelor's degrees of sciences",
            "For a background like yours",
        ),
        # "a degree in engineering": the sentences about degrees come before one that only
        # shares the word "engineering" (residents… engineering students apply to the M2)
        (
            "Hello, I am from Morocco, I have a degree in electrical engineering and three "
            "years of experience working on MRI machines. Am I eligible for ST4Health?",
            "st4health",
            "degree",
            "For a background like yours",
        ),
        # "no master": the page's master's requirement is quoted plainly, not as theirs
        (
            "I'm a radiographer with 10 years in a hospital but no master. Could I do the "
            "postgraduate certificate?",
            "leuven-medical-physics",
            "After a master’s degree in medical (radiation) physics",
            "The Leuven Medical Physics page says",
        ),
    ],
)
async def test_the_page_sentence_about_their_background_leads(
    kb, domain, dispatcher, make_tracker, text, programme, first_line_has, lead
):
    reply = await ask(kb, domain, dispatcher, make_tracker, text, programme)
    first = reply.splitlines()[0]
    assert first.startswith(lead)
    assert first_line_has in first
    assert reply.splitlines()[-1] == "Each application is examined by the programme, which decides."


@pytest.mark.parametrize(
    ("text", "second_line_has"),
    [
        # the page is silent on requirements, but says what work experience can do
        (
            "I have work experience but not the required diploma for the radiophysics M2. "
            "Is there a way in?",
            "VAP file",
        ),
        # nothing on the page speaks of getting in with this background: nothing is offered
        (
            "I did an M1 in physics at Université Grenoble Alpes. Do I qualify for the INSTN M2?",
            "It says, for non-French speakers",
        ),
    ],
)
async def test_a_page_silent_on_requirements_says_so_then_what_fits_the_background(
    kb, domain, dispatcher, make_tracker, text, second_line_has
):
    reply = await ask(kb, domain, dispatcher, make_tracker, text, "medical-radiophysics-m2")
    lines = reply.splitlines()
    assert "does not state the admission requirements" in lines[0]
    assert second_line_has in lines[1]
