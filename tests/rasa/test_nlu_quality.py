"""NLU quality on data the model never trained on: our held-out split and held-out CLINC."""

from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from bench.oos_split import split_clinc

pytestmark = pytest.mark.slow

HELDOUT = Path(__file__).resolve().parent.parent / "nlu_data" / "heldout.yml"
OUT_OF_SCOPE = {"out_of_scope", "nlu_fallback"}


@pytest.fixture(scope="module")
def heldout_predictions(nlu_parse):
    examples = load_data(str(HELDOUT)).intent_examples
    return [(e.get("intent"), nlu_parse(e.get("text"))["intent"]["name"]) for e in examples]


def test_heldout_intent_accuracy_is_at_least_092(heldout_predictions):
    correct = sum(expected == predicted for expected, predicted in heldout_predictions)
    accuracy = correct / len(heldout_predictions)
    misses = [(e, p) for e, p in heldout_predictions if e != p]
    assert accuracy >= 0.92, f"accuracy {accuracy:.3f}; misses: {misses[:20]}"


def test_heldout_clinc_is_recognised_as_out_of_scope(nlu_parse, heldout_predictions):
    _, heldout = split_clinc()
    recalled = sum(nlu_parse(text)["intent"]["name"] in OUT_OF_SCOPE for text in heldout)
    recall = recalled / len(heldout)
    assert recall >= 0.90, f"out-of-scope recall {recall:.3f} on {len(heldout)} sentences"
    # ... while the in-scope questions keep their intents at the same threshold.
    in_scope = [(e, p) for e, p in heldout_predictions if e not in OUT_OF_SCOPE]
    accuracy = sum(e == p for e, p in in_scope) / len(in_scope)
    assert accuracy >= 0.92


@pytest.mark.parametrize(
    ("text", "intent", "programme"),
    [
        ("How much is tuition for ST4Health?", "ask_fees", "st4health"),
        (
            "When is the deadline for the medical radiophysics master?",
            "ask_deadlines",
            "medical-radiophysics-m2",
        ),
        ("What does the Leuven certificate cost?", "ask_fees", "leuven-medical-physics"),
        ("quelle est la date limite de candidature ?", "ask_deadlines", None),
        ("and the fees?", "ask_fees", None),
    ],
)
def test_core_questions_are_understood(nlu_parse, text, intent, programme):
    parsed = nlu_parse(text)
    assert parsed["intent"]["name"] == intent
    values = [e["value"] for e in parsed["entities"] if e["entity"] == "programme"]
    assert set(values) == ({programme} if programme else set())
