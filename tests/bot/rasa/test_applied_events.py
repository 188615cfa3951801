"""Applied events folded incrementally equal Rasa's, whatever the events appended."""

import random

from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa.applied_events import _original_applied_events, applied_events

KINDS = [
    lambda: ActionExecuted("action_listen"),
    lambda: UserUttered("hi", {"name": "greet"}),
    lambda: ActionExecuted("action_answer"),
    lambda: SlotSet("programme", "x"),
    lambda: BotUttered("answer"),
    lambda: ActionExecuted("form_x"),
    lambda: ActionExecuted("form_y"),
    lambda: ActiveLoop("form_x"),
    lambda: ActiveLoop(None),
    lambda: ActiveLoop("form_y"),
    lambda: UserUtteranceReverted(),
    lambda: ActionReverted(),
    lambda: Restarted(),
    lambda: SessionStarted(),
]
WEIGHTS = [20, 20, 15, 10, 10, 3, 2, 1, 1, 1, 2, 2, 1, 1]


def test_incremental_fold_equals_rasas_pass_after_every_event():
    draw = random.Random(7)
    for _ in range(40):
        tracker = DialogueStateTracker("s", [])
        for _ in range(120):
            tracker.events.append(draw.choices(KINDS, WEIGHTS)[0]())
            if draw.random() < 0.5:  # sometimes several events land between two calls
                assert applied_events(tracker) == _original_applied_events(tracker)
        assert applied_events(tracker) == _original_applied_events(tracker)


def test_callers_get_a_list_of_their_own():
    tracker = DialogueStateTracker.from_events("s", [ActionExecuted("action_listen")])
    applied_events(tracker).clear()
    assert applied_events(tracker) == list(tracker.events)


def test_a_replaced_event_list_starts_the_fold_over():
    tracker = DialogueStateTracker.from_events("s", [ActionExecuted("action_listen")])
    applied_events(tracker)
    tracker.events = tracker._create_events([UserUttered("new")])
    assert applied_events(tracker) == _original_applied_events(tracker)
