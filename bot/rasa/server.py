"""Run Rasa's own CLI (`run`, `shell`) with the advisor's in-process speed fixes applied.

Rasa validates every action-server response with `jsonschema.validate`, which re-checks the
(constant) schema on each call: about 8 ms of every custom-action answer here. A validator
built once per schema gives the same verdicts without that cost. Rasa also sends the whole
conversation's events with every action call (ours need the current turn's only), and rebuilds
every past turn's state for each prediction (our one-turn rules need the last few) and its
applied events several times per message.
"""

import functools
import json
import sys
from typing import Any

import jsonschema


@functools.lru_cache(maxsize=32)
def _validator_for(schema_json: str) -> Any:
    schema = json.loads(schema_json)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def cached_validate(instance: Any, schema: dict, *args: Any, **kwargs: Any) -> None:
    """Validate like `jsonschema.validate`, checking each distinct schema only once."""
    if args or kwargs:  # an explicit validator class or format checker: keep the original path
        return _original_validate(instance, schema, *args, **kwargs)
    error = jsonschema.exceptions.best_match(
        _validator_for(json.dumps(schema, sort_keys=True)).iter_errors(instance)
    )
    if error is not None:
        raise error
    return None


_original_validate = jsonschema.validate


def install_speedups() -> None:
    """Swap in the cached validator (Rasa imports `validate` from jsonschema at call time), send
    the action server only the current turn's events (bot/rasa/action_payload.py), let the
    policies see the last turns only (bot/rasa/policy_window.py) and fold applied events
    incrementally (bot/rasa/applied_events.py)."""
    from bot.rasa.action_payload import install_turn_payload
    from bot.rasa.applied_events import install_incremental_applied_events
    from bot.rasa.policy_window import install_policy_window

    jsonschema.validate = cached_validate
    install_turn_payload()
    install_policy_window()
    install_incremental_applied_events()


def main() -> None:
    """Apply the speed fixes, then hand over to Rasa's command line."""
    install_speedups()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
