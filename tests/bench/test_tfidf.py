import pytest

from bench.tfidf import predict, train_tfidf, train_tfidf_cv

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


def test_cross_validated_training_returns_the_model_and_its_c():
    from bench.tfidf import REGULARISATION_GRID

    texts, intents = _training()
    model, regularisation = train_tfidf_cv(texts * 2, intents * 2)
    assert regularisation in REGULARISATION_GRID
    assert predict(model, ["what are the fees"])[0]["intent"] == "ask_fees"


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
