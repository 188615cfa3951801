"""The README's and the NLU doc's benchmark figures are generated from bench/results.json."""

import json

import pytest

from bench.readme import (
    NLU_DOC,
    README,
    README_MARKERS,
    RESULTS,
    expected_documents,
    readme_block,
    replace_block,
)


def test_readme_and_nlu_doc_equal_what_results_json_generates():
    results = json.loads(RESULTS.read_text(encoding="utf-8"))
    for path, text in expected_documents(results).items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is out of date: run `python -m bench.readme`"
        )


def test_both_documents_have_their_markers():
    assert "<!-- bench:start -->" in README.read_text(encoding="utf-8")
    assert "<!-- nlu:start -->" in NLU_DOC.read_text(encoding="utf-8")


def test_the_block_shows_the_figures_of_the_results(fake_results):
    fake_results["nlu"]["test"] = {"examples": 227, "clinc_examples": 837,
                                   "oos_recall_ci95": [0.9, 0.95]}  # fmt: skip
    block = readme_block(fake_results)
    assert "| intent accuracy, fallback applied (NLU test, 227) | 0.960 |" in block
    assert "0.960 (95 % CI 0.900–0.950)" in block
    assert "TF-IDF 0.900; Rasa default 0.890" in block


def test_replace_block_keeps_the_text_around_it():
    text = f"a\n{README_MARKERS[0]}\nold\n{README_MARKERS[1]}\nb\n"
    assert replace_block(text, README_MARKERS, "new") == (
        f"a\n{README_MARKERS[0]}\nnew\n{README_MARKERS[1]}\nb\n"
    )
    with pytest.raises(ValueError, match="markers"):
        replace_block("no markers", README_MARKERS, "new")
