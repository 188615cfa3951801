"""Passages: every readable sentence of a page, searched with BM25 and the lexicon."""

import pytest
from sqlite_utils import Database

from knowledge.passages import (
    load_lexicon,
    page_passages,
    query_terms,
    save_passages,
    search_passages,
)

PAGE = """Programme X
The programme lasts two years.
Teaching location
Courses take place in Paris.
- Specific support for international students (help with housing and administrative procedures)
Tuition fees 2024/2025
- Tuition fees: €250 /year
Partners:
- Institut Curie
Find your course
- Anthropology
"""


def _db(rows: list[dict]) -> Database:
    db = Database(memory=True)
    save_passages(db, rows)
    return db


def test_page_passages_keep_sentences_with_heading_year_and_list_intro():
    rows = page_passages(PAGE, programme="x", source="x.txt")
    by_text = {row["text"]: row for row in rows}
    assert by_text["Courses take place in Paris."]["heading"] == "Teaching location"
    assert by_text["Tuition fees: €250 /year"]["year"] == "2024/2025"
    assert by_text["Institut Curie"]["context"] == "Partners:"
    # headings are not passages; the navigation after "Find your course" is left out
    assert "Teaching location" not in by_text
    assert "Anthropology" not in by_text


def test_garbled_runs_never_reach_a_passage():
    rows = page_passages("A line with ²ÝÁñÂÛ̳ in the middle of it.\n", programme="x", source="x")
    assert rows[0]["text"] == "A line with (unreadable on the page) in the middle of it."


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("logement ?", "housing"),
        ("do I need a visa", "administrative"),
        ("bourses ?", "scholarships"),
        ("how many credits", "ects"),
    ],
)
def test_the_lexicon_widens_a_students_words(question, expected):
    assert expected in query_terms(question)


def test_stop_words_and_programme_names_are_not_searched():
    terms = query_terms("what is the housing like at ST4Health?", ignore={"st4health"})
    assert terms == ["housing"]
    assert "the" in load_lexicon().stopwords


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("is there help with housing?", "help with housing"),
        ("logement ?", "help with housing"),
        ("who are the partners", "Institut Curie"),
    ],
)
def test_search_finds_the_sentence_that_answers(question, expected):
    db = _db(page_passages(PAGE, programme="x", source="x.txt"))
    found = search_passages(db, question, programmes=["x"])
    assert found and expected in found[0].text
    assert found[0].score > 0


@pytest.mark.parametrize("question", ["", "what's the weather?", '"" OR NEAR(', "the the the"])
def test_search_of_nothing_relevant_is_empty_and_never_fails(question):
    db = _db(page_passages(PAGE, programme="x", source="x.txt"))
    assert search_passages(db, question, programmes=["x"]) == []


def test_search_is_limited_to_the_programmes_asked():
    rows = page_passages(PAGE, programme="x", source="x.txt") + page_passages(
        "Housing is guaranteed for every student.\n", programme="y", source="y.txt"
    )
    db = _db(rows)
    assert {p.programme for p in search_passages(db, "housing", programmes=["y"])} == {"y"}


def test_the_built_knowledge_base_has_passages_for_every_programme(kb):
    programmes = {row["programme"] for row in kb.db.query("select programme from passages")}
    assert programmes == {programme.id for programme in kb.programmes()}
    found = search_passages(kb.db, "FANC", programmes=["leuven-medical-physics"])
    assert "Federal Agency for Nuclear Control (FANC)" in found[0].text
