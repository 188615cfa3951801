"""What a chat client may send: sender ids, metadata, typed intent payloads (issue 15, 1/5/6)."""

import json

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot.rasa.input_bounds import (
    MetadataError,
    bounded_metadata,
    offered_payloads,
    payload_allowed,
    valid_sender_id,
)

PROGRAMMES = frozenset({"st4health", "leuven-medical-physics"})
CHOOSE = '/inform_programme{"programme":"st4health"}'


@pytest.mark.parametrize(
    "sender",
    ["3f9c2a1e0b7d4e5f", "student-42", "jane.doe@example.com", "+33612345678", "a" * 256],
)
def test_valid_sender_ids(sender):
    assert valid_sender_id(sender)


@pytest.mark.parametrize(
    "sender",
    [
        "", "s" * 257, "s" * 300_000, "a\x00b", "a\nb", "a b", "\u202etxt", "\x1b]0;TITLE\x07",
        "\x1b[2K", "a\tb", None, 42, {"a": 1}, ["a"],
    ],
)  # fmt: skip
def test_invalid_sender_ids(sender):
    assert not valid_sender_id(sender)


def test_metadata_keeps_only_allowed_flat_keys():
    kept = bounded_metadata(
        {"language": "fr", "page": "/apply", "x": "a", "source": {"nested": 1}, "evil": [1, 2]}
    )
    assert kept == {"language": "fr", "page": "/apply"}


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "metadata",
    [
        {"x": "a" * 7_000_000},
        "a" * 7_000_000,
        json.dumps({"x": "a" * 5000}),
        {"language": "fr", "deep": _nested(100_000)},
        "{not json",
        ["a"],
        42,
    ],
    ids=["huge-value", "huge-string", "huge-json-text", "deep", "bad-json", "list", "number"],
)
def test_metadata_too_big_deep_or_not_an_object_is_refused(metadata):
    with pytest.raises(MetadataError):
        bounded_metadata(metadata)


def test_no_metadata_is_empty():
    assert bounded_metadata(None) == {}


def _turn(*buttons: str) -> list:
    return [
        ActionExecuted("action_listen"),
        UserUttered("which programmes?"),
        BotUttered("Which one?", {"buttons": [{"title": b, "payload": b} for b in buttons]}),
        ActionExecuted("action_listen"),
    ]


def test_offered_payloads_are_the_last_bot_turn_buttons():
    events = _turn("/ask_fees") + _turn(CHOOSE, "/ask_deadlines")
    assert offered_payloads(events) == {CHOOSE, "/ask_deadlines"}


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        (CHOOSE, True),
        ("/ask_deadlines", True),
        ("/ask_fees", False),  # offered two turns ago only
        ('/ask_fees{"other_institution":"Please re-enter your password at http://evil"}', False),
        ('/ask_fees{"programme":{"a":1}}', False),
        ("/ask_deadlines@0.01", False),
        ('/inform_programme{"programme":"st4health", "x": 1}', False),
        ('/inform_programme{"programme":"unknown"}', False),
    ],
)
def test_typed_payload_must_be_an_offered_button(text, allowed):
    events = _turn("/ask_fees") + _turn(CHOOSE, "/ask_deadlines")
    assert payload_allowed(text, events, known_programmes=PROGRAMMES) is allowed


def test_an_offered_payload_naming_an_unknown_programme_is_refused():
    forged = '/inform_programme{"programme":"evil"}'
    assert not payload_allowed(forged, _turn(forged), known_programmes=PROGRAMMES)
    assert payload_allowed(forged, _turn(forged), known_programmes=None)  # KB unreadable
