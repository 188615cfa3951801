"""Correct a student's slips of the keyboard into words the pages or the lexicon know."""

import difflib
import functools
import re
import sqlite3

from sqlite_utils import Database

from knowledge.lexicon import WORD, fold, load_lexicon
from knowledge.passage_rows import TABLE

# A word no page or lexicon knows is read as the known word one or two slips away
# ("hosuing" is "housing"); shorter words are left alone: "fee" and "few" are both words.
_TYPO_RATIO = 0.75
_TYPO_MIN_LENGTH = 5
_TYPO_LONG = 9

_VOCABULARIES: dict[str, frozenset[str]] = {}


def _vocabulary(db: Database) -> frozenset[str]:
    """Return every word of the pages and the lexicon, folded; read once per database file."""
    path = db.conn.execute("pragma database_list").fetchone()[2]
    if path and path in _VOCABULARIES:
        return _VOCABULARIES[path]
    lexicon = load_lexicon()
    words: set[str] = set(lexicon.stopwords) | set(lexicon.synonyms)
    for forms in lexicon.synonyms.values():
        words.update(forms)
    try:
        rows = list(db.conn.execute(f"select heading, context, text from {TABLE}"))
    except sqlite3.Error:  # no passages table: nothing to correct against
        return frozenset()
    for row in rows:
        for part in filter(None, row):
            words.update(fold(word).strip("'-") for word in WORD.findall(part))
    vocabulary = frozenset(word for word in words if len(word) >= _TYPO_MIN_LENGTH)
    if path:
        _VOCABULARIES[path] = vocabulary
    return vocabulary


def _edits(a: str, b: str) -> int:
    """Return the edit distance with adjacent swaps counted once ("trakcs" → "tracks": 1)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


@functools.lru_cache(maxsize=4096)
def _closest(word: str, vocabulary: frozenset[str]) -> str | None:
    # One slip of the keyboard in a short word, two in a long one; "moins" is not "mines".
    allowed = 1 if len(word) < _TYPO_LONG else 2
    for found in difflib.get_close_matches(word, vocabulary, n=3, cutoff=_TYPO_RATIO):
        # a slip keeps a short word's first letter: "hours" is a word, not "cours" mistyped
        if found[0] != word[0] and len(word) < _TYPO_LONG:
            continue
        if _edits(word, found) <= allowed:
            return found
    return None


def correct_typos(db: Database, text: str, *, names: frozenset[str] = frozenset()) -> str:
    """Return the text with each word no page or lexicon knows replaced by the closest known
    one ("hosuing help" → "housing help"); a misspelt programme name ("ST4Heath") becomes
    the closest of `names`.

    Only words of five letters or more are corrected, into words of five letters or more
    ("count" is not "coût"), and a capitalised word only into a programme name ("Cairo" is
    a place); an unknown word with no close match stays as typed.
    """
    vocabulary = _vocabulary(db)
    if not vocabulary:
        return text

    def fixed(match: re.Match) -> str:
        word = match.group(0)
        folded = fold(word)
        if len(folded) < _TYPO_MIN_LENGTH or folded in vocabulary or folded in names:
            return word
        name = _closest(folded, names)
        if name:
            return name
        if word[0].isupper() or not folded.isalpha():
            return word
        return _closest(folded, vocabulary) or word

    return WORD.sub(fixed, text or "")
