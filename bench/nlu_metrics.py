"""NLU quality figures from raw predictions, as the student meets them (fallback applied).

A raw prediction is {intent, confidence, margin, entities}. The decision is what the bot does
with it: FallbackClassifier's rule turns a low or ambiguous top intent into `nlu_fallback`.
- intent accuracy: share of examples whose decision is right; for an in-scope example
  `nlu_fallback` is wrong, for an `out_of_scope` example `out_of_scope` or `nlu_fallback` is
  right (both decline);
- macro-F1 and per-intent precision / recall / F1 over the gold intents, on decisions, with
  `nlu_fallback` read as `out_of_scope` (a decline);
- out-of-scope recall on CLINC: share declined, with a Wilson 95 % interval.
"""

from __future__ import annotations

import math

PROGRAMME_ENTITY = "programme"
OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"
DECLINED = frozenset({OUT_OF_SCOPE, FALLBACK})
# The rule every pipeline's threshold is tuned by, on dev only (see tune_threshold).
THRESHOLD_GRID = tuple(t / 100 for t in range(10, 96, 5))
AMBIGUITY_GRID = (0.0, 0.05, 0.1)


def decide(prediction: dict, threshold: float, ambiguity: float) -> str:
    """Apply FallbackClassifier's rule to a raw prediction."""
    if prediction["confidence"] < threshold or prediction["margin"] < ambiguity:
        return FALLBACK
    return prediction["intent"]


def is_right(gold: str, decision: str) -> bool:
    """Return whether the student got the right behaviour."""
    if gold == OUT_OF_SCOPE:
        return decision in DECLINED
    return decision == gold


def wilson_interval(successes: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """Return the Wilson score interval (95 % by default) of a proportion."""
    if total == 0:
        return (0.0, 1.0)
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def per_intent(gold: list[str], decisions: list[str]) -> dict[str, dict]:
    """Return precision, recall, F1 and support per gold intent (nlu_fallback read as OOS)."""
    read = [OUT_OF_SCOPE if d == FALLBACK else d for d in decisions]
    scores = {}
    for intent in sorted(set(gold)):
        true_pos = sum(g == intent and r == intent for g, r in zip(gold, read, strict=True))
        predicted = sum(r == intent for r in read)
        support = sum(g == intent for g in gold)
        precision = true_pos / predicted if predicted else 0.0
        recall = true_pos / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[intent] = {
            "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(f1, 4), "support": support,
        }  # fmt: skip
    return scores


def only_entity(items: list[dict], entity: str) -> list[dict]:
    """Return copies of examples or predictions keeping only (entity, value) pairs of `entity`."""
    return [
        {**item, "entities": [pair for pair in item["entities"] if tuple(pair)[0] == entity]}
        for item in items
    ]


def entity_f1(examples: list[dict], predictions: list[dict]) -> float:
    """Return micro F1 over (entity, value) pairs per message."""
    true_pos = false_pos = false_neg = 0
    for example, prediction in zip(examples, predictions, strict=True):
        gold = set(map(tuple, example["entities"]))
        found = set(map(tuple, prediction["entities"]))
        true_pos += len(gold & found)
        false_pos += len(found - gold)
        false_neg += len(gold - found)
    if not true_pos:
        return 0.0
    precision, recall = true_pos / (true_pos + false_pos), true_pos / (true_pos + false_neg)
    return 2 * precision * recall / (precision + recall)


def oos_recall(clinc_predictions: list[dict], threshold: float, ambiguity: float) -> dict:
    """Return the share of CLINC sentences declined, its Wilson interval and counts."""
    declined = sum(decide(p, threshold, ambiguity) in DECLINED for p in clinc_predictions)
    total = len(clinc_predictions)
    low, high = wilson_interval(declined, total)
    return {
        "recall": declined / total if total else None,
        "ci95": [round(low, 4), round(high, 4)],
        "declined": declined,
        "total": total,
    }


def set_scores(
    examples: list[dict], predictions: list[dict], threshold: float, ambiguity: float
) -> dict:
    """Return accuracy (fallback applied), raw accuracy, in-scope accuracy, macro-F1, per intent."""
    gold = [example["intent"] for example in examples]
    decisions = [decide(p, threshold, ambiguity) for p in predictions]
    right = [is_right(g, d) for g, d in zip(gold, decisions, strict=True)]
    in_scope = [r for g, r in zip(gold, right, strict=True) if g != OUT_OF_SCOPE]
    out_scope = [r for g, r in zip(gold, right, strict=True) if g == OUT_OF_SCOPE]
    intents = per_intent(gold, decisions)
    low, high = wilson_interval(sum(right), len(right))
    return {
        "intent_accuracy": sum(right) / len(right),
        "intent_accuracy_ci95": [round(low, 4), round(high, 4)],
        "raw_intent_accuracy": sum(
            g == p["intent"] or (g == OUT_OF_SCOPE and p["intent"] in DECLINED)
            for g, p in zip(gold, predictions, strict=True)
        )
        / len(gold),
        "in_scope_accuracy": sum(in_scope) / len(in_scope) if in_scope else None,
        "hand_written_oos_recall": sum(out_scope) / len(out_scope) if out_scope else None,
        "fallback_rate": sum(d == FALLBACK for d in decisions) / len(decisions),
        "macro_f1": sum(s["f1"] for s in intents.values()) / len(intents),
        "per_intent": intents,
        "examples": len(examples),
        "errors": [
            {"text": e["text"], "gold": g, "decision": d}
            for e, g, d, r in zip(examples, gold, decisions, right, strict=True)
            if not r
        ],
    }


def tune_threshold(dev_predictions: list[dict], dev_examples: list[dict],
                   dev_clinc_predictions: list[dict]) -> tuple[float, float]:  # fmt: skip
    """Return the (threshold, ambiguity) every pipeline is scored at, chosen on dev only.

    The rule: maximise the mean of dev intent accuracy (fallback applied) and dev CLINC
    out-of-scope recall; ties go to the lower threshold, then the lower ambiguity.
    """
    best: tuple[float, float, float] | None = None
    for threshold in THRESHOLD_GRID:
        for ambiguity in AMBIGUITY_GRID:
            accuracy = set_scores(dev_examples, dev_predictions, threshold, ambiguity)
            recall = oos_recall(dev_clinc_predictions, threshold, ambiguity)["recall"] or 0.0
            score = (accuracy["intent_accuracy"] + recall) / 2
            if best is None or score > best[0] + 1e-12:
                best = (score, threshold, ambiguity)
    assert best is not None
    return best[1], best[2]


def quality(
    sets: dict[str, tuple[list[dict], list[dict]]],
    clinc: dict[str, list[dict]],
    *,
    threshold: float,
    ambiguity: float,
    test_unseen: list[dict] | None = None,
) -> dict:
    """Return the figures of one pipeline at one threshold: test at the top level, dev beside.

    `sets` maps 'dev'/'test' to (examples, predictions); `clinc` maps 'dev'/'test' to CLINC
    predictions; `test_unseen` are the CLINC test predictions of labels never trained on.
    """
    result: dict = {"threshold": threshold, "ambiguity_threshold": ambiguity}
    for name, (examples, predictions) in sets.items():
        scores = set_scores(examples, predictions, threshold, ambiguity)
        scores["entity_f1"] = entity_f1(
            only_entity(examples, PROGRAMME_ENTITY), only_entity(predictions, PROGRAMME_ENTITY)
        )
        if name in clinc:
            recall = oos_recall(clinc[name], threshold, ambiguity)
            scores["oos_recall"] = recall["recall"]
            scores["oos_recall_ci95"] = recall["ci95"]
            scores["clinc_examples"] = recall["total"]
        result[name] = scores
    test = result.get("test", {})
    # The headline figures are the test set's.
    for key in ("intent_accuracy", "macro_f1", "entity_f1", "oos_recall", "in_scope_accuracy"):
        result[key] = test.get(key)
    if test_unseen is not None:
        unseen = oos_recall(test_unseen, threshold, ambiguity)
        result["oos_recall_unseen_labels"] = unseen["recall"]
        result["oos_recall_unseen_labels_ci95"] = unseen["ci95"]
        result["unseen_label_examples"] = unseen["total"]
    return result
