"""bench/pages.py scores a page against its answer key: found, wrong values, false silences."""

from pathlib import Path

import yaml

from bench.pages import score_split

PAGE = """\
MSc Example Studies

Fees
Home students: £9,535 per year
International students: £24,000 per year

Deadlines
Applications close on 31 March 2026.
"""


def _case(root: Path, key: dict) -> None:
    folder = root / "dev" / key["id"]
    folder.mkdir(parents=True)
    (folder / "page.txt").write_text(PAGE, encoding="utf-8")
    (folder / "key.yml").write_text(yaml.safe_dump(key, allow_unicode=True), encoding="utf-8")


def test_a_right_key_scores_full_recall(tmp_path: Path) -> None:
    _case(tmp_path, {"id": "example", "name": "MSc Example", "facts": [
        {"topic": "fees", "quote_contains": "£24,000 per year", "amount": 24000,
         "currency": "GBP", "period": "year"},
        {"topic": "deadlines", "quote_contains": "close on 31 March 2026",
         "dates": ["2026-03-31"]},
    ], "not_stated": ["scholarships"]})  # fmt: skip
    scores = score_split("dev", tmp_path)
    assert (scores["recall"], scores["wrong_amounts"], scores["false_not_stated"]) == (1.0, 0, 0)
    assert scores["precision"] == 0.667  # the home fee is on the page but not in this key


def test_wrong_values_and_false_silences_are_counted(tmp_path: Path) -> None:
    _case(tmp_path, {"id": "example", "name": "MSc Example", "facts": [
        {"topic": "fees", "quote_contains": "£24,000 per year", "amount": 2400},
        {"topic": "deadlines", "quote_contains": "31 March 2026", "dates": ["2026-04-30"]},
        {"topic": "capacity", "quote_contains": "40 places"},
    ]})  # fmt: skip
    scores = score_split("dev", tmp_path)
    assert (scores["wrong_amounts"], scores["wrong_dates"], scores["false_not_stated"]) == (1, 1, 1)
    assert scores["recall"] == 0.0


def test_answers_are_asked_through_the_action_layer_per_key_topic(tmp_path: Path) -> None:
    _case(tmp_path, {"id": "example", "name": "MSc Example", "facts": [
        {"topic": "fees", "quote_contains": "International students: £24,000 per year"},
        {"topic": "deadlines", "quote_contains": "Applications close on 31 March 2026."},
    ], "not_stated": ["scholarships"]})  # fmt: skip
    scores = score_split("dev", tmp_path)
    assert scores["answers_asked"] == 3
    assert scores["answers_passed"] == 1.0, scores["by_page"][0]["e2e"]


def test_an_answer_that_does_not_quote_the_key_fails(tmp_path: Path) -> None:
    _case(tmp_path, {"id": "example", "name": "MSc Example", "facts": [
        {"topic": "fees", "quote_contains": "Home students: £9,535 per year"},
        {"topic": "capacity", "quote_contains": "40 places"},  # not on the page
    ]})  # fmt: skip
    page = score_split("dev", tmp_path)["by_page"][0]
    assert (page["e2e"]["asked"], page["e2e"]["passed"]) == (2, 1)
    assert page["e2e"]["failures"][0].startswith("capacity:")


def test_an_amount_not_read_is_told_apart_from_a_wrong_one() -> None:
    from bench.pages import _amount_problem

    wanted = {"amount": 145000, "currency": "SEK", "period": "year"}
    assert _amount_problem(wanted, []) == "amount_unread"
    assert _amount_problem(wanted, [(145.0, "SEK", "year")]) == "amount"
    assert _amount_problem(wanted, [(145000.0, "SEK", None)]) == "period"
    assert _amount_problem(wanted, [(145000.0, "SEK", "year")]) is None
