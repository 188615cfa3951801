"""Every readable sentence of a page, searchable (SQLite FTS5, BM25), quoted verbatim.

Topic facts answer the questions the builder knows; passages answer the rest ("is there help
with housing?") from whichever sentence of the page speaks of it. A student's words are
widened with a small English/French lexicon (knowledge/lexicon.yml) so "logement" finds
"housing"; the search is one indexed query per programme.
"""

import sqlite3
from dataclasses import dataclass

from sqlite_utils import Database

from knowledge.lexicon import LEXICON_PATH, Lexicon, load_lexicon
from knowledge.passage_query import Query, parse_query, query_terms
from knowledge.passage_rows import (
    PASSAGE_COLUMNS,
    TABLE,
    ensure_passages_shape,
    page_passages,
    save_passages,
)
from knowledge.typos import correct_typos

__all__ = [
    "LEXICON_PATH",
    "PASSAGE_COLUMNS",
    "TABLE",
    "Lexicon",
    "Passage",
    "Query",
    "correct_typos",
    "ensure_passages_shape",
    "load_lexicon",
    "page_passages",
    "parse_query",
    "query_terms",
    "save_passages",
    "search_passages",
]

# A search term in BM25's eyes is worth this much in the sentence, its list's intro line and its
# heading: the sentence itself speaks for the answer, its surroundings only point to it.
_WEIGHTS = (1.0, 0.4, 0.6)
# BM25 candidates fetched per passage returned, re-ranked by how much of the question they cover.
_CANDIDATES = 3


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
