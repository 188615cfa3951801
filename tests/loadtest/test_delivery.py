"""The loss, duplicate and order checker compares acknowledged and stored messages exactly."""

import pytest

from loadtest.delivery import DeliveryReport, check_conversation, check_delivery


@pytest.mark.parametrize(
    ("sent", "stored", "expected"),
    [
        (["a", "b", "c"], ["a", "b", "c"], DeliveryReport(3, 0, 0, 0)),
        (["a", "b", "c"], ["a", "c"], DeliveryReport(3, 1, 0, 0)),
        (["a", "b", "c"], [], DeliveryReport(3, 3, 0, 0)),
        (["a", "b", "c"], ["a", "b", "b", "c"], DeliveryReport(3, 0, 1, 0)),
        (["a", "b", "c"], ["a", "a", "a", "b", "c"], DeliveryReport(3, 0, 2, 0)),
        (["a", "b", "c"], ["b", "a", "c"], DeliveryReport(3, 0, 0, 1)),
        (["a", "b", "c", "d"], ["d", "c", "b", "a"], DeliveryReport(4, 0, 0, 3)),
        (["a", "b", "c", "d"], ["b", "c", "d", "a"], DeliveryReport(4, 0, 0, 1)),
        # A message the student never got an answer for may or may not be stored: not counted.
        (["a", "c"], ["a", "b", "c"], DeliveryReport(2, 0, 0, 0)),
        # A duplicate stored later does not also count as out of order.
        (["a", "b"], ["a", "b", "a"], DeliveryReport(2, 0, 1, 0)),
        (["a", "b", "c"], ["c", "a"], DeliveryReport(3, 1, 0, 1)),
    ],
)
def test_check_conversation(sent, stored, expected):
    assert check_conversation(sent, stored) == expected


@pytest.mark.parametrize(
    ("stored", "expected", "ok"),
    [
        ({"s1": ["a", "b"], "s2": ["x"]}, DeliveryReport(3, 0, 0, 0), True),
        ({"s1": ["b", "a"], "s2": ["x", "x"]}, DeliveryReport(3, 0, 1, 1), False),
        ({"s1": ["a", "b"]}, DeliveryReport(3, 1, 0, 0), False),
        # Another conversation's messages are not this one's.
        ({"s1": ["a"], "s2": ["b", "x"]}, DeliveryReport(3, 1, 0, 0), False),
    ],
)
def test_check_delivery_adds_conversations_up(stored, expected, ok):
    report = check_delivery({"s1": ["a", "b"], "s2": ["x"]}, stored)
    assert report == expected
    assert report.ok is ok
