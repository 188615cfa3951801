"""Freely worded headings, labels and layouts still file each sentence under its topic."""

from pathlib import Path

import pytest

from knowledge.config import load_topic_config
from knowledge.documents import extract_page
from knowledge.extract import analyse_page
from knowledge.heading_cues import cue_topic
from knowledge.money import find_money
from knowledge.patterns import make_nlp
from knowledge.sections import label_topic, page_lines, split_sections
from knowledge.values import find_dates

CONFIG = load_topic_config()


@pytest.mark.parametrize(
    ("heading", "topic"),
    [
        ("What will it cost?", "fees"),
        ("Money matters", "fees"),
        ("Can I get help paying?", "scholarships"),
        ("Is there somewhere to live?", "housing"),
        ("When do I need to apply by?", "deadlines"),
        ("Dates for your diary", "deadlines"),
        ("What happens after I apply?", "admission"),
        ("What can I do afterwards?", "careers"),
        ("Your future", "careers"),
        ("Is this for me?", "prerequisites"),
        ("Getting in", "prerequisites"),
        ("Get in touch", "contact"),
        ("Start date", "start_date"),
        ("7. Examination Fee, Admission Fee and Tuition", "fees"),
        ("2. Admission Capacity", "capacity"),
        ("Combien de temps dure le master ?", "duration"),
        ("Existe-t-il des réductions ?", "scholarships"),
        ("Pour qui ?", "prerequisites"),
    ],
)
def test_a_heading_names_its_topic_by_its_words(heading: str, topic: str) -> None:
    assert cue_topic(heading, CONFIG) == topic


@pytest.mark.parametrize("heading", ["Frequently asked questions", "Next steps", "Student life"])
def test_a_heading_with_no_topic_word_names_none(heading: str) -> None:
    assert cue_topic(heading, CONFIG) is None


def test_a_freely_worded_label_needs_a_strong_cue() -> None:
    assert label_topic("Size of the cohort: up to 14 students", CONFIG)[0] == "capacity"
    assert label_topic("Taught in: English", CONFIG)[0] == "language"
    assert label_topic("Fall admission: July 1, 2026.", CONFIG) is None


def _topics_of(page: str, quote_start: str) -> set[str]:
    analysis = analyse_page(page, programme="p", source="p.txt", config=CONFIG, nlp=make_nlp("en"))
    return {
        draft.fields["topic"]
        for draft in analysis.drafts
        if draft.fields["quote"].startswith(quote_start)
    }


def test_underlined_question_and_run_in_headings_head_their_text() -> None:
    page = (
        "MSc Example\n\nThe money side\n--------------\n\nPlease budget for books.\n\n"
        "Where will I live?\n\nMost students rent near the campus.\n\n"
        "Career Opportunities. Most alumni now lead teams in industry.\n"
    )
    sections = split_sections(page_lines(page, CONFIG), CONFIG)
    assert [section.topic for section in sections if section.topic] == [
        "fees",
        "housing",
        "careers",
    ]
    assert "careers" in _topics_of(page, "Most alumni now lead teams")


def test_a_running_header_repeated_on_every_page_is_not_content() -> None:
    header = "Example University | Faculty of Health | Leaflet 2026"
    page = (
        f"{header}\n\nTitle\n\nThe course lasts one year.\n\n{header}\n\nFees\n\nIt costs £100.\n"
    )
    lines = [
        line
        for section in split_sections(page_lines(page, CONFIG), CONFIG)
        for line in section.lines
    ]
    assert header not in [line.text for line in lines]


def test_label_tables_and_accordion_buttons_keep_their_words(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><main><h1>MSc Example</h1><p>A course about examples for everyone.</p>"
        "<table><tr><th>Degree</th><td>Master of Science</td></tr>"
        "<tr><th>Begins</th><td>1 October 2026</td></tr></table>"
        '<h2><button class="accordion-button">Living here</button></h2>'
        "<p>Rooms in the halls cost about 300 euros a month.</p>"
        '<p><a class="btn" href="/apply">Apply now</a></p></main></body></html>',
        encoding="utf-8",
    )
    text = extract_page(page)
    assert "Degree: Master of Science" in text and "Begins: 1 October 2026" in text
    assert "## Living here" in text and "Apply now" not in text


def test_hard_wrapped_text_and_text_tables_are_joined_back(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    wrapped = "\n".join(
        ["This programme is for nurses who want to lead end-of-life care in", "their service."] * 6
    )
    page.write_text(
        "Title\n\n+------+-----+\n| Places offered | 40 |\n| ECTS credits | 60 |\n"
        f"+------+-----+\n\n{wrapped}\n",
        encoding="utf-8",
    )
    text = extract_page(page)
    assert "Places offered: 40" in text and "ECTS credits: 60" in text
    assert "lead end-of-life care in their service." in text


def test_day_first_dashed_dates_and_more_currencies_are_read() -> None:
    assert [date.iso for date in find_dates("15-04-2026 to 20-05-2026")] == [
        "2026-04-15",
        "2026-05-20",
    ]
    assert [(m.amount, m.currency) for m in find_money("38 000 DH par an, 535,800 yen")] == [
        (38000, "MAD"),
        (535800, "JPY"),
    ]
