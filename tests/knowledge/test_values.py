"""Parsing of dates, money, times and academic years, and the spaCy entity patterns."""

import pytest

from knowledge.patterns import count_matches, make_nlp
from knowledge.values import (
    format_date,
    format_money,
    parse_academic_year,
    parse_date_range,
    parse_money,
    parse_time,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/03/2026 to 15/06/2026", ("2026-03-15", "2026-06-15")),
        ("January 14 to March 13, 2025", ("2025-01-14", "2025-03-13")),
        ("April 1st to May 2, 2025", ("2025-04-01", "2025-05-02")),
        ("November 3 to January 10, 2026", ("2025-11-03", "2026-01-10")),
        ("1 February to 30 April 2026", ("2026-02-01", "2026-04-30")),
    ],
)
def test_parse_date_range(text: str, expected: tuple[str, str]) -> None:
    assert parse_date_range(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("€250 /year", (250.0, "EUR", "year")),
        ("€103 /year", (103.0, "EUR", "year")),
        ("€3,000 per year", (3000.0, "EUR", "year")),
        ("1.200 € per semester", (1200.0, "EUR", "semester")),
        ("£9250", (9250.0, "GBP", None)),
    ],
)
def test_parse_money(text: str, expected: tuple) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024/2025", "2024/2025"), ("the 2026/27 academic year", "2026/2027"), ("15/03/2026", None)],
)
def test_parse_academic_year(text: str, expected: str | None) -> None:
    assert parse_academic_year(text) == expected


def test_formatting_and_time() -> None:
    assert parse_time("23:59 CET time") == "23:59 CET"
    assert format_money(250.0, "EUR") == "€250"
    assert format_date("2025-04-01") == "1 April 2025"


@pytest.mark.parametrize(
    ("text", "label", "entity"),
    [
        ("From 15/03/2026 to 15/06/2026", "DATE_RANGE", "15/03/2026 to 15/06/2026"),
        ("from January 14 to March 13, 2025 (23:59 CET time)", "DATE_RANGE", "January 14 to March 13, 2025"),  # noqa: E501
        ("from April 1st to May 2, 2025 (23:59 CET time)", "TIME", "23:59 CET"),
        ("Tuition fees: €250 /year (set by ministerial decree)", "MONEY", "€250 /year"),
        ("a core curriculum (12 ECTS)", "ECTS", "12 ECTS"),
        ("The program concludes with a six-month internship.", "DURATION", "six-month"),
        ("a five- to six-month research internship", "DURATION", "five- to six-month"),
        ("offering a two-year course", "DURATION", "two-year"),
        ("grade C1 minimum", "LANGUAGE_LEVEL", "C1"),
        ("French Master’s degree delivered", "DEGREE", "Master’s degree"),
        ("- M2 AI & Digital Health (AIH)", "TRACK", "M2 AI & Digital Health (AIH)"),
    ],
)  # fmt: skip
def test_entity_patterns(text: str, label: str, entity: str) -> None:
    doc = make_nlp()(text)
    assert (label, entity) in [(ent.label_, ent.text) for ent in doc.ents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("and two letters of recommendation (in French or English)", 2),
        ("includes two two-month internships (or a single", 2),
        ("in one of the three specializations", 3),
        ("offering a two-year course", None),
    ],
)
def test_counts(text: str, expected: int | None) -> None:
    nouns = ("letters", "internships", "specializations", "course")
    counts = count_matches(make_nlp()(text), nouns)
    assert (counts[0][0] if counts else None) == expected
