"""Tracker and dispatcher fixtures for running actions without a server."""

from collections.abc import Callable
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def make_tracker() -> Callable[..., Tracker]:
    """Return a factory for a tracker whose latest message has the given text, intent, entities."""

    def factory(
        text: str,
        intent: str,
        entities: list[dict[str, Any]] | None = None,
        slots: dict[str, Any] | None = None,
    ) -> Tracker:
        latest = {
            "text": text,
            "intent": {"name": intent, "confidence": 0.99},
            "entities": entities or [],
        }
        return Tracker(
            sender_id="test",
            slots=slots or {},
            latest_message=latest,
            events=[],
            paused=False,
            followup_action=None,
            active_loop={},
            latest_action_name="action_listen",
        )

    return factory


def slots_set(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the slots an action set, by name."""
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}
