"""What Rasa sends the action server: the tracker's state with this turn's events only.

Rasa posts the whole conversation's events (as dicts, then JSON) with every custom-action call,
and rasa-sdk parses them all back, so each answer costs more as the conversation grows. Our
actions (actions/) read the slots, the latest message and its entities, and the domain, all of
which Rasa sends apart from the events; none reads `tracker.events`
(tests/rasa/test_action_payload.py checks that). So the events sent are those of the current
turn, from the latest user message on: the same state for every action, at a cost that does not
grow with the conversation.
"""

from __future__ import annotations

from typing import Any

import rasa
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity


def current_turn_events(tracker: DialogueStateTracker) -> list:
    """Return the events from the latest user message on (all of them when there is none)."""
    turn: list = []
    for past_event in reversed(tracker.events):
        turn.append(past_event)
        if isinstance(past_event, UserUttered):
            break
    turn.reverse()
    return turn


def turn_state(tracker: DialogueStateTracker) -> dict[str, Any]:
    """Return `tracker.current_state(EventVerbosity.ALL)` with only the current turn's events."""
    state = tracker.current_state(EventVerbosity.NONE)
    state["events"] = [past_event.as_dict() for past_event in current_turn_events(tracker)]
    return state


def _action_call_format(self: RemoteAction, tracker: DialogueStateTracker, domain: Any) -> dict:
    # Rasa 3.6's RemoteAction._action_call_format, with turn_state for the tracker.
    result = {
        "next_action": self._name,
        "sender_id": tracker.sender_id,
        "tracker": turn_state(tracker),
        "version": rasa.__version__,
    }
    if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(
        self.name()
    ):
        result["domain"] = domain.as_dict()
    return result


def install_turn_payload() -> None:
    """Make every custom-action call carry the current turn's events only."""
    RemoteAction._action_call_format = _action_call_format
