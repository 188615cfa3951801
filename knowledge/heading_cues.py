"""Read which topic a heading or label speaks of from its words, when no heading pattern
names it whole.

Pages word their headings freely: "What will it cost?", "Money matters", "Dates for your
diary", "Size of the cohort", "Combien de temps dure le master ?". Each holds a word or phrase
that names a topic (topics.yml `cues`, which outweigh `weak_cues`); the topic with the most
weight wins, the earlier word breaking a tie ("Start date" is about the start, not a deadline).
"""

import re

from knowledge.config import TopicConfig

_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
_HEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[IVX]+\.)\s+(?=[^\W\d])")
# Longer than this, a line is a sentence, not a heading or a label.
_MOST_WORDS = 12
_STRONG, _WEAK = 2, 1


def heading_text(text: str) -> str:
    """Return a heading line's words: no Markdown marks, number, bold stars or end colon."""
    candidate = _MARKDOWN_HEADING.sub("", text).strip().rstrip(":").strip().strip("*").strip()
    return _HEADING_NUMBER.sub("", candidate)  # "2. Admission requirements", "3.1 Fees"


def cue_topic(text: str, config: TopicConfig, *, strong: bool = False) -> str | None:
    """Return the topic a heading's or label's words name most, or None when none does;
    `strong`: only a strong cue counts ("Fall admission" is no admission label)."""
    candidate = heading_text(text).rstrip("?").strip()
    if not candidate or len(candidate.split()) > _MOST_WORDS:
        return None
    scores: dict[str, tuple[int, int]] = {}
    for rule in config.topics.values():
        for weight, patterns in ((_STRONG, rule.cues), (_WEAK, rule.weak_cues)):
            for pattern in patterns:
                match = pattern.search(candidate)
                if match:
                    score, first = scores.get(rule.name, (0, len(candidate)))
                    scores[rule.name] = (score + weight, min(first, match.start()))
    if strong:
        scores = {name: score for name, score in scores.items() if score[0] >= _STRONG}
    if not scores:
        return None
    return max(scores, key=lambda name: (scores[name][0], -scores[name][1]))
