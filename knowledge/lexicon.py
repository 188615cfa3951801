"""The search lexicon (knowledge/lexicon.yml): stop words, student words widened, word folding."""

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

LEXICON_PATH = Path(__file__).with_name("lexicon.yml")
WORD = re.compile(r"[\w'’-]+", re.UNICODE)


@dataclass(frozen=True)
class Lexicon:
    """Stop words to leave out and student words to widen, from lexicon.yml."""

    stopwords: frozenset[str]
    synonyms: dict[str, tuple[str, ...]]


@functools.lru_cache(maxsize=2)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read the search lexicon (once per process)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return Lexicon(
        stopwords=frozenset(fold(word) for word in str(data.get("stopwords", "")).split()),
        synonyms={
            fold(key): tuple(fold(value) for value in values)
            for key, values in (data.get("synonyms") or {}).items()
        },
    )


@functools.lru_cache(maxsize=16384)
def fold(word: str) -> str:
    """Return a word lower-cased, without accents, with a straight apostrophe."""
    word = unicodedata.normalize("NFKD", word.lower().replace("’", "'"))
    return "".join(char for char in word if not unicodedata.combining(char))
