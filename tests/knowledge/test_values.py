"""Parsing of dates, money, times and academic years, and the spaCy entity patterns."""

from dataclasses import replace

import pytest

from knowledge.patterns import count_matches, make_nlp
from knowledge.values import (
    date_round_trips,
    find_dates,
    find_levels,
    find_money,
    money_round_trips,
    parse_academic_year,
    parse_date_range,
    parse_money,
    parse_time,
    undated_day_months,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/03/2026 to 15/06/2026", ("2026-03-15", "2026-06-15")),
        ("January 14 to March 13, 2025", ("2025-01-14", "2025-03-13")),
        ("April 1st to May 2, 2025", ("2025-04-01", "2025-05-02")),
        ("November 3 to January 10, 2026", ("2025-11-03", "2026-01-10")),
        ("1 February to 30 April 2026", ("2026-02-01", "2026-04-30")),
        ("du 26 février 2026 au 24 mars 2026", ("2026-02-26", "2026-03-24")),
        ("du 1er octobre au 15 décembre 2025", ("2025-10-01", "2025-12-15")),
        ("du 3 au 28 mars 2026", ("2026-03-03", "2026-03-28")),
        ("open on 1 October 2025 and close on 31 March 2026", ("2025-10-01", "2026-03-31")),
        ("from 2026-01-05 to 2026-02-27", ("2026-01-05", "2026-02-27")),
        ("15.01.2026 – 31.03.2026", ("2026-01-15", "2026-03-31")),
        ("March 1–15, 2026", ("2026-03-01", "2026-03-15")),
        ("15th–30th April 2026", ("2026-04-15", "2026-04-30")),
        ("1-15 March 2026", ("2026-03-01", "2026-03-15")),
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
        ("NZ$7,650 for the whole diploma", (7650.0, "NZD", None)),
        ("A$1,200 per year", (1200.0, "AUD", "year")),
        ("Étudiants hors Union européenne : 3 879 € par an", (3879.0, "EUR", "year")),
        ("3\u00a0879\u00a0€ par an", (3879.0, "EUR", "year")),
        ("3\u202f879 € par an", (3879.0, "EUR", "year")),
        ("3\u2009879 €", (3879.0, "EUR", None)),
        ("€3,879 per year", (3879.0, "EUR", "year")),
        ("£13,900 for the full programme", (13900.0, "GBP", "programme")),
        ("CHF 1'200 per semester", (1200.0, "CHF", "semester")),
        ("CHF 1’200", (1200.0, "CHF", None)),
        ("1.200,50 € par semestre", (1200.5, "EUR", "semester")),
        ("$1,150 per credit hour", (1150.0, "USD", "credit")),
        ("US$ 20,000 a year", (20000.0, "USD", "year")),
        ("EUR 4 500 annually", (4500.0, "EUR", "year")),
        ("250 euros pour l'ensemble de la formation", (250.0, "EUR", "programme")),
        ("€13,900.00", (13900.0, "EUR", None)),
        ("12,50 €", (12.5, "EUR", None)),
        ("fees of €250 and €103 per year", (250.0, "EUR", None)),
        ("no amount here, only 2026", None),
        ("bursaries of up to €15k", (15000.0, "EUR", None)),
        ("Annual tuition fee: €4,500", (4500.0, "EUR", "year")),
        ("Frais annuels : 3 770 €", (3770.0, "EUR", "year")),
        ("SEK 145,000 per academic year", (145000.0, "SEK", "year")),
        ("£9,250 p.a.", (9250.0, "GBP", "year")),
        ("Home | Per year: £9,535 | Total: £19,070", (9535.0, "GBP", "year")),
    ],
)
def test_parse_money(text: str, expected: tuple | None) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("au plus tard le 2 juin 2026", ["2026-06-02"]),
        ("Applications close on 31 March 2026.", ["2026-03-31"]),
        ("Priority deadline: January 15, 2026", ["2026-01-15"]),
        ("le 1er septembre 2026", ["2026-09-01"]),
        ("Starts 14 Sept. 2026", ["2026-09-14"]),
        ("between 14 January and 13 March", []),  # no year anywhere: not guessed
        ("Year 2026 and the 2026/27 academic year", []),
        ("31/02/2026", []),  # no such day
        ("apply by 03/31/2026", ["2026-03-31"]),  # month first: 31 cannot be a month
        ("by the 1st of October 2025", ["2025-10-01"]),
    ],
)
def test_find_dates(text: str, expected: list[str]) -> None:
    assert [mention.iso for mention in find_dates(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IELTS 7.0 overall with no less than 6.5", ["IELTS 7.0"]),
        ("niveau B2 en français (DELF B2 ou TCF niveau B2)", ["B2", "DELF B2", "TCF B2"]),
        ("TOEFL iBT 90 or IELTS 6.5", ["TOEFL iBT 90", "IELTS 6.5"]),
        ("grade C1 minimum (TOEIC, TOEFL...)", ["C1", "TOEIC", "TOEFL"]),
    ],
)
def test_find_levels(text: str, expected: list[str]) -> None:
    assert find_levels(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "3 879 € par an",
        "€3,879",
        "CHF 1'200",
        "1.200,50 €",
        "£13,900 for the full programme",
        "€15k",
    ],
)
def test_amounts_round_trip_to_their_words(text: str) -> None:
    (money,) = find_money(text)
    assert money_round_trips(money, text)
    wrong = replace(money, amount=879.0)  # what the old builder told students for "3 879 €"
    assert not money_round_trips(wrong, text) or money.amount == 879.0


@pytest.mark.parametrize(
    "text",
    ["du 26 février 2026 au 24 mars 2026", "March 1–15, 2026", "15th–30th April 2026",
     "du 3 au 28 mars 2026", "January 14 to March 13, 2025", "apply by 03/31/2026"],
)  # fmt: skip
def test_every_date_found_round_trips(text: str) -> None:
    assert all(date_round_trips(mention, text) for mention in find_dates(text))


def test_dates_round_trip_to_their_words() -> None:
    text = "du 26 février 2026 au 24 mars 2026"
    mentions = find_dates(text)
    assert all(date_round_trips(mention, text) for mention in mentions)
    assert not date_round_trips(replace(mentions[0], iso="2026-03-26"), text)
    assert undated_day_months("du 26 février au 24 mars") == ["26 février", "24 mars"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024/2025", "2024/2025"), ("the 2026/27 academic year", "2026/2027"), ("15/03/2026", None)],
)
def test_parse_academic_year(text: str, expected: str | None) -> None:
    assert parse_academic_year(text) == expected


def test_parse_time() -> None:
    assert parse_time("23:59 CET time") == "23:59 CET"


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


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("1 250,50 $ CA par trimestre", 1250.5, "CAD"),
        ("S$1,480 per modular credit", 1480, "SGD"),
        ("HK$252,000 for the whole programme", 252000, "HKD"),
        ("R 68 500 per year", 68500, "ZAR"),
        ("R$ 3.500,00", 3500, "BRL"),
        ("¥535,800", 535800, "JPY"),
        ("A$38,400 per year", 38400, "AUD"),
        ("environ 1 420,80 $ par trimestre", 1420.8, "CAD"),
        ("$1,592 per credit hour", 1592, "USD"),
    ],
)
def test_a_dollar_or_sign_of_another_country_is_that_country_s_currency(text, amount, currency):
    found = find_money(text)
    assert [(m.amount, m.currency) for m in found] == [(amount, currency)]
    assert money_round_trips(found[0], text)


@pytest.mark.parametrize(
    "text",
    ["kr 145 000 per year", "145 000 kr", "₹2,50,000", "€2,5 million", "Room R 101"],
)
def test_no_amount_is_guessed_when_the_currency_or_the_number_is_unclear(text):
    assert find_money(text) == []
