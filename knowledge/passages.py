"""Every readable sentence of a page, searchable (SQLite FTS5, BM25), quoted verbatim.

Topic facts answer the questions the builder knows; passages answer the rest ("is there help
with housing?") from whichever sentence of the page speaks of it. A student's words are
widened with a small English/French lexicon (knowledge/lexicon.yml) so "logement" finds
"housing"; the search is one indexed query per programme.
"""

import difflib
import functools
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlite_utils import Database

from knowledge.garble import UNREADABLE, contains_garbled, replace_garbled

LEXICON_PATH = Path(__file__).with_name("lexicon.yml")
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
# A search term in BM25's eyes is worth this much in the sentence, its list's intro line and its
# heading: the sentence itself speaks for the answer, its surroundings only point to it.
_WEIGHTS = (1.0, 0.4, 0.6)

_MARKER = re.compile(r"^\s*(?:→\s*)?(?:[-•·*–]|\d+[).])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(«])")
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
_YEAR = re.compile(r"\b(20\d\d)(?:\s*[/–-]\s*(?:20)?\d\d)?\b")
# Site navigation that follows the programme's own text on scraped pages.
_BOILERPLATE_START = re.compile(r"^(stay informed|find your course)\s*$", re.IGNORECASE)
_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")
# Fewer words than this and no full stop: a label or a navigation link, not a statement.
_MIN_WORDS = 4
# BM25 candidates fetched per passage returned, re-ranked by how much of the question they cover.
_CANDIDATES = 3
# A word no page or lexicon knows is read as the known word one or two slips away
# ("hosuing" is "housing"); shorter words are left alone: "fee" and "few" are both words.
_TYPO_RATIO = 0.75
_TYPO_MIN_LENGTH = 5
_TYPO_LONG = 9


@dataclass(frozen=True)
class Passage:
    """One sentence of a page, verbatim, with the heading it sits under and its search score."""

    programme: str
    text: str
    heading: str | None
    context: str | None
    year: str | None
    position: int
    score: float = 0.0


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
        stopwords=frozenset(_fold(word) for word in str(data.get("stopwords", "")).split()),
        synonyms={
            _fold(key): tuple(_fold(value) for value in values)
            for key, values in (data.get("synonyms") or {}).items()
        },
    )


@functools.lru_cache(maxsize=16384)
def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.lower().replace("’", "'"))
    return "".join(char for char in word if not unicodedata.combining(char))


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
        if not _WORD.search(line):
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
            words = _WORD.findall(sentence)
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


@dataclass(frozen=True)
class Query:
    """A question's concepts: each content word with its lexicon synonyms, any one of which
    found in a sentence means the sentence speaks of it."""

    concepts: tuple[tuple[str, ...], ...]

    @property
    def terms(self) -> list[str]:
        """Return every form of every concept, once, for the full-text search."""
        return list(dict.fromkeys(form for concept in self.concepts for form in concept))

    def matched(self, text: str) -> int:
        """Return how many of the question's concepts a text speaks of."""
        folded = _fold(text)
        return sum(
            any(_form_pattern(form).search(folded) for form in concept) for concept in self.concepts
        )

    def closeness(self, text: str) -> tuple[int, int]:
        """Return how many concepts a text names in the student's own word, then how many
        forms it names in all: what breaks a tie between sentences of equal coverage."""
        folded = _fold(text)
        own = sum(bool(_form_pattern(concept[0]).search(folded)) for concept in self.concepts)
        forms = sum(bool(_form_pattern(form).search(folded)) for form in self.terms)
        return own, forms

    def without(self, forms: set[str]) -> "Query":
        """Return the query without the concepts that have any of these forms."""
        return Query(tuple(c for c in self.concepts if not set(c) & forms))

    def coverage(self, text: str) -> float:
        """Return the share of the question's concepts a text speaks of (0 to 1)."""
        return self.matched(text) / len(self.concepts) if self.concepts else 0.0


@functools.lru_cache(maxsize=4096)
def _form_pattern(form: str) -> re.Pattern:
    # A crude stem: "housing" finds "house", "assessed" finds "assessment"; short words
    # ("ects", "ai", "phd") must match whole.
    if len(form) <= 4:
        return re.compile(rf"\b{re.escape(form)}\b")
    return re.compile(rf"\b{re.escape(form[: max(5, len(form) - 3)])}")


def parse_query(
    text: str, *, ignore: frozenset[str] | set[str] = frozenset(), lexicon: Lexicon | None = None
) -> Query:
    """Return a question's concepts: its content words, each widened by the lexicon."""
    lexicon = lexicon or load_lexicon()
    concepts: dict[str, tuple[str, ...]] = {}
    for raw in _WORD.findall(text or ""):
        word = _fold(raw).strip("'-")
        # "bachelor's" is searched as "bachelor", "l'autre" as "autre"
        parts = [piece for piece in word.split("'") if len(piece) > 1] if "'" in word else [word]
        for part in parts:
            if not part or part in ignore or part in concepts:
                continue
            widened = lexicon.synonyms.get(part, ())
            own = (part,) if part not in lexicon.stopwords and len(part) > 1 else ()
            forms = tuple(
                form for form in dict.fromkeys((*own, *widened)) if form.replace("-", "").isalnum()
            )
            if forms:
                concepts[part] = forms
    return Query(tuple(concepts.values()))


def query_terms(
    text: str, *, ignore: frozenset[str] | set[str] = frozenset(), lexicon: Lexicon | None = None
) -> list[str]:
    """Return the search terms of a question: its content words and their lexicon synonyms."""
    return parse_query(text, ignore=ignore, lexicon=lexicon).terms


def search_passages(
    db: Database,
    text: str,
    *,
    programmes: list[str] | None = None,
    ignore: frozenset[str] | set[str] = frozenset(),
    limit: int = 6,
) -> list[Passage]:
    """Return the passages best matching a question, best first; an empty list when none.

    BM25 picks the candidates in one indexed query; each one's score is the share of the
    question's concepts it speaks of (with its list's intro), so one threshold serves short
    and long questions alike.
    """
    query = parse_query(text, ignore=ignore)
    terms = query.terms
    if not terms:
        return []
    match = " OR ".join('"' + term.replace('"', "") + '"' for term in terms[:40])
    sql = (
        f"select {TABLE}.*, bm25({TABLE}_fts, {', '.join(map(str, _WEIGHTS))}) as bm25 "
        f"from {TABLE} join {TABLE}_fts on {TABLE}_fts.rowid = {TABLE}.rowid "
        f"where {TABLE}_fts match :match"
    )
    params: dict = {"match": match, "limit": limit * _CANDIDATES}
    if programmes:
        names = [f":p{index}" for index in range(len(programmes))]
        sql += f" and {TABLE}.programme in ({', '.join(names)})"
        params.update({f"p{index}": value for index, value in enumerate(programmes)})
    sql += f" order by bm25, {TABLE}.position limit :limit"
    try:
        rows = list(db.query(sql, params))
    except sqlite3.OperationalError:
        # An older knowledge base without passages, or a query FTS5 cannot parse: no match,
        # rather than an error for the student.
        return []
    found = [
        Passage(
            programme=row["programme"],
            text=row["text"],
            heading=row["heading"],
            context=row["context"],
            year=row["year"],
            position=row["position"],
            # The heading helps BM25 rank a sentence, but only what the sentence (and its list's
            # intro) says counts as answering: "Fees and scholarships" over "The amounts may
            # vary…" is not a statement about scholarships.
            score=round(query.coverage(" ".join(filter(None, (row["context"], row["text"])))), 4),
        )
        for row in rows
    ]
    # Sorted is stable: among equal coverage, BM25's order (more forms matched) stands.
    return sorted(found, key=lambda passage: -passage.score)[:limit]


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
            words.update(_fold(word).strip("'-") for word in _WORD.findall(part))
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
        folded = _fold(word)
        if len(folded) < _TYPO_MIN_LENGTH or folded in vocabulary or folded in names:
            return word
        name = _closest(folded, names)
        if name:
            return name
        if word[0].isupper() or not folded.isalpha():
            return word
        return _closest(folded, vocabulary) or word

    return _WORD.sub(fixed, text or "")
