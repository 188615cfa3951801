"""NLU quality on the TEST sets, as students meet it (the served model, fallback applied).

Floors come from bench/targets.py, where each one sits beside the target the README states
and says why when it is lower. The sets are described in eval/README.md.
"""

import pytest

from bench.nlu_metrics import DECLINED, is_right, wilson_interval
from bench.oos_split import split_clinc
from bench.paths import NLU_TEST
from bench.predict import load_examples
from bench.targets import NLU_FLOORS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def test_decisions(nlu_parse):
    """Return (gold intent, what the served model decided) for every NLU test example."""
    return [
        (example["intent"], nlu_parse(example["text"])["intent"]["name"])
        for example in load_examples(NLU_TEST)
    ]


def test_floors_are_targets_unless_a_reason_is_given():
    for name, floor in NLU_FLOORS.items():
        assert floor.value <= floor.target, name
        assert floor.value == floor.target or len(floor.reason) > 40, name


def test_intent_accuracy_with_fallback_on_the_test_set(test_decisions):
    right = sum(is_right(gold, decided) for gold, decided in test_decisions)
    accuracy = right / len(test_decisions)
    floor = NLU_FLOORS["intent_accuracy"]
    # Only the count is shown: test errors are not read (eval/README.md).
    assert accuracy >= floor.value, f"accuracy {accuracy:.3f} ({right}/{len(test_decisions)})"


def test_unseen_clinc_intents_are_declined(nlu_parse):
    texts = split_clinc().test
    declined = sum(nlu_parse(text)["intent"]["name"] in DECLINED for text in texts)
    recall = declined / len(texts)
    low, high = wilson_interval(declined, len(texts))
    floor = NLU_FLOORS["oos_recall"]
    assert recall >= floor.value, f"OOS recall {recall:.3f} (95 % {low:.3f}-{high:.3f})"


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
