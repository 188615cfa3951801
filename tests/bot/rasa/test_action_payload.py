"""The action server gets this turn's events only: enough for every action we ship."""

import re
from pathlib import Path

from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.utils.endpoints import EndpointConfig

from bot.rasa.action_payload import _action_call_format, current_turn_events, turn_state

ACTIONS = Path(__file__).resolve().parents[3] / "actions"
# What rasa-sdk's Tracker offers that is built from `events` (the rest comes with the state).
EVENT_READERS = re.compile(
    r"\btracker\.(events|applied_events|events_after_latest_restart|get_last_event_for|"
    r"get_intent_of_latest_message|latest_bot_utterance|idx_after_latest_restart)\b"
)


def _conversation(turns: int) -> DialogueStateTracker:
    events = [ActionExecuted("action_listen")]
    for number in range(turns):
        events += [
            UserUttered(f"question {number}", {"name": "ask_fees", "confidence": 1.0}),
            SlotSet("programme", f"p{number}"),
            ActionExecuted("action_answer"),
            BotUttered(f"answer {number}"),
            ActionExecuted("action_listen"),
        ]
    events.append(UserUttered("last", {"name": "ask_deadlines", "confidence": 1.0}))
    return DialogueStateTracker.from_events("s", events)


def test_no_action_reads_the_events_it_no_longer_gets():
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(ACTIONS.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if EVENT_READERS.search(line)
    ]
    assert offenders == []


def test_the_state_is_rasas_but_for_the_events():
    tracker = _conversation(50)
    full, trimmed = tracker.current_state(EventVerbosity.ALL), turn_state(tracker)
    assert {k: v for k, v in full.items() if k != "events"} == {
        k: v for k, v in trimmed.items() if k != "events"
    }
    assert trimmed["events"] == full["events"][-1:]
    assert trimmed["slots"]["programme"] == "p49"
    assert trimmed["latest_message"]["text"] == "last"


def test_the_turn_runs_from_the_latest_user_message():
    tracker = _conversation(3)
    tracker.update(SlotSet("programme", "radiophysics"))
    tracker.update(ActionExecuted("action_answer"))
    turn = current_turn_events(tracker)
    assert [type(e).__name__ for e in turn] == ["UserUttered", "SlotSet", "ActionExecuted"]
    assert current_turn_events(DialogueStateTracker.from_events("s", [])) == []


def test_the_payload_size_does_not_grow_with_the_conversation():
    domain = Domain.empty()
    action = RemoteAction("action_answer", EndpointConfig("http://127.0.0.1:1/webhook"))
    short = _action_call_format(action, _conversation(1), domain)
    long = _action_call_format(action, _conversation(300), domain)
    assert len(long["tracker"]["events"]) == len(short["tracker"]["events"]) == 1
    assert long["next_action"] == "action_answer" and "domain" in long
