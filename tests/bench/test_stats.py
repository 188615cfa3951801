import pytest

from bench.stats import (
    latency_percentiles,
    median_of,
    percentile,
    repeat_timed,
    summarize,
    summarize_each,
)


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([5.0], 0.5, 5.0),
        ([1.0, 2.0, 3.0, 4.0], 0.5, 2.5),
        ([4.0, 1.0, 3.0, 2.0], 0.0, 1.0),
        ([4.0, 1.0, 3.0, 2.0], 1.0, 4.0),
        (list(range(1, 101)), 0.95, 95.05),
        (list(range(1, 101)), 0.99, 99.01),
        ([10.0, 20.0], 0.25, 12.5),
    ],
)
def test_percentile_interpolates_linearly(values, fraction, expected):
    assert percentile(values, fraction) == pytest.approx(expected)


@pytest.mark.parametrize(("values", "fraction"), [([], 0.5), ([1.0], 1.5), ([1.0], -0.1)])
def test_percentile_rejects_bad_input(values, fraction):
    with pytest.raises(ValueError):
        percentile(values, fraction)


def test_latency_percentiles_are_p50_p95_p99():
    assert latency_percentiles([float(v) for v in range(101)]) == {
        "p50": 50.0,
        "p95": 95.0,
        "p99": 99.0,
    }


def test_summarize_gives_median_min_max_and_runs():
    assert summarize([3, 1, 2]) == {"median": 2.0, "min": 1.0, "max": 3.0, "runs": [3.0, 1.0, 2.0]}


def test_summarize_of_even_runs_takes_the_middle_mean():
    assert summarize([1, 2, 3, 10])["median"] == 2.5


def test_summarize_rejects_no_runs():
    with pytest.raises(ValueError):
        summarize([])


def test_summarize_each_summarizes_every_key():
    assert summarize_each([{"p50": 1.0, "p95": 4.0}, {"p50": 3.0, "p95": 2.0}]) == {
        "p50": {"median": 2.0, "min": 1.0, "max": 3.0, "runs": [1.0, 3.0]},
        "p95": {"median": 3.0, "min": 2.0, "max": 4.0, "runs": [4.0, 2.0]},
    }


def test_repeat_timed_runs_the_action_each_time():
    calls = []
    summary = repeat_timed(lambda: calls.append(1), 3)
    assert len(calls) == 3
    assert len(summary["runs"]) == 3
    assert summary["min"] <= summary["median"] <= summary["max"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [({"median": 2.0, "min": 1.0, "max": 3.0, "runs": []}, 2.0), (4, 4), (1.5, 1.5), (None, None),
     ("x", None)],
)  # fmt: skip
def test_median_of(value, expected):
    assert median_of(value) == expected
