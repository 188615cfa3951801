"""Find which programmes a user's text mentions: aliases, any case or accents, small typos."""

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+")
# Words too common to identify a programme on their own, even inside a typo-tolerant match.
GENERIC_WORDS = frozenset(
    "master masters msc m1 m2 physics medical health science sciences technology engineering "
    "programme program degree certificate postgraduate course of and the in for a".split()
)


def normalise(text: str) -> list[str]:
    """Return lowercase, accent-free word tokens; "&" reads as "and"."""
    text = unicodedata.normalize("NFKD", text.replace("&", " and "))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return _WORD.findall(text)


# Every message is compared with every alias word: remember verdicts on word pairs (students
# reuse the same words) and try difflib's cheap upper bounds before its full ratio.
@lru_cache(maxsize=65536)
def _similar(word: str, target: str) -> bool:
    if word == target:
        return True
    if len(target) < 5 or len(word) < 4 or target in GENERIC_WORDS:
        return False
    if _swapped(word, target):  # "levuen" is "leuven" with two letters swapped
        return True
    matcher = SequenceMatcher(None, word, target)
    return (
        matcher.real_quick_ratio() >= 0.85
        and matcher.quick_ratio() >= 0.85
        and matcher.ratio() >= 0.85
    )


def _swapped(word: str, target: str) -> bool:
    """Return True when a word is the target with two neighbouring letters swapped."""
    if len(word) != len(target):
        return False
    apart = [index for index, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
    return (
        len(apart) == 2
        and apart[1] == apart[0] + 1
        and word[apart[0]] == target[apart[1]]
        and word[apart[1]] == target[apart[0]]
    )


class ProgrammeResolver:
    """Match aliases against text, longest alias first, in order of mention."""

    def __init__(self, names: dict[str, list[str]]) -> None:
        """Take every programme's names and aliases, keyed by programme id."""
        patterns = []
        for programme, aliases in names.items():
            for alias in aliases:
                tokens = tuple(normalise(alias))
                # a phrase of three or more words is specific even when each word is common
                if tokens and (len(tokens) >= 3 or not set(tokens) <= GENERIC_WORDS):
                    patterns.append((tokens, programme))
        compact = {}
        for tokens, programme in patterns:
            compact.setdefault("".join(tokens), programme)
        self._patterns = sorted(set(patterns), key=lambda item: -len(item[0]))
        self._compact = compact

    def resolve(self, text: str) -> list[str]:
        """Return the ids of all programmes mentioned, in order of first mention."""
        words = normalise(text)
        taken = [False] * len(words)
        found: list[tuple[int, str]] = []
        for tokens, programme in self._patterns:
            size = len(tokens)
            for start in range(len(words) - size + 1):
                if any(taken[start : start + size]):
                    continue
                if all(_similar(words[start + i], tokens[i]) for i in range(size)):
                    found.append((start, programme))
                    taken[start : start + size] = [True] * size
        for start, word in enumerate(words):  # "st4 health" typed as one word, or "st4health" apart
            if not taken[start] and word in self._compact and word not in GENERIC_WORDS:
                found.append((start, self._compact[word]))
        ordered = []
        for _, programme in sorted(found):
            if programme not in ordered:
                ordered.append(programme)
        return ordered
