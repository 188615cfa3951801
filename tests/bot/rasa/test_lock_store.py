"""The lock store hands a conversation to its next message as soon as the previous is done."""

import asyncio

import pytest
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig

from bot.rasa.lock_store import PromptInMemoryLockStore

# Far longer than any test: a waiter that only wakes by polling would never be seen to run.
NEVER_S = 3600.0


async def _settle(rounds: int = 20) -> None:
    """Let every ready task run: a handful of event-loop turns, no wall-clock waiting."""
    for _ in range(rounds):
        await asyncio.sleep(0)


async def test_the_next_message_starts_when_the_previous_finishes_without_polling():
    store = PromptInMemoryLockStore()
    order: list[str] = []
    release_first = asyncio.Event()

    async def message(name: str, hold: asyncio.Event | None) -> None:
        async with store.lock("student", wait_time_in_seconds=NEVER_S):
            order.append(f"{name} starts")
            if hold is not None:
                await hold.wait()
            order.append(f"{name} ends")

    first = asyncio.create_task(message("first", release_first))
    await _settle()
    second = asyncio.create_task(message("second", None))
    third = asyncio.create_task(message("third", None))
    await _settle()
    assert order == ["first starts"]  # the others wait their turn
    release_first.set()
    await _settle()
    assert order == [
        "first starts", "first ends", "second starts", "second ends", "third starts", "third ends"
    ]  # fmt: skip
    assert all(task.done() for task in (first, second, third))
    assert store.get_lock("student") is None  # nothing left behind


async def test_other_conversations_do_not_wait():
    store = PromptInMemoryLockStore()
    hold = asyncio.Event()
    started: list[str] = []

    async def message(sender: str) -> None:
        async with store.lock(sender, wait_time_in_seconds=NEVER_S):
            started.append(sender)
            await hold.wait()

    tasks = [asyncio.create_task(message(s)) for s in ("a", "b", "c")]
    await _settle()
    assert sorted(started) == ["a", "b", "c"]
    hold.set()
    await asyncio.gather(*tasks)


async def test_a_failed_message_still_lets_the_next_one_run():
    store = PromptInMemoryLockStore()
    fail_now = asyncio.Event()

    async def failing() -> None:
        async with store.lock("s", wait_time_in_seconds=NEVER_S):
            await fail_now.wait()
            raise RuntimeError("action server down")

    async def next_one() -> str:
        async with store.lock("s", wait_time_in_seconds=NEVER_S):
            return "answered"

    failed = asyncio.create_task(failing())
    await _settle(2)
    waiting = asyncio.create_task(next_one())
    await _settle()
    assert not waiting.done()
    fail_now.set()
    await _settle()
    with pytest.raises(RuntimeError):
        await failed
    assert waiting.done() and waiting.result() == "answered"


def test_endpoints_name_it_and_rasa_builds_it():
    store = LockStore.create(EndpointConfig(type="bot.rasa.lock_store.PromptInMemoryLockStore"))
    assert isinstance(store, PromptInMemoryLockStore)
