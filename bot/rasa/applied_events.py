"""`DialogueStateTracker.applied_events()` folded incrementally instead of from the start.

Rasa computes the applied events (the events minus what restarts, new sessions and undos
removed) with a pass over the whole conversation, and calls it several times per message
(session check, `get_last_event_for`, the action limit, slot extraction), so each message
costs more as the conversation grows. The computation is a left fold over the events with one
parameter that depends on all of them: the names of the loops ever activated. Here the fold's
result is kept on the tracker with how many events it covers; new events are folded onto it
with Rasa's own steps, and it starts over from the first event whenever the kept result may
not hold: the tracker's event list was replaced, an event it covered is no longer there, or a
new event activates a loop not seen before. Callers get a fresh list each time, as from Rasa.
"""

from __future__ import annotations

import itertools

from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

_ATTRIBUTE = "_advisor_applied_events"
_original_applied_events = DialogueStateTracker.applied_events


def _loop_names(events) -> set[str]:
    return {event.name for event in events if isinstance(event, ActiveLoop) and event.name}


def _fold(
    tracker: DialogueStateTracker, applied: list[Event], new_events, loop_names: set[str]
) -> list[Event]:
    # Rasa 3.6's DialogueStateTracker.applied_events loop body, step for step.
    for event in new_events:
        if isinstance(event, Restarted | SessionStarted):
            applied = []
        elif isinstance(event, ActionReverted):
            tracker._undo_till_previous(ActionExecuted, applied)
        elif isinstance(event, UserUtteranceReverted):
            tracker._undo_till_previous(UserUttered, applied)
            tracker._undo_till_previous(ActionExecuted, applied)
        elif (
            isinstance(event, ActionExecuted)
            and event.action_name in loop_names
            and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)
        ):
            tracker._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)
    return applied


def applied_events(self: DialogueStateTracker) -> list[Event]:
    """Return the applied events, folding only the events added since the last call."""
    events = self.events
    kept = self.__dict__.get(_ATTRIBUTE)
    if kept is not None:
        deque_id, covered, last, applied, loop_names = kept
        usable = (
            deque_id == id(events)
            and events.maxlen is None
            and covered <= len(events)
            and (covered == 0 or events[covered - 1] is last)
        )
        new_events = list(itertools.islice(events, covered, None)) if usable else []
        if usable and not _loop_names(new_events) - loop_names:
            applied = _fold(self, applied, new_events, loop_names)
            self.__dict__[_ATTRIBUTE] = (id(events), len(events), events[-1] if events else None,
                                         applied, loop_names)  # fmt: skip
            return list(applied)
    loop_names = _loop_names(events)
    applied = _fold(self, [], events, loop_names)
    self.__dict__[_ATTRIBUTE] = (id(events), len(events), events[-1] if events else None,
                                 applied, loop_names)  # fmt: skip
    return list(applied)


def install_incremental_applied_events() -> None:
    """Make every tracker fold its applied events incrementally."""
    DialogueStateTracker.applied_events = applied_events
