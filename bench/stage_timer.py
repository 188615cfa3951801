"""Timing each stage of a message by wrapping Rasa's own methods (bench/profile_conversation.py)."""

from __future__ import annotations

import functools
import inspect
import statistics
import time
from collections import defaultdict

# (label, module, class, method): Rasa's methods whose time is one stage of a message.
STAGES = (
    ("message", "rasa.core.processor", "MessageProcessor", "handle_message"),
    ("nlu", "rasa.core.processor", "MessageProcessor", "parse_message"),
    ("tracker_load", "rasa.core.processor", "MessageProcessor", "fetch_tracker_and_update_session"),
    ("replay", "rasa.shared.core.trackers", "DialogueStateTracker", "from_dict"),
    ("policies", "rasa.core.processor", "MessageProcessor", "_predict_next_with_tracker"),
    ("action_round_trip", "rasa.core.actions.action", "RemoteAction", "run"),
    ("serialise_for_actions", "rasa.shared.core.trackers", "DialogueStateTracker", "current_state"),
    ("store_write", "rasa.core.processor", "MessageProcessor", "save_tracker"),
)


class StageTimer:
    """Accumulates seconds per stage for the message in flight."""

    def __init__(self) -> None:
        self.current: dict[str, float] = defaultdict(float)
        self.per_message: list[dict[str, float]] = []

    def wrap(self, label: str, function):
        timer = self
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def timed_async(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return await function(*args, **kwargs)
                finally:
                    timer.current[label] += time.perf_counter() - start

            return timed_async

        @functools.wraps(function)
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timer.current[label] += time.perf_counter() - start

        return timed

    def install(self) -> None:
        import importlib

        for label, module_name, class_name, method in STAGES:
            owner = getattr(importlib.import_module(module_name), class_name)
            original = inspect.getattr_static(owner, method)
            if isinstance(original, classmethod):
                wrapped = self.wrap(label, original.__func__)
                setattr(owner, method, classmethod(wrapped))
            else:
                setattr(owner, method, self.wrap(label, original))

    def close_message(self) -> None:
        self.per_message.append(dict(self.current))
        self.current = defaultdict(float)


def window_medians(per_message: list[dict[str, float]], width: int) -> list[dict]:
    """Return, per window of `width` turns, each stage's median milliseconds."""
    rows = []
    for start in range(0, len(per_message), width):
        window = per_message[start : start + width]
        labels = sorted({label for message in window for label in message})
        rows.append(
            {
                "turns": f"{start + 1}-{start + len(window)}",
                **{
                    label: statistics.median(m.get(label, 0.0) for m in window) * 1000
                    for label in labels
                },
            }
        )
    return rows
