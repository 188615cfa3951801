"""The pure parts of the CPU-per-message measure: plans, the arithmetic, finding the servers."""

import os
import sys

import pytest

from bench.cpu_per_message import (
    cpu_seconds,
    is_action_server,
    long_plan,
    per_message_ms,
    short_plan,
)
from bench.serving import CONVERSATION


def test_short_plan_holds_fresh_five_turn_conversations_in_order():
    plan = short_plan(2, "t")
    assert [text for _, text in plan] == [*CONVERSATION, *CONVERSATION]
    assert [sender for sender, _ in plan] == ["cpu-t-0"] * 5 + ["cpu-t-1"] * 5


def test_long_plan_continues_the_conversation_where_it_stopped():
    plan = long_plan(7, 4, "s")
    assert {sender for sender, _ in plan} == {"s"}
    assert [text for _, text in plan] == [CONVERSATION[turn % 5] for turn in range(7, 11)]


def test_per_message_divides_each_process_cpu_by_the_messages():
    before, after = {"rasa": 1.0, "actions": 2.0}, {"rasa": 1.5, "actions": 2.1}
    assert per_message_ms(before, after, 10) == pytest.approx({"rasa": 50.0, "actions": 10.0})
    with pytest.raises(ValueError):
        per_message_ms(before, after, 0)


def test_action_servers_are_told_from_other_children():
    assert is_action_server([sys.executable, "-m", "bot.rasa.action_server", "--port", "1"])
    assert is_action_server(["python", "-m", "rasa_sdk", "--actions", "actions"])
    assert not is_action_server([sys.executable, "-m", "bot.rasa.server", "run"])
    assert not is_action_server([sys.executable, "-m", "bot.cli", "web", "serve"])


def test_cpu_seconds_grow_with_the_work_a_process_does():
    first = cpu_seconds(os.getpid())
    sum(range(3 * 10**6))
    assert cpu_seconds(os.getpid()) > first


def test_students_get_whole_conversations_in_order():
    from bench.cpu_per_message import by_student

    shares = by_student(short_plan(5, "t"), 2)
    assert [len(share) for share in shares] == [15, 10]
    assert [sender for sender, _ in shares[1]] == ["cpu-t-1"] * 5 + ["cpu-t-3"] * 5
    assert by_student(short_plan(1, "t"), 8) == [short_plan(1, "t")]
