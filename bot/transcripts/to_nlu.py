"""Write unanswered and low-confidence user messages as candidate NLU examples (Rasa YAML)."""

from __future__ import annotations

import re
from collections import defaultdict

from sqlite_utils import Database

from bot.transcripts.masking import mask_text
from bot.transcripts.turns import LOW_CONFIDENCE_THRESHOLD

HEADER = f"""\
# Candidate NLU examples from the transcripts: user messages the bot could not answer
# (nlu_fallback, out_of_scope, "not stated" answers) or classified with a confidence
# below {LOW_CONFIDENCE_THRESHOLD}. Personal data is masked.
# LABEL THEM before use: move each example under its correct intent (the intent shown is only
# what the bot predicted), delete the ones that do not belong, then add them to data/nlu/.
version: "3.1"
nlu:
"""


# `[text](entity)`, `[text]{…}` and `[text][…]` are entity annotations in Rasa's YAML: a
# placeholder such as [name] or brackets a student typed must not become one.
PLACEHOLDER = re.compile(r"\[(\w+)\]")


def _one_line(text: str) -> str:
    text = PLACEHOLDER.sub(r"<\1>", text)
    text = text.replace("[", "(").replace("]", ")")
    return re.sub(r"\s+", " ", text).strip()


def candidate_examples(db: Database) -> dict[str, list[str]]:
    """Return the distinct masked candidate messages, grouped by predicted intent."""
    query = (
        "select intent, confidence, user_text from turns where user_messages = 1 "
        "and (unanswered = 1 or low_confidence = 1) order by intent, timestamp"
    )
    grouped: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    for row in db.query(query):
        text = _one_line(mask_text(row["user_text"]) or "")
        if text and text.lower() not in seen:
            seen.add(text.lower())
            grouped[row["intent"] or "unknown"].append(text)
    return dict(grouped)


def render_nlu(examples: dict[str, list[str]]) -> str:
    """Return Rasa NLU YAML with one intent block per predicted intent."""
    lines = [HEADER.rstrip("\n")]
    for intent, texts in sorted(examples.items()):
        lines.append(f"- intent: {intent}  # predicted by the bot: relabel each example")
        lines.append("  examples: |")
        lines += [f"    - {text}" for text in texts]
    if not examples:
        lines[-1] = lines[-1].replace("nlu:", "nlu: []")
    return "\n".join(lines) + "\n"
