"""Run Rasa's own CLI (`run`, `shell`) with the advisor's in-process speed fixes applied.

Rasa validates every action-server response with `jsonschema.validate`, which re-checks the
(constant) schema on each call and tries every event type on every event: a validator built
once per schema, checking each event against its own type, gives the same verdicts for less
(bot/rasa/schema_validation.py). Rasa also sends the whole conversation's events with every
action call (ours need the current turn's only), and rebuilds every past turn's state for each
prediction (our one-turn rules need the last few), its applied events several times per
message and, for each action, a copy of the tracker by replaying every event; and it runs the
model's graph through dask's scheduler three times per message.
"""

import sys

import jsonschema

from bot.rasa.schema_validation import cached_validate


def install_speedups() -> None:
    """Swap in the cached validator (Rasa imports `validate` from jsonschema at call time), send
    the action server only the current turn's events (bot/rasa/action_payload.py), let the
    policies see the last turns only (bot/rasa/policy_window.py), fold applied events
    incrementally (bot/rasa/applied_events.py), copy trackers from a kept replay
    (bot/rasa/tracker_copy.py), run the model's graph in a fixed order
    (bot/rasa/graph_runner.py) and keep the loaded model out of full garbage collections
    (bot/rasa/startup_heap.py)."""
    from bot.rasa.action_payload import install_turn_payload
    from bot.rasa.applied_events import install_incremental_applied_events
    from bot.rasa.graph_runner import install_sequential_graph_runs
    from bot.rasa.policy_window import install_policy_window
    from bot.rasa.startup_heap import install_frozen_heap_after_load
    from bot.rasa.tracker_copy import install_kept_replay_copy

    jsonschema.validate = cached_validate
    install_turn_payload()
    install_policy_window()
    install_incremental_applied_events()
    install_kept_replay_copy()
    install_sequential_graph_runs()
    install_frozen_heap_after_load()


def main() -> None:
    """Apply the speed fixes, then hand over to Rasa's command line."""
    install_speedups()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
