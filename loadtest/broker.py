"""Count (and peek at) the events Rasa published to the scale profile's RabbitMQ queue."""

import asyncio
import json
import logging
import time
from dataclasses import dataclass

import aio_pika

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueState:
    """How many events wait in the queue, and the sender of the first one."""

    messages: int
    first_sender: str | None


async def _inspect(url: str, queue_name: str) -> QueueState:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(queue_name, passive=True)
        count = queue.declaration_result.message_count or 0
        first_sender = None
        message = await queue.get(no_ack=False, fail=False)
        if message is not None:
            first_sender = json.loads(message.body).get("sender_id")
            await message.nack(requeue=True)  # peek only: analytics consumers still get it
        return QueueState(count, first_sender)


async def _delete(url: str, queue_name: str) -> None:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        await channel.queue_delete(queue_name)


def inspect_queue(
    url: str, queue_name: str, settle_s: float = 2.0, timeout: float = 60
) -> QueueState:
    """Return the queue's state once its message count stopped growing for `settle_s`."""
    deadline = time.monotonic() + timeout
    state = asyncio.run(_inspect(url, queue_name))
    while time.monotonic() < deadline:
        time.sleep(settle_s)
        latest = asyncio.run(_inspect(url, queue_name))
        if latest.messages == state.messages:
            return latest
        state = latest
    return state


def delete_queue(url: str, queue_name: str) -> None:
    """Delete a run's queue and the events in it."""
    asyncio.run(_delete(url, queue_name))
    logger.info("deleted queue %s", queue_name)
