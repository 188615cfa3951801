"""Headings map to topics through topics.yml; navigation and furniture are left out."""

import pytest

from knowledge.config import load_topic_config
from knowledge.extract import analyse_page, page_sentences
from knowledge.patterns import make_nlp
from knowledge.sections import match_heading, page_lines, split_sections

CONFIG = load_topic_config()


@pytest.mark.parametrize(
    ("heading", "topic", "groups"),
    [
        ("Application Period(s)", "deadlines", {}),
        ("Application timelines", "deadlines", {}),
        ("Supporting documents", "documents", {}),
        ("Supporting documents :", "documents", {}),
        ("Compulsory supporting documents", "documents", {"subtopic": "Compulsory"}),
        ("Prerequisites (M2)", "prerequisites", {"subtopic": "M2"}),
        ("Who should apply?", "prerequisites", {}),
        ("Opportunities", "careers", {}),
        ("Tuition fees 2024/2025", "fees", {"year": "2024/2025"}),
        ("Fees and scholarships", "fees", {}),
        ("Teaching location", "location", {}),
        ("Location", "location", {}),
        ("Tracks", "tracks", {}),
        ("Capacity", "capacity", {}),
        ("Available Places", "capacity", {}),
        ("Admission process (M2 only in 2025)", "admission", {}),
        ("Contact", "contact", {}),
        ("Objectives", "curriculum", {}),
        ("What can you find on this webpage?", "", {}),
        ("How will I be evaluated?", "assessment", {}),
        ("How do I register?", "admission", {}),
        ("Who should register?", "prerequisites", {}),
        ("What is this programme about?", "overview", {}),
        ("Documents à joindre", "documents", {}),
        ("Core modules", "curriculum", {}),
        ("Stage clinique", "internships", {}),
        ("How much does the course cost?", "fees", {}),
        ("How long is the programme?", "duration", {}),
        ("Quels débouchés ?", "careers", {}),
        ("Comment candidater ?", "admission", {}),
        ("Where will I live?", "housing", {}),
        ("How are modules assessed?", "assessment", {}),
        ("Is it accredited?", "recognition", {}),
    ],
)
def test_heading_topics(heading: str, topic: str, groups: dict) -> None:
    assert match_heading(heading, CONFIG) == (topic, groups)


@pytest.mark.parametrize(
    "line",
    [
        "Motivation letter.",
        "Institut Curie",
        "The M2 year offers three tracks.",
        "- Physics",
        "How much time does it take to hear back?",
    ],
)
def test_ordinary_lines_are_not_headings(line: str) -> None:
    assert match_heading(line, CONFIG) is None


def test_navigation_is_cut_and_title_skipped() -> None:
    page = "Some Programme\nTracks\n- A (AA)\n- B (BB)\nFind your course\n- By degree\nContact\n"
    sections = split_sections(page_lines(page, CONFIG), CONFIG)
    assert [(section.label, section.topic) for section in sections] == [("Tracks", "tracks")]
    assert [line.text for line in sections[0].lines] == ["- A (AA)", "- B (BB)"]


def test_page_sentences_keep_their_heading_and_the_page_words() -> None:
    page = (
        "# MSc Example\n\n## How to apply\n\nApplications close on 31 March 2026. Apply online.\n"
        "\n## Why Leeds\n\nA   lively city.\n"
    )
    sentences = page_sentences(page, config=CONFIG, nlp=make_nlp())
    assert [(item.heading, item.topic, item.text) for item in sentences] == [
        ("How to apply", "admission", "Applications close on 31 March 2026."),
        ("How to apply", "admission", "Apply online."),
        ("Why Leeds", None, "A lively city."),
    ]
    assert page[sentences[0].start : sentences[0].end] == "Applications close on 31 March 2026."


def test_french_lemmas_let_one_keyword_match_its_inflections() -> None:
    page = (
        "Master Exemple\n\nPrésentation\n\n"
        "Les diplômés travaillent comme biostatisticiens dans les agences sanitaires.\n"
        "Les unités sont évaluées en contrôle continu.\n"
    )
    analysis = analyse_page(page, programme="x", source="x.txt", config=CONFIG, nlp=make_nlp("fr"))
    topics = {(draft.fields["topic"], draft.fields["quote"][:20]) for draft in analysis.drafts}
    assert ("careers", "Les diplômés travail") in topics
    assert ("assessment", "Les unités sont éval") in topics


@pytest.mark.parametrize("marker", ["- ", "  - ", "    • ", "→ - ", "  1) "])
def test_page_sentences_of_bulleted_lines_start_at_the_first_word(marker: str) -> None:
    page = f"# MSc Example\n\n## How to apply\n\n{marker}Apply online before 31 March 2026.\n"
    sentences = page_sentences(page, config=CONFIG, nlp=make_nlp())
    assert [item.text for item in sentences] == ["Apply online before 31 March 2026."]
    assert page[sentences[0].start : sentences[0].end] == "Apply online before 31 March 2026."


@pytest.mark.parametrize(
    ("line", "topic"),
    [
        ("- Duur / Duration: 2 years (full-time)", "duration"),
        ("Diploma from within the EEA | Application deadline: 1 June 2026", "deadlines"),
        ("Start / Start: Academic year 2026-2027 starts on 21 September 2026", "start_date"),
    ],
)
def test_any_part_of_a_bilingual_or_table_label_names_the_topic(line: str, topic: str) -> None:
    page = f"# MSc Example\n\n{line}\n"
    analysis = analyse_page(page, programme="x", source="x.txt", config=CONFIG, nlp=make_nlp())
    assert topic in {draft.fields["topic"] for draft in analysis.drafts}


def test_a_list_intro_worded_as_a_heading_files_the_list_under_its_topic() -> None:
    page = (
        "# MSc Example\n\n## How to apply\n\nApply through the online portal.\n\n"
        "Required documents (uploaded as PDF):\n- a CV\n- a copy of your degree certificate\n"
    )
    analysis = analyse_page(page, programme="x", source="x.txt", config=CONFIG, nlp=make_nlp())
    documents = [d.fields["quote"] for d in analysis.drafts if d.fields["topic"] == "documents"]
    assert any("a copy of your degree certificate" in quote for quote in documents)


def _topics_of(page: str, quote_start: str, language: str = "en") -> set[str]:
    analysis = analyse_page(
        page, programme="x", source="x.txt", config=CONFIG, nlp=make_nlp(language)
    )
    return {d.fields["topic"] for d in analysis.drafts if d.fields["quote"].startswith(quote_start)}


def test_the_title_names_the_degree_only_when_nothing_else_does() -> None:
    page = "# Master of Science in Biostatistics\n\n## Fees\n\nTuition is $685 per credit hour.\n"
    assert "degree" in _topics_of(page, "Master of Science in Biostatistics")
    labelled = page + "\n## Key facts\n\n- Degree: MSc (Master of Science)\n"
    assert _topics_of(labelled, "Master of Science in Biostatistics") == set()


def test_the_first_paragraph_of_prose_below_a_key_facts_list_is_the_overview() -> None:
    page = (
        "# Online Certificate in Trials\n\nPart-time · 100% online\n\n- Length: 8 months\n\n"
        "This certificate gives nurses the skills to run clinical trials.\n\n## Courses\n\n"
        "- CTM 101 Foundations\n"
    )
    assert "overview" in _topics_of(page, "This certificate gives nurses")


def test_a_sentence_naming_a_related_topic_stays_under_its_heading_too() -> None:
    page = (
        "# MSc Example\n\n## Admission requirements\n\n"
        "Holders of another degree are assessed individually by the admission committee.\n\n"
        "## How to apply\n\nApplications close on 31 March 2026.\n"
    )
    assert {"prerequisites", "admission"} <= _topics_of(page, "Holders of another degree")
    assert "admission" not in _topics_of(page, "Applications close")  # a deadline moves
