"""The pure parts of the felt-latency benchmark: windows, arrivals, students, the report."""

import pytest

from bench.felt_latency import (
    assign,
    highest_rate_within,
    poisson_arrivals,
    students_for,
    turn_windows,
)
from bench.felt_report import felt_section
from bench.serving import CONVERSATION


def test_windows_label_turns_and_take_each_windows_median():
    latencies = [float(n) for n in range(1, 121)]  # turn n took n ms
    windows = turn_windows(latencies, width=50)
    assert [w["turns"] for w in windows] == ["1-50", "51-100", "101-120"]
    assert [w["p50"] for w in windows] == [25.5, 75.5, 110.5]


def test_windows_refuse_a_width_of_zero():
    with pytest.raises(ValueError):
        turn_windows([1.0], width=0)


def test_arrivals_are_a_repeatable_poisson_process_of_the_rate():
    arrivals = poisson_arrivals(30.0, 100.0, seed=1)
    assert arrivals == poisson_arrivals(30.0, 100.0, seed=1)
    assert arrivals == sorted(arrivals) and arrivals[0] > 0 and arrivals[-1] < 100.0
    assert 2800 < len(arrivals) < 3200  # 3,000 expected; a Poisson count's sd is about 55
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:], strict=False)]
    short = sum(gap < 1 / 30 for gap in gaps) / len(gaps)
    assert 0.58 < short < 0.68  # exponential gaps: P(gap < mean) = 1 - 1/e ≈ 0.632


def test_arrivals_need_a_positive_rate_and_duration():
    with pytest.raises(ValueError):
        poisson_arrivals(0.0, 10.0)


def test_students_each_go_through_the_questions_in_order():
    students = students_for(3.0, think_s=10.0)
    assert students == 30
    sent = [assign(index, students) for index in range(students * len(CONVERSATION))]
    first_students_turns = [turn for student, turn in sent if student == 0]
    assert first_students_turns == list(range(len(CONVERSATION)))
    assert students_for(0.01) == 1


def test_highest_rate_is_the_fastest_within_the_limit_without_failures():
    runs = {
        "10": {"p99_ms": 80.0, "failures": 0},
        "30": {"p99_ms": 140.0, "failures": 0},
        "45": {"p99_ms": 120.0, "failures": 2},
        "60": {"p99_ms": 900.0, "failures": 0},
    }
    assert highest_rate_within(runs, 150.0) == 30.0
    assert highest_rate_within({"10": {"p99_ms": 400.0, "failures": 0}}, 150.0) is None


def test_a_lucky_rate_past_the_first_miss_does_not_count():
    runs = {
        "30": {"p99_ms": 100.0, "failures": 0},
        "42": {"p99_ms": 120.0, "failures": 0},
        "47": {"p99_ms": 180.0, "failures": 0},
        "53": {"p99_ms": 140.0, "failures": 0},
    }
    assert highest_rate_within(runs, 150.0) == 42.0


def _felt(p50s, p99s):
    windows = [{"turns": t, "p50": v} for t, v in zip(("1-50", "51-100"), p50s, strict=True)]
    rates = {"10": {"p50_ms": 40.0, "p99_ms": p99s[0], "failures": 0},
             "30": {"p50_ms": 60.0, "p99_ms": p99s[1], "failures": 0}}  # fmt: skip
    return {
        "by_length": {"windows": windows, "last_over_first": p50s[-1] / p50s[0]},
        "open_loop": {
            "duration_s": 10,
            "rates": rates,
            "highest_rate_p99_within_ms": 150,
            "highest_rate": highest_rate_within(rates),
        },  # fmt: skip
    }


def test_the_report_puts_the_bots_side_by_side():
    results = {"felt": {"ours": _felt([50, 52], [90, 140]), "stock_bot": None,
                        "baseline_commit": _felt([70, 140], [200, 900]), "notes": []}}  # fmt: skip
    text = "\n".join(felt_section(results))
    assert "| 51-100 | 52 | — | 140 |" in text
    assert "| last / first | 1.04 | — | 2.00 |" in text
    assert "| highest rate with p99 ≤ 150 ms | 30 | — | — |" in text
    assert felt_section({"felt": None}) == []
