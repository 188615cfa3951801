"""A question's concepts: its content words, each widened by the search lexicon."""

import functools
import re
from dataclasses import dataclass

from knowledge.lexicon import WORD, Lexicon, fold, load_lexicon


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
        folded = fold(text)
        return sum(
            any(_form_pattern(form).search(folded) for form in concept) for concept in self.concepts
        )

    def closeness(self, text: str) -> tuple[int, int]:
        """Return how many concepts a text names in the student's own word, then how many
        forms it names in all: what breaks a tie between sentences of equal coverage."""
        folded = fold(text)
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
    for raw in WORD.findall(text or ""):
        word = fold(raw).strip("'-")
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
