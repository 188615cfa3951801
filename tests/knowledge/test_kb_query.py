"""The query API: opening, programme resolution and search."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from knowledge.errors import KnowledgeBaseError
from knowledge.query import KnowledgeBase, default_db_path
from tests.helpers import build_in_memory
from tests.knowledge.conftest import OVERRIDES, REGISTRY, SOURCES

KB = build_in_memory(SOURCES, REGISTRY, OVERRIDES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How much is ST4Health?", ["st4health"]),
        ("st4helth fees", ["st4health"]),
        ("tell me about radiophysic", ["medical-radiophysics-m2"]),
        ("leuvn deadlines", ["leuven-medical-physics"]),
        ("Radiophysique Médicale", ["medical-radiophysics-m2"]),
        ("radiophysique medicale", ["medical-radiophysics-m2"]),
        ("the KU-Leuven certificate", ["leuven-medical-physics"]),
        ("ST 4 Health", ["st4health"]),
        ("st4 health", ["st4health"]),
        ("biomedical engineering", ["st4health"]),
        ("compare Leuven and ST4Health", ["leuven-medical-physics", "st4health"]),
        ("ST4Health vs the radiophysics master vs Leuven", ["st4health", "medical-radiophysics-m2", "leuven-medical-physics"]),  # noqa: E501
        ("PSL or INSTN?", ["st4health", "medical-radiophysics-m2"]),
        ("Science & Technology for Health?", ["st4health"]),
        ("the postgraduate certificate in medical physics", ["leuven-medical-physics"]),
        ("physics", []),
        ("master", []),
        ("health", []),
        ("medical", []),
        ("I love medical physics and health", []),
        ("What is a master in health?", []),
        ("", []),
        ("!!!", []),
    ],
)  # fmt: skip
def test_resolve_programmes(text: str, expected: list[str]) -> None:
    assert KB.resolve_programmes(text) == expected
    assert KB.resolve_programme(text) == (expected[0] if expected else None)


@pytest.mark.parametrize(
    "text", ['"', "AND OR", "*", "", "'; DROP TABLE facts;--", "NEAR(", "fees)", "^", "-", "é"]
)
def test_search_is_safe_for_any_string(text: str) -> None:
    assert isinstance(KB.search(text), list)
    assert KB.db["facts"].count > 0


def test_search_finds_and_filters() -> None:
    assert KB.search("tuition fees")[0].amount == 250.0
    found = KB.search("internship", programme_id="leuven-medical-physics", limit=3)
    assert 0 < len(found) <= 3
    assert {fact.programme for fact in found} == {"leuven-medical-physics"}
    assert all(fact.stated for fact in KB.search("fees"))


def test_facts_unknown_programme_or_topic_is_empty() -> None:
    assert KB.facts("nope", "fees") == []
    assert KB.facts("st4health", "nope") == []


@pytest.mark.parametrize("content", [None, b"", b"this is not sqlite at all, just text" * 10])
def test_open_refuses_missing_empty_or_invalid_files(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "knowledge.db"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(KnowledgeBaseError, match="make kb"):
        KnowledgeBase.open(path)


def test_open_refuses_a_database_that_is_not_a_knowledge_base(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    Database(path)["things"].insert({"a": 1})
    with pytest.raises(KnowledgeBaseError, match="make kb"):
        KnowledgeBase.open(path)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_search_and_resolve_never_fail(text: str) -> None:
    assert all(fact.stated for fact in KB.search(text, limit=3))
    assert set(KB.resolve_programmes(text)) <= {
        "st4health",
        "medical-radiophysics-m2",
        "leuven-medical-physics",
    }


def test_default_db_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ADVISOR_KB", raising=False)
    assert default_db_path().name == "knowledge.db"
    assert (default_db_path().parent / "knowledge" / "topics.py").is_file()
    monkeypatch.setenv("ADVISOR_KB", str(tmp_path / "x.db"))
    assert default_db_path() == tmp_path / "x.db"
