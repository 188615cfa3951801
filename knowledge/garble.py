"""Detect runs of characters garbled by a broken scrape (mojibake such as ``²ÝÁñÂÛ̳``)."""

import re
from dataclasses import dataclass

# Latin-1 supplement symbols (¡…¿) and the combining low line: letters never use them, but a
# broken single-byte decoding sprinkles them between accented letters.
_SUSPICIOUS = frozenset(chr(code) for code in range(0xA1, 0xC0)) | {"\u0333"}
_TOKEN = re.compile(r"[^\s,;:.()\[\]\"'!?]+")
UNREADABLE = "(unreadable on the page)"


@dataclass(frozen=True)
class GarbledRun:
    """One garbled run: 1-based line and column, and the run itself."""

    line: int
    column: int
    run: str


def is_garbled(token: str) -> bool:
    """Return True when a word looks like mojibake rather than accented text."""
    suspicious = sum(char in _SUSPICIOUS for char in token)
    non_ascii = sum(ord(char) > 127 for char in token)
    if suspicious == 0 or non_ascii / len(token) < 0.6:
        return False
    return suspicious >= 2 or non_ascii >= 3


def garbled_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the garbled runs in a text."""
    return [match.span() for match in _TOKEN.finditer(text) if is_garbled(match.group())]


def find_garbled_runs(text: str) -> list[GarbledRun]:
    """Return every garbled run of a page with its line and column."""
    runs = []
    for number, line in enumerate(text.splitlines(), start=1):
        for start, end in garbled_spans(line):
            runs.append(GarbledRun(line=number, column=start + 1, run=line[start:end]))
    return runs


def contains_garbled(text: str) -> bool:
    """Return True when a text holds any garbled run."""
    return bool(garbled_spans(text))


def replace_garbled(text: str, replacement: str = UNREADABLE) -> str:
    """Return the text with each garbled run replaced by a readable marker."""
    for start, end in reversed(garbled_spans(text)):
        text = text[:start] + replacement + text[end:]
    return text


def longest_clean_part(text: str) -> str:
    """Return the longest stretch of a text between garbled runs, stripped."""
    parts, cursor = [], 0
    for start, end in garbled_spans(text):
        parts.append(text[cursor:start])
        cursor = end
    parts.append(text[cursor:])
    best = max(parts, key=lambda part: len(part.strip()))
    return best.strip(" \t\n,;-")
