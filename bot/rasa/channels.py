"""The REST channel Rasa loads by class path from credentials.yml, and the path of both channels.

`bot.rasa.channels.AdvisorRestInput` keeps Rasa's channel name (`rest`), so the URL stays
`/webhooks/rest/webhook`; it validates the request body and hands the message to the message
guard both channels share (bot/rasa/message_guard.py): each message is normalised (control
characters and bidi overrides removed, whitespace collapsed); an empty or overlong one is
answered from domain.yml without reaching NLU or the tracker store; a turn whose custom action
failed or took too long is answered with `utter_action_unavailable`. The socket.io channel lives
in bot/rasa/socketio_channel.py and stays loadable as `bot.rasa.channels.AdvisorSocketIOInput`.
"""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.rasa.http_guards import bad_request
from bot.rasa.input_bounds import MetadataError, bounded_metadata, valid_sender_id
from bot.rasa.message_guard import MessageGuard

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 256


class AdvisorRestInput(RestInput):
    """Rasa's REST channel with request validation and the message guard."""

    def __init__(self) -> None:
        self.guard = MessageGuard()

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> "AdvisorRestInput":
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        """Serve `GET /` (health) and `POST /webhook` like Rasa's REST channel, validated."""
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        self.guard.attach(webhook)
        guarded = self.guard.wrap(on_new_message)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            fields = _webhook_fields(request)
            if isinstance(fields, HTTPResponse):
                return fields
            sender, text, metadata = fields
            collector = CollectingOutputChannel()
            message = UserMessage(
                text, collector, sender, input_channel=self.name(), metadata=metadata
            )
            try:
                await guarded(message)
            except Exception:  # the student must be told to retry: nothing was stored
                logger.exception("could not handle a message from %s", sender)
                return response.json(
                    {"error": "the message could not be processed; please send it again"},
                    status=503,
                )
            return response.json(collector.messages)

        return webhook


def _webhook_fields(request: Request) -> tuple[str, str, dict[str, Any]] | HTTPResponse:
    """Return the webhook body's sender, message and metadata, or the error response to send."""
    # A cross-site form or `fetch` with text/plain needs no CORS preflight; JSON does.
    if (request.content_type or "").split(";")[0].strip().lower() != "application/json":
        return response.json(
            {"error": "the body must be JSON (Content-Type: application/json)"},
            status=415,
        )
    try:
        body = request.json
    except InvalidUsage:
        return bad_request("the body must be JSON")
    if not isinstance(body, dict):
        return bad_request('the body must be a JSON object {"sender", "message"}')
    sender = body.get("sender")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender.strip():
        return bad_request('"sender" must be a non-empty string')
    if len(sender) > MAX_SENDER_CHARS or not valid_sender_id(sender):
        return bad_request('"sender" must be at most 256 letters, digits or _ . : @ + = -')
    text = body.get("message")
    if text is None:
        text = ""
    if not isinstance(text, str):
        return bad_request('"message" must be a string')
    try:
        metadata = bounded_metadata(body.get("metadata"))
    except MetadataError as error:
        return bad_request(f'"metadata": {error}')
    return sender, text, metadata


def __getattr__(name: str) -> Any:
    # The socket.io channel has its own module; credentials.yml files that name it here load.
    if name == "AdvisorSocketIOInput":
        from bot.rasa.socketio_channel import AdvisorSocketIOInput

        return AdvisorSocketIOInput
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
