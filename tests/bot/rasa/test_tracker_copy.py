"""A copy from the kept replay is in the same state as Rasa's replaying copy, and independent."""

import random

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa.tracker_copy import _original_copy, copy_tracker

DOMAIN = Domain.from_dict(
    {"slots": {"programme": {"type": "text", "mappings": []},
               "topics": {"type": "list", "mappings": []}}}
)  # fmt: skip
KINDS = [
    lambda: ActionExecuted("action_listen"),
    lambda: UserUttered("hi", {"name": "greet"}, [{"entity": "programme", "value": "x"}]),
    lambda: ActionExecuted("action_answer"),
    lambda: SlotSet("programme", "a"),
    lambda: SlotSet("programme", None),
    lambda: SlotSet("topics", ["fees"]),
    lambda: BotUttered("answer"),
    lambda: ActiveLoop("form_x"),
    lambda: ActiveLoop(None),
    lambda: LoopInterrupted(True),
    lambda: ActionExecutionRejected("form_x"),
    lambda: FollowupAction("action_answer"),
    lambda: ConversationPaused(),
    lambda: ConversationResumed(),
    lambda: AllSlotsReset(),
    lambda: UserUtteranceReverted(),
    lambda: ActionReverted(),
    lambda: Restarted(),
    lambda: SessionStarted(),
]
WEIGHTS = [20, 20, 15, 6, 4, 3, 10, 2, 2, 2, 1, 2, 1, 1, 1, 2, 2, 1, 1]


def _state(tracker) -> dict:
    state = {k: v for k, v in vars(tracker).items() if not k.startswith("_advisor")}
    state["events"] = list(tracker.events)
    state["slots"] = {n: (s.value, s.has_been_set) for n, s in tracker.slots.items()}
    return state


def test_kept_replay_copies_equal_rasas_after_every_event():
    draw = random.Random(5)
    for _ in range(30):
        tracker = DialogueStateTracker("s", DOMAIN.slots)
        for _ in range(100):
            tracker.update(draw.choices(KINDS, WEIGHTS)[0]())
            if draw.random() < 0.5:  # sometimes several events land between two copies
                assert _state(copy_tracker(tracker)) == _state(_original_copy(tracker))
        assert _state(copy_tracker(tracker)) == _state(_original_copy(tracker))


def test_a_copy_changed_leaves_the_tracker_and_later_copies_alone():
    tracker = DialogueStateTracker("s", DOMAIN.slots)
    for event in (ActiveLoop("form_x"), UserUttered("hi"), SlotSet("programme", "a"),
                  ActionExecuted("form_x")):  # fmt: skip
        tracker.update(event)
    first = copy_tracker(tracker)
    first.update(SlotSet("programme", "changed"))
    first.active_loop.rejected = True
    first.latest_action["action_name"] = "changed"
    second = copy_tracker(tracker)
    assert _state(second) == _state(_original_copy(tracker))
    assert tracker.get_slot("programme") == "a" and len(tracker.events) == 4


def test_a_replaced_event_list_starts_the_replay_over():
    tracker = DialogueStateTracker("s", DOMAIN.slots)
    tracker.update(SlotSet("programme", "a"))
    copy_tracker(tracker)
    tracker.events = tracker._create_events([SlotSet("programme", "b")])
    tracker.slots["programme"].value = "b"
    assert copy_tracker(tracker).get_slot("programme") == "b"
