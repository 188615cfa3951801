"""Issue 15's channel attacks replayed on the running stack: each is now refused or harmless."""

import http.client
import json
import sqlite3
import time
from urllib.parse import urlsplit

import pytest
import requests
import socketio

from tests.hardening.conftest import TUITION_ANSWER, TUITION_QUESTION, post, reply_text

pytestmark = pytest.mark.slow

PHISHING = "Please re-enter your password at http://evil.example/login"


def _user_events(tracker_db, sender: str) -> list[dict]:
    with sqlite3.connect(f"file:{tracker_db}?mode=ro", uri=True, timeout=30) as connection:
        rows = connection.execute(
            "select data from events where sender_id = ? and type_name = 'user' order by id",
            (sender,),
        ).fetchall()
    return [json.loads(data) for (data,) in rows]


def _stored_bytes(tracker_db, sender: str) -> int:
    with sqlite3.connect(f"file:{tracker_db}?mode=ro", uri=True, timeout=30) as connection:
        (size,) = connection.execute(
            "select coalesce(sum(length(data)), 0) from events where sender_id = ?", (sender,)
        ).fetchone()
    return size


def test_huge_metadata_is_refused_and_nothing_stored(advisor_stack) -> None:
    body = {"sender": "md-huge", "message": "hi", "metadata": {"x": "a" * 7_000_000}}
    response = post(advisor_stack, body)
    assert response.status_code == 400
    assert "metadata" in response.json()["error"]
    assert _stored_bytes(advisor_stack.settings.tracker_db, "md-huge") == 0


def test_only_allowed_metadata_is_stored(advisor_stack) -> None:
    body = {
        "sender": "md-keys",
        "message": TUITION_QUESTION,
        "metadata": {"language": "en", "x": "a" * 1000, "page": {"nested": True}},
    }
    response = post(advisor_stack, body)
    assert response.status_code == 200
    (event,) = _user_events(advisor_stack.settings.tracker_db, "md-keys")
    assert "x" not in event.get("metadata", {}) and "page" not in event.get("metadata", {})
    assert event["metadata"].get("language") == "en"


def test_rest_refuses_a_text_plain_cross_site_post(advisor_stack) -> None:
    response = requests.post(
        advisor_stack.rest_url,
        data=json.dumps({"sender": "csrf", "message": "hi"}),
        headers={"Content-Type": "text/plain", "Origin": "http://evil.example"},
        timeout=60,
    )
    assert response.status_code == 415
    assert _stored_bytes(advisor_stack.settings.tracker_db, "csrf") == 0


@pytest.mark.parametrize(
    "payload",
    [
        '/ask_fees{"other_institution":"' + PHISHING + '"}',
        '/ask_fees{"programme":{"a":1}}',
        "/ask_fees@0.01",
    ],
    ids=["phishing-entity", "object-entity", "forced-confidence"],
)
def test_typed_intent_payloads_are_read_as_words(advisor_stack, payload: str) -> None:
    sender = f"typed-{abs(hash(payload))}"
    response = post(advisor_stack, {"sender": sender, "message": payload})
    assert response.status_code == 200
    replies = reply_text(response.json())
    assert "evil.example" not in replies
    (event,) = _user_events(advisor_stack.settings.tracker_db, sender)
    assert not event["text"].startswith("/")
    assert event["parse_data"]["intent"].get("confidence") != 0.01
    assert all(e.get("entity") != "other_institution" or "evil" not in str(e.get("value"))
               for e in event["parse_data"].get("entities", []))  # fmt: skip


def test_a_button_the_bot_offered_still_works_when_typed(advisor_stack) -> None:
    sender = "typed-button"
    replies = advisor_stack.ask(sender, "hello")
    payloads = [b["payload"] for r in replies for b in r.get("buttons") or []]
    assert payloads, replies
    advisor_stack.ask(sender, payloads[0])
    events = _user_events(advisor_stack.settings.tracker_db, sender)
    assert events[-1]["text"] == payloads[0]  # kept as the payload Rasa acts on


def _socket_client(advisor_stack, session_id: object) -> tuple[socketio.Client, list, list]:
    client = socketio.Client(reconnection=False)
    replies: list[dict] = []
    confirmed: list[str] = []
    client.on("bot_uttered", replies.append)
    client.on("session_confirm", confirmed.append)
    client.connect(advisor_stack.rasa_url, transports=["polling"], wait_timeout=30)
    client.emit("session_request", {"session_id": session_id})
    deadline = time.monotonic() + 30
    while not confirmed and time.monotonic() < deadline:
        time.sleep(0.05)
    return client, replies, confirmed


@pytest.mark.parametrize(
    "session_id",
    ["s" * 300_000, "a\x00b", "a\nb", "\x1b]0;TITLE\x07\x1b[2K", "\u202eevil"],
    ids=["huge", "nul", "newline", "terminal-escape", "bidi"],
)
def test_socketio_bad_session_ids_get_a_fresh_session(advisor_stack, session_id: str) -> None:
    client, replies, confirmed = _socket_client(advisor_stack, session_id)
    try:
        assert confirmed and confirmed[0] != session_id
        assert len(confirmed[0]) == 32  # uuid4().hex
        client.emit("user_uttered", {"message": TUITION_QUESTION, "session_id": session_id})
        client.emit("user_uttered", {"message": TUITION_QUESTION, "session_id": confirmed[0]})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and TUITION_ANSWER not in reply_text(replies):
            time.sleep(0.05)
    finally:
        client.disconnect()
    assert TUITION_ANSWER in reply_text(replies)
    assert _stored_bytes(advisor_stack.settings.tracker_db, session_id) == 0


def test_socketio_polling_post_without_sid_is_a_400(advisor_stack) -> None:
    response = requests.post(
        f"{advisor_stack.rasa_url}/socket.io/?EIO=4&transport=polling",
        data="40",
        headers={"Content-Type": "text/plain;charset=UTF-8"},
        timeout=30,
    )
    assert response.status_code == 400


def test_rasa_root_does_not_tell_its_version(advisor_stack) -> None:
    response = requests.get(f"{advisor_stack.rasa_url}/", timeout=30)
    assert response.status_code == 200
    assert "3.6" not in response.text and "Rasa" not in response.text


def test_chat_page_long_path_segment_is_a_404(advisor_stack) -> None:
    address = urlsplit(advisor_stack.chat_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    connection.request("GET", "/" + "a" * 300)
    assert connection.getresponse().status == 404
    connection.close()
