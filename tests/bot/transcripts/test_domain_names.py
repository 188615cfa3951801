"""Every bot name the transcripts tool and its synthetic data rely on exists in the bot."""

import pytest
import yaml
from rasa.shared.core.constants import DEFAULT_ACTION_NAMES, DEFAULT_INTENTS

from bot.transcripts import turns
from loadtest import synthetic_transcripts
from tests.conftest import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
ACTIONS = set(DOMAIN["actions"]) | set(DOMAIN["responses"]) | set(DEFAULT_ACTION_NAMES)
INTENTS = {
    next(iter(intent)) if isinstance(intent, dict) else intent for intent in DOMAIN["intents"]
} | set(DEFAULT_INTENTS)

ACTION_NAMES = sorted(
    turns.FALLBACK_ACTIONS
    | turns.OUT_OF_SCOPE_ACTIONS
    | turns.UNANSWERED_RESPONSES
    | turns.IGNORED_ACTIONS
    | {
        synthetic_transcripts.FALLBACK_RESPONSE,
        synthetic_transcripts.OUT_OF_SCOPE_RESPONSE,
        synthetic_transcripts.ANSWER_ACTION,
        synthetic_transcripts.CONTACT_ACTION,
    }
)
INTENT_NAMES = sorted(
    turns.FALLBACK_INTENTS
    | turns.OUT_OF_SCOPE_INTENTS
    | turns.HANDOFF_INTENTS
    | set(synthetic_transcripts.UNANSWERED)
    | {f"ask_{topic}" for topic in synthetic_transcripts.TOPICS}
)


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_action_or_response_exists(name):
    assert name in ACTIONS


@pytest.mark.parametrize("name", INTENT_NAMES)
def test_intent_exists(name):
    assert name in INTENTS


@pytest.mark.parametrize("name", [turns.PROGRAMME_SLOT, turns.TOPIC_SLOT, turns.ANSWER_STATUS_SLOT])
def test_slot_exists(name):
    assert name in DOMAIN["slots"]
