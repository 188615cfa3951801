"""`jsonschema.validate` with each schema checked once, and events checked against their own type.

Rasa validates every action-server response with `jsonschema.validate`, which re-checks the
(constant) schema on each call; a validator built once per schema gives the same verdicts
without that cost. The response's events are then matched against Rasa's event schema, a
`oneOf` of 23 event types, each pinning `event` to its own constant: jsonschema tries all 23
for every event (and builds an error for each of the 22 that fail), most of a response's
validation time.

When every branch of such a `oneOf` pins the same property to a distinct constant, an event
whose property names a branch can only match that branch, so checking it alone decides the
`oneOf`. That shortcut only ever says "valid"; anything it does not accept (an unknown event
type, a missing field, a wrong type) is validated the full way, so the verdicts and the errors
raised are jsonschema's own.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import jsonschema

_original_validate = jsonschema.validate


def _validator(schema: dict) -> Any:
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _pinned_constant(branch: Any, key: str) -> Any:
    if not isinstance(branch, dict):
        return None
    pinned = branch.get("properties", {}).get(key, {})
    return pinned.get("const") if isinstance(pinned, dict) else None


def _branches_by_constant(item: Any, key: str = "event") -> dict[str, Any] | None:
    """Return {constant: branch validator} if `item`'s oneOf is split by `key`, else None."""
    if not isinstance(item, dict) or key not in item.get("required", ()):
        return None
    branches = item.get("oneOf")
    if not isinstance(branches, list) or not branches:
        return None
    constants = [_pinned_constant(branch, key) for branch in branches]
    if not all(isinstance(c, str) for c in constants) or len(set(constants)) != len(constants):
        return None
    return {
        constant: _validator(branch) for constant, branch in zip(constants, branches, strict=True)
    }


class ResponseValidator:
    """The full validator of one schema, with the shortcut for an `events` array when it fits."""

    def __init__(self, schema: dict) -> None:
        self.full = _validator(schema)
        self.branches = None
        events = schema.get("properties", {}).get("events")
        if isinstance(events, dict) and set(events) == {"type", "items"}:
            item = events["items"]
            self.branches = _branches_by_constant(item)
        if self.branches is not None:
            outer_properties = {**schema["properties"], "events": {"type": events["type"]}}
            self.outer = _validator({**schema, "properties": outer_properties})
            self.item = _validator({k: v for k, v in item.items() if k != "oneOf"})

    def surely_valid(self, instance: Any) -> bool:
        """Say that the instance is valid (True), or that the full validation must decide."""
        if self.branches is None or not self.outer.is_valid(instance):
            return False
        events = instance.get("events", []) if isinstance(instance, dict) else []
        for event in events:
            name = event.get("event") if isinstance(event, dict) else None
            branch = self.branches.get(name) if isinstance(name, str) else None
            if branch is None or not self.item.is_valid(event) or not branch.is_valid(event):
                return False
        return True

    def validate(self, instance: Any) -> None:
        """Raise jsonschema's best-matching error when the instance is invalid."""
        if self.surely_valid(instance):
            return
        error = jsonschema.exceptions.best_match(self.full.iter_errors(instance))
        if error is not None:
            raise error


@functools.lru_cache(maxsize=32)
def _validator_for(schema_json: str) -> ResponseValidator:
    return ResponseValidator(json.loads(schema_json))


def cached_validate(instance: Any, schema: dict, *args: Any, **kwargs: Any) -> None:
    """Validate like `jsonschema.validate`, checking each distinct schema only once."""
    if args or kwargs:  # an explicit validator class or format checker: keep the original path
        return _original_validate(instance, schema, *args, **kwargs)
    _validator_for(json.dumps(schema, sort_keys=True)).validate(instance)
    return None
