"""Baseline: word and character n-gram TF-IDF with logistic regression."""

from __future__ import annotations

from pathlib import Path

from settings import PROJECT_ROOT

NLU_DATA = PROJECT_ROOT / "data" / "nlu"

OUT_OF_SCOPE = "out_of_scope"


def load_training(nlu_dir: Path = NLU_DATA) -> tuple[list[str], list[str]]:
    """Return (texts, intents) of every intent example in the NLU training files."""
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    merged = TrainingData().merge(
        *(load_data(str(path), "en") for path in sorted(Path(nlu_dir).glob("*.yml")))
    )
    examples = merged.intent_examples
    return [m.get("text") for m in examples], [m.get("intent") for m in examples]


REGULARISATION_GRID = (1.0, 10.0, 100.0)
CV_FOLDS = 3


def tfidf_features():
    """Return word 1-2 and char_wb 2-5 TF-IDF features side by side."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    return make_union(
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), lowercase=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True),
    )


def classifier(regularisation: float = 1.0):
    """Return the logistic regression the baseline uses."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=regularisation, max_iter=2000, random_state=42)


def tfidf_pipeline(regularisation: float = 1.0):
    """Return TF-IDF features feeding a logistic regression."""
    from sklearn.pipeline import make_pipeline

    return make_pipeline(tfidf_features(), classifier(regularisation))


def choose_regularisation(texts: list[str], intents: list[str]) -> float:
    """Pick C by cross-validated accuracy on the training data only (never the test data)."""
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    # Vectorising once (not per fold) lets IDF see every fold: fine for choosing C, and 3x faster.
    features = tfidf_features().fit_transform(texts)
    search = GridSearchCV(
        classifier(),
        {"C": list(REGULARISATION_GRID)},
        cv=StratifiedKFold(CV_FOLDS, shuffle=True, random_state=42),
        scoring="accuracy",
    )
    return float(search.fit(features, intents).best_params_["C"])


def train_tfidf(texts: list[str], intents: list[str], *, regularisation: float = 1.0):
    """Fit the TF-IDF + logistic regression baseline."""
    return tfidf_pipeline(regularisation).fit(texts, intents)


def predict(model, texts: list[str]) -> list[dict]:
    """Return raw predictions (intent, confidence, margin, no entities) for texts."""
    if not texts:
        return []
    probabilities = model.predict_proba(texts)
    classes = list(model.classes_)
    predictions = []
    for row in probabilities:
        ranked = sorted(range(len(classes)), key=lambda i: -row[i])
        top = float(row[ranked[0]])
        second = float(row[ranked[1]]) if len(ranked) > 1 else 0.0
        predictions.append(
            {
                "intent": classes[ranked[0]],
                "confidence": top,
                "margin": top - second,
                "entities": [],
            }
        )
    return predictions


def train_tfidf_cv(texts: list[str], intents: list[str]):
    """Fit the baseline, C chosen by cross-validation on the training data; return (model, C)."""
    regularisation = choose_regularisation(texts, intents)
    return train_tfidf(texts, intents, regularisation=regularisation), regularisation
