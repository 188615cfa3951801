"""The bot's answer score on the question bank's test split stays above its floor."""

import pytest

from bench.targets import ANSWER_FLOOR


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_answer_score_on_the_test_split_holds_the_floor():
    from bench.answer_report import render
    from bench.answers_runner import evaluate_answers

    summary = evaluate_answers("test")
    assert summary["questions"] >= 200
    assert summary["overall"] >= ANSWER_FLOOR, render(summary, "test")
