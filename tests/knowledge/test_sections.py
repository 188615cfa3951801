"""Headings map to topics through topics.yml; navigation and furniture are left out."""

import pytest

from knowledge.config import load_topic_config
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
    ],
)
def test_heading_topics(heading: str, topic: str, groups: dict) -> None:
    assert match_heading(heading, CONFIG) == (topic, groups)


@pytest.mark.parametrize(
    "line",
    ["Motivation letter.", "Institut Curie", "The M2 year offers three tracks.", "- Physics"],
)
def test_ordinary_lines_are_not_headings(line: str) -> None:
    assert match_heading(line, CONFIG) is None


def test_navigation_is_cut_and_title_skipped() -> None:
    page = "Some Programme\nTracks\n- A (AA)\n- B (BB)\nFind your course\n- By degree\nContact\n"
    sections = split_sections(page_lines(page, CONFIG), CONFIG)
    assert [(section.label, section.topic) for section in sections] == [("Tracks", "tracks")]
    assert [line.text for line in sections[0].lines] == ["- A (AA)", "- B (BB)"]
