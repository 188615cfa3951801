"""The response validator gives jsonschema's verdicts and errors on Rasa's own response schema."""

import copy
import random

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.rasa.schema_validation import ResponseValidator, cached_validate

SPEC = RemoteAction.action_response_format_spec()
VALID_EVENTS = [
    {"event": "slot", "timestamp": None, "name": "programme", "value": "st4health"},
    {"event": "slot", "name": "topic", "value": None, "metadata": {}},
    {"event": "bot", "text": "Tuition is ...", "data": {}, "metadata": {}},
    {"event": "action", "name": "utter_x", "policy": None, "confidence": 1.0},
    {"event": "followup", "name": "action_listen"},
    {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet"}, "entities": []}},
    {"event": "reset_slots"},
    {"event": "entities", "entities": [{"entity": "programme", "value": "x"}]},
]
BROKEN = [
    {"event": "slot", "name": "programme"},  # no value
    {"event": "slot", "name": 3, "value": 1},
    {"event": "no_such_event"},
    {"event": 7},
    {"event": ["slot"]},
    {"name": "programme", "value": 1},  # no event at all
    {"event": "bot", "timestamp": "yesterday"},
    {"event": "entities", "entities": [{"value": "x"}]},
    "slot",
    None,
]


def _outcome(validate, instance):
    try:
        validate(instance, copy.deepcopy(SPEC))
    except jsonschema.ValidationError as error:
        return ("invalid", error.message, list(error.path))
    return ("valid",)


def _responses():
    draw = random.Random(11)
    yield {"events": [], "responses": []}
    yield {"events": "nope"}
    yield {"responses": [1]}
    yield []
    for _ in range(300):
        events = draw.sample(VALID_EVENTS, draw.randint(0, len(VALID_EVENTS)))
        if draw.random() < 0.5:
            events.insert(draw.randint(0, len(events)), draw.choice(BROKEN))
        yield {"events": events, "responses": [{"text": "x"}] * draw.randint(0, 2)}


@pytest.mark.parametrize("response", list(_responses()))
def test_verdicts_and_errors_are_jsonschemas(response):
    assert _outcome(cached_validate, response) == _outcome(jsonschema.validate, response)


def test_the_shortcut_is_taken_for_rasas_event_schema():
    validator = ResponseValidator(SPEC)
    assert validator.branches is not None and "slot" in validator.branches
    assert validator.surely_valid({"events": VALID_EVENTS, "responses": []})
    assert not validator.surely_valid({"events": [BROKEN[0]]})


def test_a_oneof_not_split_by_a_constant_is_validated_the_full_way():
    schema = {"type": "object", "properties": {"events": {"type": "array", "items": {
        "required": ["event"], "oneOf": [{"properties": {"event": {"type": "string"}}},
                                         {"properties": {"event": {"const": "a"}}}]}}}}  # fmt: skip
    assert ResponseValidator(schema).branches is None
    with pytest.raises(jsonschema.ValidationError):
        cached_validate({"events": [{"event": "a"}]}, schema)  # matches both branches
