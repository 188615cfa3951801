"""NLU quality figures from predictions, in the shape the benchmark reports them."""

from __future__ import annotations

PROGRAMME_ENTITY = "programme"


def only_entity(items: list[dict], entity: str) -> list[dict]:
    """Return copies of examples or predictions keeping only (entity, value) pairs of `entity`."""
    return [
        {**item, "entities": [pair for pair in item["entities"] if pair[0] == entity]}
        for item in items
    ]


def quality(
    examples: list[dict],
    predictions: list[dict],
    clinc_predictions: list[dict],
    *,
    threshold: float,
    ambiguity: float,
) -> dict:
    """Return intent accuracy, macro-F1, entity F1, OOS recall and in-scope accuracy."""
    from bench.compare_pipelines import entity_f1, macro_f1, scores_at

    gold = [example["intent"] for example in examples]
    predicted = [prediction["intent"] for prediction in predictions]
    at_threshold = scores_at(examples, predictions, clinc_predictions, threshold, ambiguity)
    return {
        "intent_accuracy": sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold),
        "macro_f1": macro_f1(gold, predicted),
        "entity_f1": entity_f1(
            only_entity(examples, PROGRAMME_ENTITY), only_entity(predictions, PROGRAMME_ENTITY)
        ),
        "entity_f1_all_entities": entity_f1(examples, predictions),
        "oos_recall": at_threshold["clinc_oos_recall"],
        "in_scope_accuracy": at_threshold["in_scope_accuracy_at_threshold"],
        "heldout_oos_recall": at_threshold["heldout_oos_recall"],
        "threshold": threshold,
        "ambiguity_threshold": ambiguity,
        "heldout_examples": len(examples),
        "clinc_examples": len(clinc_predictions),
    }
