"""Which scenarios test-scale runs, and which of them decide its exit status."""

import pytest

from bot.scale.nginx import Routing
from loadtest.delivery import DeliveryReport
from loadtest.scale_scenario import ScenarioResult, scenarios
from loadtest.students import LoadResult

HASH, ROUND = Routing.SENDER_HASH, Routing.ROUND_ROBIN


@pytest.mark.parametrize(
    ("replicas", "race", "expected"),
    [
        (1, True, [("students", HASH, False, True)]),
        (
            2,
            False,
            [("students", HASH, False, True), ("students, round robin", ROUND, False, True)],
        ),
        (
            2,
            True,
            [
                ("students", HASH, False, True),
                ("students, round robin", ROUND, False, True),
                ("burst, round robin", ROUND, True, False),
                ("burst, sender hash", HASH, True, True),
            ],
        ),
    ],
)
def test_scenarios(replicas, race, expected):
    assert scenarios(replicas, race=race) == expected


@pytest.mark.parametrize(
    ("report", "failed", "bursts", "passed"),
    [
        (DeliveryReport(10, 0, 0, 0), 0, False, True),
        (DeliveryReport(10, 0, 0, 2), 0, False, False),
        (DeliveryReport(10, 0, 0, 2), 0, True, True),
        (DeliveryReport(10, 1, 0, 0), 0, True, False),
        (DeliveryReport(10, 0, 1, 0), 0, True, False),
        (DeliveryReport(10, 0, 0, 0), 1, False, False),
    ],
)
def test_passed(report, failed, bursts, passed):
    result = ScenarioResult(
        "x", 2, HASH, LoadResult(failed=failed), report, must_pass=True, bursts=bursts
    )
    assert result.passed is passed


@pytest.mark.parametrize(
    ("acknowledged", "arrivals", "expected"),
    [
        ({"s": {1: "b", 0: "a"}}, None, {"s": ["a", "b"]}),
        ({"s": {0: "a", 1: "b"}}, {"s": [1, 0]}, {"s": ["b", "a"]}),
        # A message nginx saw but the student got no answer for is left out.
        ({"s": {0: "a", 2: "c"}}, {"s": [2, 1, 0]}, {"s": ["c", "a"]}),
    ],
)
def test_in_order(acknowledged, arrivals, expected):
    assert LoadResult(acknowledged=acknowledged).in_order(arrivals) == expected
