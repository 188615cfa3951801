"""The policies' short tracker has the full tracker's current state, or is not used."""

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Restarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa.policy_window import (
    WINDOW_TURNS,
    recent_tracker,
    remember_turn_end,
    surely_has_applied_events,
)

DOMAIN = Domain.from_dict(
    {
        "intents": ["ask_fees", "ask_deadlines"],
        "slots": {
            "programme": {"type": "text", "mappings": []},
            "language": {"type": "categorical", "values": ["en", "fr"], "mappings": []},
        },
        "actions": ["action_answer"],
    }
)


def _turn(tracker: DialogueStateTracker, number: int) -> None:
    intent = "ask_fees" if number % 2 else "ask_deadlines"
    tracker.update(UserUttered(f"q{number}", {"name": intent, "confidence": 1.0}))
    tracker.update(ActionExecuted("action_answer"))
    if number % 3 == 0:
        tracker.update(SlotSet("programme", f"p{number}"))
    if number == 1:
        tracker.update(SlotSet("language", "fr"))
    tracker.update(BotUttered(f"a{number}"))
    tracker.update(ActionExecuted("action_listen"))
    remember_turn_end(tracker)


def _long(turns: int) -> DialogueStateTracker:
    tracker = DialogueStateTracker("s", DOMAIN.slots)
    tracker.update(ActionExecuted("action_listen"))
    for number in range(turns):
        _turn(tracker, number)
    tracker.update(UserUttered("and now?", {"name": "ask_fees", "confidence": 1.0}))
    return tracker


def test_the_short_tracker_has_the_same_current_state_and_last_states():
    tracker = _long(60)
    recent = recent_tracker(tracker)
    assert recent is not tracker
    assert len(recent.events) < 8 * (WINDOW_TURNS + 1) < len(tracker.events)
    assert recent.current_slot_values() == tracker.current_slot_values()
    assert recent.latest_message.text == "and now?"
    assert recent.latest_action_name == tracker.latest_action_name
    full_states, short_states = tracker.past_states(DOMAIN), recent.past_states(DOMAIN)
    # every state the short tracker has but its first is the full tracker's latest ones
    assert short_states[1:] == full_states[-(len(short_states) - 1) :]


def test_an_undo_in_the_window_means_the_full_tracker():
    tracker = _long(10)
    tracker.update(UserUtteranceReverted())
    assert recent_tracker(tracker) is tracker


def test_applied_events_are_known_without_a_pass_only_when_nothing_can_undo_them():
    tracker = _long(10)
    assert surely_has_applied_events(tracker) and tracker.applied_events()
    assert not surely_has_applied_events(tracker, loop_names={"action_answer"})
    tracker.update(Restarted())
    assert not surely_has_applied_events(tracker)
    assert not surely_has_applied_events(DialogueStateTracker("s", DOMAIN.slots))


def test_without_a_recorded_turn_end_the_full_tracker_is_used():
    tracker = DialogueStateTracker.from_events(
        "s", [ActionExecuted("action_listen"), UserUttered("hi", {"name": "ask_fees"})]
    )
    assert recent_tracker(tracker) is tracker


@pytest.mark.slow
async def test_the_model_predicts_the_same_on_the_short_tracker():
    from rasa.core.agent import Agent

    from bot.rasa.policy_window import _original_predict
    from bot.rasa.training import ensure_model
    from settings import Settings

    agent = Agent.load(str(ensure_model(Settings())))
    processor, domain = agent.processor, agent.domain
    questions = [
        "How much is tuition for ST4Health?",
        "and the deadlines?",
        "what documents do I need?",
        "bonjour",
        "what careers does it lead to?",
    ]
    tracker = DialogueStateTracker("s", domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    compared = 0
    for number in range(40):
        parsed = await agent.parse_message(questions[number % len(questions)])
        tracker.update(UserUttered(parsed["text"], parsed["intent"], parsed["entities"], parsed))
        while True:
            full = _original_predict(processor, tracker)
            short = _original_predict(processor, recent_tracker(tracker))
            assert (short.policy_name, short.probabilities) == (
                full.policy_name,
                full.probabilities,
            )
            compared += recent_tracker(tracker) is not tracker
            action = domain.action_names_or_texts[full.max_confidence_index]
            tracker.update(ActionExecuted(action))
            if action == "action_listen":
                break
            tracker.update(SlotSet("programme", "st4health"))
        remember_turn_end(tracker)
    assert compared > 60  # the short tracker was really used
