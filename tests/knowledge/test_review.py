"""Staff review: what a page gives, its warnings, the diff of a replaced page, aliases."""

from pathlib import Path

import pytest

from knowledge.review import check_page, fact_diff, suggest_aliases

PAGE = """\
MSc Example Studies

Deadlines
Applications are accepted from 14 January to 13 March.

Careers
- Data analyst
- Research assistant

Fees
Tuition fees are set each year by the board.
"""


def test_check_page_reports_facts_silences_and_warnings(tmp_path: Path) -> None:
    page = tmp_path / "example.txt"
    page.write_text(PAGE, encoding="utf-8")
    check = check_page(page, programme_id="example")
    assert check.ok and check.title == "MSc Example Studies"
    assert [row["text"] for row in check.facts["deadlines"]] == [
        "Applications are accepted from 14 January to 13 March."
    ]
    assert "internships" in check.not_stated and "deadlines" not in check.not_stated
    warnings = "\n".join(check.warnings)
    assert "deadlines: a date with no year (14 January, 13 March)" in warnings
    assert "careers: found only in a list" in warnings
    assert "fees: money is mentioned but no amount was read" in warnings


def test_check_page_reports_an_unreadable_document(tmp_path: Path) -> None:
    page = tmp_path / "scan.pdf"
    page.write_bytes(b"%PDF-1.4 not really")
    check = check_page(page)
    assert not check.ok and "cannot read the PDF" in check.errors[0]


def _row(topic: str, quote: str, **values: object) -> dict:
    return {"topic": topic, "quote": quote, "text": quote, "stated": 1, "subtopic": None, **values}


def test_fact_diff_pairs_a_reworded_fact_as_a_change() -> None:
    old = [_row("fees", "Home: £13,900 per year", amount=13900.0),
           _row("careers", "Graduates work in the NHS."),
           _row("capacity", "Places: 40")]  # fmt: skip
    new = [_row("fees", "Home: £14,500 per year", amount=14500.0),
           _row("careers", "Graduates work in the NHS."),
           _row("housing", "Rooms from £150 a week.")]  # fmt: skip
    diff = fact_diff(old, new)
    assert [row["quote"] for row in diff["added"]] == ["Rooms from £150 a week."]
    assert [row["quote"] for row in diff["gone"]] == ["Places: 40"]
    assert [(a["amount"], b["amount"]) for a, b in diff["changed"]] == [(13900.0, 14500.0)]


@pytest.mark.parametrize(
    ("title", "name", "expected"),
    [
        ("MSc Health Data Science", "MSc Health Data Science", ["MSc Health Data Science",
                                                                "Health Data Science"]),
        ("Master en kinésithérapie", "Master en kinésithérapie (HENL)",
         ["Master en kinésithérapie", "Master en kinésithérapie (HENL)", "HENL"]),
    ],
)  # fmt: skip
def test_aliases_suggested_from_the_title(title: str, name: str, expected: list[str]) -> None:
    assert suggest_aliases(title, name) == expected
