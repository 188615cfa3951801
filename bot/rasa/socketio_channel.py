"""Rasa's socket.io channel for the chat page: cleaned input, fault replies, sessions bound to
a secret the page keeps (bot/rasa/session_secret.py)."""

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from bot.rasa.input_bounds import MetadataError, bounded_metadata, valid_sender_id
from bot.rasa.message_guard import RESPONSE_EMPTY, MessageGuard, domain_text
from bot.rasa.session_secret import SessionTokens

logger = logging.getLogger(__name__)

SESSION_TOKEN_EVENT = "session_token"


class AdvisorSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel with payload validation, the message guard, and sessions
    bound to a secret (bot/rasa/session_secret.py)."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Build Rasa's socket.io blueprint around a guarded handler and a payload check."""
        self.guard = MessageGuard()
        webhook = super().blueprint(self.guard.wrap(on_new_message))
        self.guard.attach(webhook)
        tokens = SessionTokens.from_key_file()
        sio = self.sio
        namespace = self.namespace or "/"
        rasa_handler = sio.handlers[namespace][self.user_message_evt]
        rasa_session_request = sio.handlers[namespace]["session_request"]

        async def session_request(sid: str, data: Any = None) -> None:
            # An id the REST channel would refuse, or one named without its token, gets a new
            # session: knowing a student's session id is not enough to join it.
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if session_id is not None and not valid_sender_id(session_id):
                logger.info("socket.io session id refused; a new session is started")
                session_id = None
            if session_id is not None and not tokens.valid(session_id, data.get("session_token")):
                logger.info("socket.io session id without its token; a new session is started")
                session_id = None
            session_id = session_id or uuid.uuid4().hex
            # Sent before Rasa's session_confirm, so the page holds it when the session starts.
            token = {"session_id": session_id, "session_token": tokens.token(session_id)}
            await sio.emit(SESSION_TOKEN_EVENT, token, room=sid, namespace=namespace)
            await rasa_session_request(sid, {"session_id": session_id})

        async def handle_message(sid: str, data: Any = None) -> None:
            if not isinstance(data, dict) or not isinstance(data.get("message", ""), str):
                text = domain_text(self.guard.app, RESPONSE_EMPTY)
                await sio.emit(self.bot_message_evt, {"text": text}, room=sid, namespace=namespace)
                return
            session_id = data.get("session_id")
            if self.session_persistence and not _joined(sio, sid, session_id, namespace):
                # Only a session this connection joined (with its token) may be posted into.
                logger.info("socket.io message for a session this client has not joined: dropped")
                return
            try:
                metadata = bounded_metadata(data.get(self.metadata_key))
            except MetadataError:
                metadata = {}
            await rasa_handler(sid, {**data, self.metadata_key: metadata})

        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, handle_message, namespace=self.namespace)
        return webhook


def _joined(sio: Any, sid: str, session_id: object, namespace: str) -> bool:
    """Say whether connection `sid` joined the room of `session_id` through session_request."""
    return (
        valid_sender_id(session_id)
        and session_id != sid
        and session_id in sio.rooms(sid, namespace=namespace)
    )
