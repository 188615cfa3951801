"""An in-memory lock store that wakes the next message of a conversation as soon as it may run.

Rasa serialises the messages of one conversation with ticket locks. Its in-memory store makes a
waiting message poll once a second, so a second message sent while the first is in flight
waits up to a second after the first is done (and a queue of them, a second each), long enough
for the channel's reply deadline to answer with an apology while the turn is still queued.
Here each waiting message sleeps on a per-conversation future that the finishing message
resolves, so the next one starts at once. The poll interval stays as the fallback that notices
expired tickets, exactly as in Rasa.

For one Rasa process only (the embedded default): locks live in this process's memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockError

logger = logging.getLogger(__name__)


class PromptInMemoryLockStore(InMemoryLockStore):
    """Rasa's in-memory ticket locks, with waiters woken when a ticket is done."""

    def __init__(self, endpoint_config: Any = None) -> None:
        super().__init__()
        # conversation id -> the future its waiting messages sleep on until a ticket finishes
        self._wakeups: dict[str, asyncio.Future] = {}

    def _wake(self, conversation_id: str) -> None:
        waiter = self._wakeups.pop(conversation_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _waiter(self, conversation_id: str) -> asyncio.Future:
        waiter = self._wakeups.get(conversation_id)
        if waiter is None or waiter.done():
            waiter = asyncio.get_running_loop().create_future()
            self._wakeups[conversation_id] = waiter
        return waiter

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        """Remove the finished ticket, then wake whoever waits on this conversation."""
        super().finish_serving(conversation_id, ticket_number)
        self._wake(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        """Delete the lock and wake any waiter (it then finds no lock and fails like Rasa's)."""
        super().delete_lock(conversation_id)
        self._wake(conversation_id)

    async def _acquire_lock(
        self, conversation_id: str, ticket: int, wait_time_in_seconds: float
    ) -> TicketLock:
        while True:
            lock = self.get_lock(conversation_id)
            if not lock:
                break
            if not lock.is_locked(ticket):
                return lock
            waiter = self._waiter(conversation_id)
            # shield: one waiter timing out must not cancel the future the others share
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(waiter), timeout=wait_time_in_seconds)
            self.update_lock(conversation_id)
        raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
