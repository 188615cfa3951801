"""The message guard both channels use: bad messages answered here, failed turns apologised for."""

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

import rasa.core.actions.action
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.nlg.interpolator import interpolate_text
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from sanic import Blueprint, Sanic

from bot.rasa.http_guards import harden_server
from bot.rasa.input_bounds import is_typed_payload, known_programmes, payload_allowed
from bot.rasa.message_text import normalise_text

# Logged under the channels' name, which operators' log filters already know.
logger = logging.getLogger("bot.rasa.channels")

# A message longer than this (after cleaning) is answered with utter_message_too_long, unparsed.
MAX_MESSAGE_CHARS = int(os.environ.get("ADVISOR_MAX_MESSAGE_CHARS", 1000))
# A turn not answered within this many seconds gets utter_action_unavailable; it goes on in the
# background, so the message and any late answer are still stored.
REPLY_TIMEOUT_S = float(os.environ.get("ADVISOR_REPLY_TIMEOUT_S", 10))
# Rasa waits 5 minutes for the action server and holds the conversation's lock meanwhile; a hung
# action server should cost a student seconds, not minutes.
ACTION_REQUEST_TIMEOUT_S = int(os.environ.get("ADVISOR_ACTION_TIMEOUT_S", 30))

RESPONSE_EMPTY = "utter_empty_message"
RESPONSE_TOO_LONG = "utter_message_too_long"
RESPONSE_UNAVAILABLE = "utter_action_unavailable"


def domain_text(app: Sanic | None, name: str, **values: Any) -> str:
    """Return the default (unconditional) text of a domain response, filled with `values`."""
    agent = getattr(app.ctx, "agent", None) if app is not None else None
    variations = agent.domain.responses.get(name, []) if agent and agent.domain else []
    for variation in variations:
        if not variation.get("condition") and variation.get("text"):
            return interpolate_text(variation["text"], {k: str(v) for k, v in values.items()})
    raise LookupError(f"domain.yml has no unconditional text for {name}")


class CountingOutput(OutputChannel):
    """Pass every bot message on to another output channel, counting them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> str:  # type: ignore[override]
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Send the message through the wrapped channel and count it."""
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


def _custom_action_failed(tracker: Any, domain: Any) -> bool:
    """Say whether the latest turn ran a custom action and nothing was said after it."""
    custom_ran = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return custom_ran
        if isinstance(event, BotUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name in domain.user_actions:
            custom_ran = custom_ran or not event.action_name.startswith("utter_")
    return custom_ran


def _log_late_failure(task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("a turn answered late failed", exc_info=task.exception())


class MessageGuard:
    """Clean messages, answer bad ones from the domain, and apologise when actions fail."""

    def __init__(self) -> None:
        self.app: Sanic | None = None
        self._background: set[asyncio.Future] = set()
        # The action call's timeout is a module constant in Rasa 3.6, read at call time.
        rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT = ACTION_REQUEST_TIMEOUT_S

    def attach(self, blueprint: Blueprint) -> None:
        """Remember the Sanic app (and so Rasa's agent) once the server starts."""

        async def remember_app(app: Sanic, _loop: Any) -> None:
            self.app = app
            harden_server(app)

        blueprint.listener("before_server_start")(remember_app)

    def wrap(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Callable[[UserMessage], Awaitable[None]]:
        """Return a message handler that guards `on_new_message`."""

        async def guarded(message: UserMessage) -> None:
            await self.handle(message, on_new_message)

        return guarded

    async def utter(self, output: OutputChannel, sender_id: str, name: str, **values: Any) -> None:
        """Send a domain response straight to the student."""
        await output.send_response(sender_id, {"text": domain_text(self.app, name, **values)})

    async def handle(
        self, message: UserMessage, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        """Answer empty and overlong messages here; pass the rest on, with a deadline."""
        text = normalise_text(message.text or "")
        output = CountingOutput(message.output_channel)
        if not text:
            await self.utter(output, message.sender_id, RESPONSE_EMPTY)
            return
        if len(text) > MAX_MESSAGE_CHARS:
            await self.utter(
                output, message.sender_id, RESPONSE_TOO_LONG, max_chars=MAX_MESSAGE_CHARS
            )
            return
        if is_typed_payload(text) and not await self._payload_offered(message.sender_id, text):
            # Not a button the bot offered in this conversation: read it as words, so that
            # typed intents, entities and confidences ("/ask_fees@0.01") never skip NLU.
            logger.info("typed payload from %s read as text", message.sender_id)
            text = text.lstrip("/").strip()
            if not text:
                await self.utter(output, message.sender_id, RESPONSE_EMPTY)
                return
        message.text = text
        message.output_channel = output
        # Held here so the turn finishes (and is stored) even if the client goes away.
        task = asyncio.ensure_future(on_new_message(message))
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        done, _ = await asyncio.wait({task}, timeout=REPLY_TIMEOUT_S)
        if not done:
            logger.warning("no answer for %s within %.0f s", message.sender_id, REPLY_TIMEOUT_S)
            task.add_done_callback(_log_late_failure)
            await self.utter(output.inner, message.sender_id, RESPONSE_UNAVAILABLE)
            return
        task.result()  # a failure to process or store the message propagates to the channel
        if output.sent == 0 and await self._record_if_action_failed(message.sender_id):
            await self.utter(output, message.sender_id, RESPONSE_UNAVAILABLE)

    async def _payload_offered(self, sender_id: str, text: str) -> bool:
        """Say whether `text` is exactly a button payload the bot offered in its last turn."""
        agent = getattr(self.app.ctx, "agent", None) if self.app is not None else None
        if agent is None or agent.tracker_store is None:
            return False
        tracker = await agent.tracker_store.retrieve(sender_id)
        if tracker is None:
            return False
        return payload_allowed(text, tracker.events, known_programmes=known_programmes())

    async def _record_if_action_failed(self, sender_id: str) -> bool:
        """Store the apology if the last turn's custom action failed; say whether it did."""
        agent = getattr(self.app.ctx, "agent", None) if self.app is not None else None
        if agent is None or agent.tracker_store is None:
            return False
        async with agent.lock_store.lock(sender_id):
            tracker = await agent.tracker_store.retrieve(sender_id)
            if tracker is None or not _custom_action_failed(tracker, agent.domain):
                return False
            text = domain_text(self.app, RESPONSE_UNAVAILABLE)
            tracker.update(BotUttered(text, metadata={"utter_action": RESPONSE_UNAVAILABLE}))
            await agent.tracker_store.save(tracker)
        return True
