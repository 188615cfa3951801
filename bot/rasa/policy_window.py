"""The policies see the last few turns of a conversation, not all of it.

To predict the next action Rasa rebuilds the state of every past turn (a replay of the whole
conversation, `DialogueStateTracker.past_states`), then the RulePolicy formats and copies all of
them, several times per message: a cost that grows with the conversation. Our rules
(data/rules.yml) are one turn long (an intent, then an action), so only the last turns decide.

The tracker store records, each time it stores a message's events, where that turn ended and
the slots set at that point (`remember_turn_end`). A prediction then runs on a short tracker:
those slots set again, then the events of the last `WINDOW_TURNS` turns, so the states the
rules compare are those of the full conversation. Whenever the short tracker could differ (no
recorded turn end yet, a turn end not followed by `action_listen`, an active loop, or a window
holding a restart, a new session, an undo or a loop event), the full tracker is used, as Rasa
does. `tests/bot/rasa/test_policy_window.py` compares both on a long conversation.
"""

from __future__ import annotations

import itertools
from collections import deque
from typing import Any

from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

WINDOW_TURNS = 4  # past turns kept besides the current one: our rules span one
UNSAFE_IN_WINDOW = (
    ActionReverted, ActiveLoop, AllSlotsReset, LoopInterrupted, Restarted, SessionStarted,
    UserUtteranceReverted,
)  # fmt: skip
_ATTRIBUTE = "_advisor_turn_ends"


def remember_turn_end(tracker: DialogueStateTracker) -> None:
    """Record where the tracker's events end now, and the slots set at that point."""
    if tracker.active_loop_name:
        return
    ends = getattr(tracker, _ATTRIBUTE, None)
    if ends is None:
        ends = deque(maxlen=WINDOW_TURNS)
        setattr(tracker, _ATTRIBUTE, ends)
    if ends and ends[-1][0] == len(tracker.events):
        return
    slots = {name: slot.value for name, slot in tracker.slots.items() if slot.has_been_set}
    ends.append((len(tracker.events), slots))


def _window_start(tracker: DialogueStateTracker) -> tuple[int, dict] | None:
    """Return the oldest recorded turn end still usable (followed by action_listen), if any."""
    for end, slots in getattr(tracker, _ATTRIBUTE, ()):
        if 1 <= end <= len(tracker.events):
            last = tracker.events[end - 1]
            if isinstance(last, ActionExecuted) and last.action_name == ACTION_LISTEN_NAME:
                return end, slots
    return None


def recent_tracker(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """Return a tracker of the last turns with the same current state, or `tracker` itself."""
    start = None if tracker.active_loop_name else _window_start(tracker)
    if start is None:
        return tracker
    end, slots = start
    window = list(itertools.islice(tracker.events, end - 1, None))
    if any(isinstance(event, UNSAFE_IN_WINDOW) for event in window):
        return tracker
    recent = tracker.init_copy()
    for event in [*(SlotSet(name, value) for name, value in slots.items()), *window]:
        recent.update(event)
    return recent


def surely_has_applied_events(tracker: DialogueStateTracker, loop_names: Any = ()) -> bool:
    """Say, without a pass over the conversation, that `tracker.applied_events()` is not empty.

    True when a recorded turn end's `action_listen` is still there and nothing since can undo
    it (the window holds no restart, new session, undo or loop event): that event is applied.
    False means "do not know".
    """
    start = None if tracker.active_loop_name else _window_start(tracker)
    if start is None:
        return False
    return not any(
        isinstance(event, UNSAFE_IN_WINDOW)
        or (isinstance(event, ActionExecuted) and event.action_name in loop_names)
        for event in itertools.islice(tracker.events, start[0] - 1, None)
    )


_original_predict = MessageProcessor._predict_next_with_tracker
_original_update_session = MessageProcessor._update_tracker_session


def _predict_next_with_recent_tracker(self: MessageProcessor, tracker: DialogueStateTracker) -> Any:
    if tracker.followup_action:  # Rasa clears it on the tracker it is given: keep that one
        return _original_predict(self, tracker)
    return _original_predict(self, recent_tracker(tracker))


async def _update_tracker_session(
    self: MessageProcessor, tracker: DialogueStateTracker, output_channel: Any, metadata: Any = None
) -> None:
    # Rasa starts a session when `not tracker.applied_events()` (a pass over every event) or
    # the session expired; the first half is known cheaply in almost every message.
    if surely_has_applied_events(tracker, self.domain.form_names) and not (
        self._has_session_expired(tracker)
    ):
        return
    await _original_update_session(self, tracker, output_channel, metadata)


def install_policy_window() -> None:
    """Make every prediction run on the recent tracker, and the session check skip its pass."""
    MessageProcessor._predict_next_with_tracker = _predict_next_with_recent_tracker
    MessageProcessor._update_tracker_session = _update_tracker_session
