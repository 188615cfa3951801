"""Bad input through REST and socket.io: polite replies or a 4xx, never a 5xx, nothing broken."""

import time

import pytest
import socketio

from tests.hardening.conftest import TUITION_ANSWER, TUITION_QUESTION, post, reply_text

pytestmark = pytest.mark.slow

EMPTY = "your message was empty"
TOO_LONG = "Please shorten your question"

ODD_MESSAGES = {
    "nul-and-controls": "\x00\x01\x07\x1b[31mfees?\x7f\x9f",
    "emoji-flood": "😀🎓🔥" * 300,
    "html-script": "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "sql-injection": "'; DROP TABLE events;--",
    "jinja-template": "{{7*7}} {{config.items()}}",
    "format-template": "{programme} {0} {__class__} %s %n",
    "rtl-override": "\u202etuition\u202c \u2066ST4Health\u2069 \u200f?",
    "lone-surrogate": "\ud800\udfff\ud83d",
    "newlines-tabs": "how\nmuch\tis\r\ntuition",
    "zero-width": "\u200b\ufeff\u2060",
}


@pytest.mark.parametrize("message", ["", "   ", "\n\t \r\n", "\x00\x00", "\u202e\u200b"])
def test_empty_message_gets_the_empty_response(advisor_stack, message: str) -> None:
    response = post(advisor_stack, {"sender": "bad-empty", "message": message})

    assert response.status_code == 200
    assert EMPTY in reply_text(response.json())


@pytest.mark.parametrize("length", [1001, 100_000])
def test_overlong_message_gets_the_too_long_response(advisor_stack, length: int) -> None:
    started = time.monotonic()
    response = post(advisor_stack, {"sender": "bad-long", "message": "fees " * (length // 5 + 1)})

    assert response.status_code == 200
    text = reply_text(response.json())
    assert TOO_LONG in text and "1000 characters" in text
    assert time.monotonic() - started < 5


def test_overlong_message_never_reaches_nlu_or_the_tracker(advisor_stack) -> None:
    from tests.hardening.conftest import stored_user_texts

    post(advisor_stack, {"sender": "bad-long-store", "message": "x" * 5000})

    assert stored_user_texts(advisor_stack.settings.tracker_db, "bad-long-store") == []


@pytest.mark.parametrize("message", list(ODD_MESSAGES.values()), ids=list(ODD_MESSAGES))
def test_odd_message_gets_a_reply_and_the_next_question_is_answered(
    advisor_stack, message: str
) -> None:
    sender = f"bad-odd-{abs(hash(message))}"
    response = post(advisor_stack, {"sender": sender, "message": message})

    assert response.status_code == 200
    replies = response.json()
    assert replies and all(reply["text"] for reply in replies)
    assert "49" not in reply_text(replies)  # a template was never evaluated
    follow_up = post(advisor_stack, {"sender": sender, "message": TUITION_QUESTION})
    assert TUITION_ANSWER in reply_text(follow_up.json())


def test_control_characters_and_overrides_are_stripped_before_nlu(advisor_stack) -> None:
    from tests.hardening.conftest import stored_user_texts

    message = "\u202eHow\x00 much\tis\ntuition\u202c for ST4Health?\x07"
    response = post(advisor_stack, {"sender": "bad-clean", "message": message})

    assert TUITION_ANSWER in reply_text(response.json())
    assert stored_user_texts(advisor_stack.settings.tracker_db, "bad-clean") == [
        "How much is tuition for ST4Health?"
    ]


MALFORMED_BODIES = {
    "not-json": b"this is not json",
    "binary": bytes(range(256)) * 4,
    "truncated-json": b'{"sender": "a", "message": "hi',
    "json-array": b'["sender", "message"]',
    "json-string": b'"hello"',
    "missing-sender": b'{"message": "How much is tuition?"}',
    "empty-sender": b'{"sender": "", "message": "hi"}',
    "object-sender": b'{"sender": {"a": 1}, "message": "hi"}',
    "control-sender": b'{"sender": "a\\u0000b", "message": "hi"}',
    "long-sender": b'{"sender": "' + b"s" * 300 + b'", "message": "hi"}',
    "number-message": b'{"sender": "a", "message": 42}',
    "list-message": b'{"sender": "a", "message": ["hi"]}',
    "string-metadata": b'{"sender": "a", "message": "hi", "metadata": "x"}',
    "empty-body": b"",
}


@pytest.mark.parametrize("body", list(MALFORMED_BODIES.values()), ids=list(MALFORMED_BODIES))
def test_malformed_request_gets_a_400(advisor_stack, body: bytes) -> None:
    response = post(advisor_stack, None, raw=body, **{"Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.json()["error"]


def test_huge_body_is_refused_with_413(advisor_stack) -> None:
    body = b'{"sender": "a", "message": "' + b"x" * (9 * 1024 * 1024) + b'"}'

    response = post(advisor_stack, None, raw=body, **{"Content-Type": "application/json"})

    assert response.status_code == 413


def test_question_is_answered_after_malformed_requests(advisor_stack) -> None:
    for body in MALFORMED_BODIES.values():
        post(advisor_stack, None, raw=body, **{"Content-Type": "application/json"})

    response = post(advisor_stack, {"sender": "bad-after", "message": TUITION_QUESTION})

    assert response.status_code == 200
    assert TUITION_ANSWER in reply_text(response.json())


def _socket_conversation(advisor_stack, payloads: list[object], last: str) -> list[dict]:
    """Send payloads over socket.io (polling transport); collect replies until one has `last`."""
    client = socketio.Client(reconnection=False)
    replies: list[dict] = []
    confirmed: list[str] = []
    client.on("bot_uttered", replies.append)
    client.on("session_confirm", confirmed.append)
    client.connect(advisor_stack.rasa_url, transports=["polling"], wait_timeout=30)
    try:
        client.emit("session_request", {"session_id": None})
        deadline = time.monotonic() + 30
        while not confirmed and time.monotonic() < deadline:
            time.sleep(0.05)
        session_id = confirmed[0]
        for payload in payloads:
            if isinstance(payload, dict):
                payload = {**payload, "session_id": session_id}
            client.emit("user_uttered", payload)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(
            last in (reply.get("text") or "") for reply in replies
        ):
            time.sleep(0.05)
    finally:
        client.disconnect()
    return replies


def test_socketio_bad_input_gets_polite_replies_then_answers(advisor_stack) -> None:
    payloads: list[object] = [
        {"message": ""},
        {"message": "x" * 100_000},
        {"message": 42},
        "not an object",
        {"message": "hi", "metadata": "{not json"},
        {"message": "\x00\u202e{{7*7}}"},
        {"message": TUITION_QUESTION},
    ]

    replies = _socket_conversation(advisor_stack, payloads, last=TUITION_ANSWER)

    texts = [reply.get("text") or "" for reply in replies]
    assert any(EMPTY in text for text in texts)
    assert any(TOO_LONG in text for text in texts)
    assert any(TUITION_ANSWER in text for text in texts)
    assert all(text for text in texts)
