"""Cleaning what a student typed before anything reads it (the message guard, fuzz tests)."""

import re
import unicodedata

# Bidi embeddings, overrides and isolates make text display other than it reads ("Trojan
# Source"); directional marks and invisible separators carry no meaning for the advisor.
_INVISIBLE = dict.fromkeys(
    [0x061C, 0x200B, 0x200E, 0x200F, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_WHITESPACE_RUN = re.compile(r"\s+")
# Control characters, lone surrogates (not encodable as UTF-8) and private-use characters.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cs", "Co"})


def normalise_text(text: str) -> str:
    """Return the text with whitespace collapsed and control or invisible characters removed."""
    cleaned = _WHITESPACE_RUN.sub(" ", text.translate(_INVISIBLE))
    cleaned = "".join(
        char for char in cleaned if unicodedata.category(char) not in _DROPPED_CATEGORIES
    )
    return _WHITESPACE_RUN.sub(" ", cleaned).strip()
