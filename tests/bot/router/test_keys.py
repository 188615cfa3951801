"""Routing keys: every request of one conversation picks the same Rasa process."""

import json

import pytest

from bot.router.keys import ROUTE_PARAM, SENDER_HEADER, pick, routing_key, sender_of


def key(path="/webhooks/rest/webhook", query=None, headers=None, body=b"", peer="10.0.0.1"):
    return routing_key(path=path, query=query or {}, headers=headers or {}, body=body, peer=peer)


def rest_body(sender: object, message: str = "hi") -> bytes:
    return json.dumps({"sender": sender, "message": message}).encode()


def test_a_rest_message_is_routed_by_its_sender_whatever_the_client() -> None:
    first = key(body=rest_body("student-7", "fees?"), peer="10.0.0.1")
    later = key(body=rest_body("student-7", "and the deadline?"), peer="10.0.0.99")

    assert first == later == "sender:student-7"


def test_the_api_path_and_the_harness_header_name_the_same_conversation() -> None:
    rest = key(body=rest_body("student-7"))

    assert key(path="/conversations/student-7/tracker", body=b"") == rest
    assert key(path="/anything", headers={SENDER_HEADER: "student-7"}) == rest


def test_socketio_requests_follow_the_pages_route_key_across_polls() -> None:
    handshake = key(path="/socket.io/", query={"EIO": "4", ROUTE_PARAM: "abc"})
    poll = key(path="/socket.io/", query={"EIO": "4", "sid": "x1", ROUTE_PARAM: "abc"})

    assert handshake == poll == "route:abc"


def test_a_client_without_any_key_is_pinned_by_its_address() -> None:
    assert key(path="/socket.io/", query={"EIO": "4"}, peer="10.1.2.3") == "peer:10.1.2.3"
    assert key(path="/socket.io/", query={"sid": "z"}, peer="10.1.2.3") == "peer:10.1.2.3"


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"[1, 2]", rest_body(None), rest_body(""), rest_body(42), b"\xff\xfe\x00",
     b'{"sender": "' + b"x" * 70_000 + b'"}'],
)  # fmt: skip
def test_bodies_without_a_usable_sender_fall_back_without_failing(body: bytes) -> None:
    assert sender_of(body) is None
    assert key(body=body, peer="10.9.9.9") == "peer:10.9.9.9"


def test_pick_is_stable_in_range_and_spreads_conversations() -> None:
    picks = [pick(f"sender:student-{n}", 2) for n in range(200)]

    assert picks == [pick(f"sender:student-{n}", 2) for n in range(200)]
    assert set(picks) == {0, 1}
    assert 60 < picks.count(0) < 140
    assert {pick(f"sender:{n}", 1) for n in range(50)} == {0}
