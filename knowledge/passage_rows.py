"""Cut a page into passages (each readable sentence, its heading and list intro) and store them.

The rows are indexed with SQLite FTS5 so a question finds the sentence that speaks of it.
"""

import re

from sqlite_utils import Database

from knowledge.garble import UNREADABLE, contains_garbled, replace_garbled
from knowledge.lexicon import WORD

TABLE = "passages"
PASSAGE_COLUMNS = {
    "id": str,
    "programme": str,
    "source": str,
    "position": int,
    "heading": str,
    "context": str,
    "text": str,
    "year": str,
}
_MARKER = re.compile(r"^\s*(?:→\s*)?(?:[-•·*–]|\d+[).])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(«])")
_YEAR = re.compile(r"\b(20\d\d)(?:\s*[/–-]\s*(?:20)?\d\d)?\b")
# Site navigation that follows the programme's own text on scraped pages.
_BOILERPLATE_START = re.compile(r"^(stay informed|find your course)\s*$", re.IGNORECASE)
_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")
# Fewer words than this and no full stop: a label or a navigation link, not a statement.
_MIN_WORDS = 4


def _is_heading(line: str, following: str | None) -> bool:
    words = line.split()
    stripped = line.rstrip()
    return (
        0 < len(words) <= 7
        and following is not None
        and not stripped.endswith((".", ":", ";", ",", "!"))
        and not _MARKER.match(line)
        and not _DATE.search(line)
        # "Institution for registration: ESPCI Paris - PSL" states a fact; "[Opening: 2026]" heads
        and (":" not in stripped or stripped.startswith("["))
    )


def page_passages(page: str, *, programme: str, source: str) -> list[dict]:
    """Return the rows of a page's passages: each readable sentence, its heading and list intro.

    Headings and short list items with no introducing sentence (site navigation) are left
    out; garbled runs are marked unreadable, never shown.
    """
    lines = [line.strip() for line in page.splitlines()]
    lines = [line for line in lines if line]
    rows: list[dict] = []
    heading: str | None = None
    intro: str | None = None
    year: str | None = None
    for index, line in enumerate(lines):
        if _BOILERPLATE_START.match(line):
            break
        following = lines[index + 1] if index + 1 < len(lines) else None
        if not WORD.search(line):
            continue
        item = bool(_MARKER.match(line))
        text = _MARKER.sub("", line).strip()
        if index == 0 and not line.rstrip().endswith((".", "!", "?")):
            heading, intro = line, None  # the page's title: what every sentence is about
            continue
        # "[Opening of M1: Year 2026]" reads like a heading but states a fact.
        if not item and _is_heading(line, following) and not line.startswith("["):
            heading, intro = line, None
            found = _YEAR.search(line)
            year = found.group(0) if found else None
            continue
        if not item:
            intro = text if text.endswith(":") else None
        sentences = [text] if item else _SENTENCE_END.split(text)
        for sentence in sentences:
            sentence = sentence.strip()
            words = WORD.findall(sentence)
            short = len(words) < _MIN_WORDS and not sentence.endswith(".")
            if not words or (short and not (item and intro)):
                continue
            readable = (
                replace_garbled(sentence, UNREADABLE) if contains_garbled(sentence) else sentence
            )
            position = len(rows) + 1
            found = _YEAR.search(sentence)
            rows.append(
                {
                    "id": f"{programme}/{position:04d}",
                    "programme": programme,
                    "source": source,
                    "position": position,
                    "heading": heading,
                    "context": intro if item else None,
                    "text": readable,
                    "year": found.group(0) if found else year,
                }
            )
    return rows


def ensure_passages_shape(db: Database) -> None:
    """Create the passages table, its index and its full-text search; safe to run twice."""
    if TABLE not in db.table_names():
        db[TABLE].create(PASSAGE_COLUMNS, pk="id")
    db[TABLE].create_index(["programme", "position"], if_not_exists=True)
    if not db[TABLE].detect_fts():
        db[TABLE].enable_fts(
            ["text", "context", "heading"],
            create_triggers=True,
            tokenize="porter unicode61 remove_diacritics 2",
        )


def save_passages(db: Database, rows: list[dict]) -> None:
    """Replace every passage row with `rows` (the build writes all pages at once)."""
    ensure_passages_shape(db)
    db[TABLE].delete_where()
    db[TABLE].insert_all(rows, pk="id", alter=True)
