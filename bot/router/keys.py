"""Which conversation a request belongs to, and which Rasa process serves it.

Every message of one conversation must reach the same Rasa process: that process's in-memory
lock store is what keeps a conversation's turns in order, and its tracker cache is what makes a
message cost the same at turn 300 as at turn 1. The key is read from what each client already
sends: the REST body's `sender`, the chat page's `advisor_route` query parameter (kept by the
socket.io client on every request of a connection), the conversation id in an API path. A
client that sends none of these (another socket.io client) is pinned by its address, as the
scale profile's nginx does, so its polling requests all reach the process that issued its sid.
"""

import json
import zlib
from collections.abc import Mapping

ROUTE_PARAM = "advisor_route"  # the chat page's per-browser routing key
SENDER_HEADER = "X-Advisor-Sender"  # set by harnesses that already know the sender
REST_PATHS = ("/webhooks/rest/webhook", "/webhooks/rest/webhook/")
CONVERSATIONS_PREFIX = "/conversations/"
MAX_PARSED_BODY = 64 * 1024  # larger bodies are refused by Rasa anyway; no need to parse them


def sender_of(body: bytes) -> str | None:
    """Return the REST message's `sender`, or None when the body is not such a message."""
    if not body or len(body) > MAX_PARSED_BODY:
        return None
    try:
        message = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    sender = message.get("sender") if isinstance(message, dict) else None
    return sender if isinstance(sender, str) and sender else None


def conversation_of(path: str) -> str | None:
    """Return the conversation id of an API path like /conversations/<id>/tracker."""
    if not path.startswith(CONVERSATIONS_PREFIX):
        return None
    conversation = path[len(CONVERSATIONS_PREFIX) :].split("/", 1)[0]
    return conversation or None


def sender_key(sender: str) -> str:
    """Return the routing key of a conversation id (REST sender, API path, harness header)."""
    return f"sender:{sender}"


def routing_key(
    *,
    path: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    body: bytes,
    peer: str,
) -> str:
    """Return the key that picks a request's Rasa process (the same for a whole conversation)."""
    if headers.get(SENDER_HEADER):
        return sender_key(headers[SENDER_HEADER])
    if path in REST_PATHS:
        sender = sender_of(body)
        if sender is not None:
            return sender_key(sender)
    conversation = conversation_of(path)
    if conversation is not None:
        return sender_key(conversation)
    if query.get(ROUTE_PARAM):
        return f"route:{query[ROUTE_PARAM]}"
    return f"peer:{peer}"


def pick(key: str, count: int) -> int:
    """Return the index of the process for `key`: stable across restarts and machines."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % count
