"""`DialogueStateTracker.copy()` without replaying the whole conversation each time.

Rasa runs every action on a copy of the tracker (so a rejected action leaves no trace), and
`copy()` builds that copy by replaying every event of the session into a fresh tracker: twice
per message here, the one cost of a message that still grew with the conversation (about a
third of the difference between turn 300 and turn 1).

The copy is the left fold of `update` over the events, so it can be kept: each tracker holds a
private replayed tracker (never handed out, never changed but by `update`) with how many events
it covers. A copy folds the events added since onto it, then clones it: new event list, slot
objects copied with their values, the mutable state (latest action, active loop) copied, the
rest shared exactly as a replay shares it (the events themselves). The kept replay starts over
whenever it may not hold: the event list was replaced, an event it covered is gone, or the
slots are not the domain's (any-slot trackers).
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import math

from rasa.shared.core.trackers import AnySlotDict, DialogueStateTracker

_ATTRIBUTE = "_advisor_replayed"
_original_copy = DialogueStateTracker.copy


def _clone(replayed: DialogueStateTracker) -> DialogueStateTracker:
    """Return a tracker in the same state as `replayed`, sharing nothing a caller may change."""
    clone = replayed.init_copy()
    clone.events = clone._create_events(list(replayed.events))
    clone.slots = {name: copy.copy(slot) for name, slot in replayed.slots.items()}
    clone._paused = replayed._paused
    clone.followup_action = replayed.followup_action
    clone.latest_action = dict(replayed.latest_action) if replayed.latest_action else (
        replayed.latest_action
    )  # fmt: skip
    clone.latest_message = replayed.latest_message
    clone.latest_bot_utterance = replayed.latest_bot_utterance
    clone.active_loop = dataclasses.replace(replayed.active_loop) if replayed.active_loop else (
        replayed.active_loop
    )  # fmt: skip
    return clone


def _kept_replay(tracker: DialogueStateTracker) -> DialogueStateTracker | None:
    """Return the tracker's replay brought up to its latest event, or None to replay anew."""
    events = tracker.events
    if events.maxlen is not None or isinstance(tracker.slots, AnySlotDict):
        return None
    kept = tracker.__dict__.get(_ATTRIBUTE)
    if kept is not None:
        deque_id, covered, last, replayed = kept
        usable = (
            deque_id == id(events)
            and covered <= len(events)
            and (covered == 0 or events[covered - 1] is last)
        )
        if not usable:
            kept = None
    if kept is None:
        covered, replayed = 0, tracker.init_copy()
    for event in itertools.islice(events, covered, None):
        if not event.timestamp <= math.inf:  # Rasa's copy stops there: so does the slow path
            return None
        replayed.update(event)
    tracker.__dict__[_ATTRIBUTE] = (id(events), len(events), events[-1] if events else None,
                                    replayed)  # fmt: skip
    return replayed


def copy_tracker(self: DialogueStateTracker) -> DialogueStateTracker:
    """Return a duplicate of the tracker, as Rasa's replaying `copy()` would build it."""
    replayed = _kept_replay(self)
    if replayed is None:
        self.__dict__.pop(_ATTRIBUTE, None)
        return _original_copy(self)
    return _clone(replayed)


def install_kept_replay_copy() -> None:
    """Make every tracker's copy fold only the events added since its previous copy."""
    DialogueStateTracker.copy = copy_tracker
