"""Write unanswered and low-confidence user messages as candidate NLU examples (Rasa YAML)."""

from __future__ import annotations

import re
from collections import defaultdict

from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sqlite_utils import Database

from bot.transcripts.masking import mask_text
from bot.transcripts.turns import LOW_CONFIDENCE_THRESHOLD

HEADER = f"""\
# Candidate NLU examples from the transcripts: user messages the bot could not answer
# (nlu_fallback, out_of_scope, "not stated" answers) or classified with a confidence
# below {LOW_CONFIDENCE_THRESHOLD}. Personal data is masked.
# LABEL THEM before use: move each example under its correct intent (the intent shown is only
# what the bot predicted), delete the ones that do not belong, then add them to data/nlu/.
"""
EMPTY = 'version: "3.1"\nnlu: []\n'
# Rasa reads `[text](entity)`, `[text]{...}` and `[text][...]` as entity annotations: a masked
# `[email](work)` or a student's own brackets must stay plain text.
_ANNOTATION_LIKE = re.compile(r"\](?=[(\[{])")


def _plain_example(text: str) -> str:
    return _ANNOTATION_LIKE.sub("] ", re.sub(r"\s+", " ", text).strip())


def candidate_examples(db: Database) -> dict[str, list[str]]:
    """Return the distinct masked candidate messages, grouped by predicted intent."""
    query = (
        "select intent, confidence, user_text from turns where user_messages = 1 "
        "and (unanswered = 1 or low_confidence = 1) order by intent, timestamp"
    )
    grouped: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    for row in db.query(query):
        text = _plain_example(mask_text(row["user_text"]) or "")
        if text and text.lower() not in seen:
            seen.add(text.lower())
            grouped[row["intent"] or "unknown"].append(text)
    return dict(grouped)


def candidates_yaml(examples: dict[str, list[str]]) -> str:
    """Return Rasa NLU YAML with one intent block per predicted intent, under a review note."""
    messages = [
        Message(data={"text": text, "intent": intent})
        for intent, texts in sorted(examples.items())
        for text in texts
    ]
    return HEADER + (RasaYAMLWriter().dumps(TrainingData(messages)) or EMPTY)
