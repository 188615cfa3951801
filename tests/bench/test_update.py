"""Re-running some benchmark sections keeps the other figures and says what was re-run."""

import pytest

from bench.update import merge_partial


def _previous() -> dict:
    return {
        "quick": False,
        "sections": ["nlu", "answers", "pages"],
        "machine": {"date": "2026-11-29T19:49:41+00:00"},
        "model": "advisor-old.tar.gz",
        "nlu": {"test": {"intent_accuracy": 0.775}},
        "answers": {"overall": 0.79},
        "pages": {"dev": {"recall": 1.0}, "test": {"recall": 0.767}},
        "notes": ["a note of the full run"],
    }


def _fresh(**measured) -> dict:
    return {
        "quick": False,
        "sections": ["answers", "pages"],
        "machine": {"date": "2026-11-29T23:00:00+00:00"},
        "model": "advisor-new.tar.gz",
        "nlu": None,
        "answers": None,
        "pages": None,
        "notes": [],
        **measured,
    }


def test_re_run_sections_replace_their_figures_and_keep_the_rest():
    fresh = _fresh(answers={"overall": 0.85}, pages={"test": {"recall": 0.8}})
    merged = merge_partial(_previous(), fresh, "abc1234")
    assert merged["answers"] == {"overall": 0.85}
    assert merged["pages"] == {"dev": {"recall": 1.0}, "test": {"recall": 0.8}}
    assert merged["nlu"] == {"test": {"intent_accuracy": 0.775}}
    assert merged["model"] == "advisor-old.tar.gz"
    assert merged["sections"] == ["nlu", "answers", "pages"]


def test_the_note_names_the_sections_the_commit_the_model_and_the_full_run():
    merged = merge_partial(_previous(), _fresh(answers={"overall": 0.85}), "abc1234")
    assert merged["notes"][0] == "a note of the full run"
    note = merged["notes"][-1]
    for part in ("answers, pages", "abc1234", "advisor-new.tar.gz", "2026-11-29T19:49:41"):
        assert part in note


def test_a_quick_run_is_never_folded_into_a_full_one():
    with pytest.raises(ValueError):
        merge_partial(_previous(), _fresh(quick=True, answers={"overall": 1.0}), "abc1234")
