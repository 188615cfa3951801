import pytest

from bench.tfidf import evaluate_tfidf, predict, train_tfidf

TRAIN = {
    "ask_fees": ["how much is tuition", "what are the fees", "tuition cost", "price of the course"],
    "ask_deadlines": ["when is the deadline", "deadline to apply", "last date to apply",
                      "when do applications close"],
    "out_of_scope": ["what is the weather", "tell me a joke", "book a flight", "play some music"],
}  # fmt: skip


def _training() -> tuple[list[str], list[str]]:
    texts, intents = [], []
    for intent, examples in TRAIN.items():
        texts += examples
        intents += [intent] * len(examples)
    return texts, intents


def test_baseline_learns_a_tiny_dataset():
    model = train_tfidf(*_training(), regularisation=100.0)
    predictions = predict(model, ["how much are the fees", "deadline to apply please"])
    assert [p["intent"] for p in predictions] == ["ask_fees", "ask_deadlines"]
    assert all(p["entities"] == [] and 0 < p["margin"] <= p["confidence"] for p in predictions)


def test_predict_of_nothing_is_nothing():
    assert predict(train_tfidf(*_training()), []) == []


def test_evaluate_reports_quality_at_the_threshold():
    examples = [
        {"text": "what are the tuition fees", "intent": "ask_fees", "entities": []},
        {"text": "when is the deadline to apply", "intent": "ask_deadlines", "entities": []},
        {"text": "tell me the weather", "intent": "out_of_scope", "entities": []},
    ]
    result = evaluate_tfidf(
        *_training(), examples, ["play a joke", "book some music"], threshold=0.0,
        regularisation=100.0,
    )  # fmt: skip
    assert result["intent_accuracy"] == 1.0
    assert result["macro_f1"] == 1.0
    assert result["oos_recall"] == 1.0
    assert result["in_scope_accuracy"] == 1.0
    assert result["entity_f1"] is None
    assert result["threshold"] == 0.0
    assert result["training_examples"] == 12
    assert result["regularisation_C"] == 100.0


def test_a_threshold_above_every_confidence_rejects_everything():
    examples = [{"text": "what are the tuition fees", "intent": "ask_fees", "entities": []}]
    result = evaluate_tfidf(*_training(), examples, ["play music"], threshold=1.01,
                            regularisation=1.0)  # fmt: skip
    assert result["in_scope_accuracy"] == 0.0
    assert result["oos_recall"] == 1.0


def test_regularisation_is_chosen_from_the_grid():
    from bench.tfidf import REGULARISATION_GRID, choose_regularisation

    texts, intents = _training()
    assert choose_regularisation(texts * 2, intents * 2) in REGULARISATION_GRID


@pytest.mark.parametrize("intent", ["out_of_scope", "greet"])
def test_training_data_loads_from_data_nlu(intent):
    from bench.tfidf import load_training

    texts, intents = load_training()
    assert len(texts) == len(intents)
    assert intent in intents
