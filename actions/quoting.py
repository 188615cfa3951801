"""The sentences a reply may quote: what they say, how they are framed, when they repeat.

A candidate is the page's own sentence (a fact's text, or a passage quoted verbatim); the
frames around it come from domain.yml.
"""

import re
from dataclasses import dataclass
from datetime import date

from actions.phrasing import phrase
from knowledge.garble import UNREADABLE
from knowledge.passages import Query
from knowledge.query import Fact

# Words above which a sentence of several "; " clauses is quoted by its best clause alone.
LONG_SENTENCE = 35
# Share of words two sentences have in common above which they say the same thing.
NEAR_DUPLICATE = 0.6
YEAR = re.compile(r"\b(20\d\d)(?:\s*[/–-]\s*(?:20)?\d\d)?\b")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Candidate:
    """A sentence that may answer: its text, its year if dated, how well it fits the question."""

    text: str
    year: str | None
    relevance: float
    on_topic: bool = False  # filed by the builder under the asked topic


def word_count(text: str) -> int:
    """Return the number of words a student reads."""
    return len(_WORD.findall(text))


def text_key(text: str) -> str:
    """Return a sentence's words, lowercased: two sentences with the same key say the same."""
    return " ".join(_WORD.findall(text.lower()))


def near_duplicate(text: str, others: list[Candidate]) -> bool:
    """Return True when a sentence says what one of `others` already says."""
    # Pages say the same thing twice in different sections ("may also apply directly to the
    # M2" / "can also apply for M2"): a student should read it once.
    words = set(text_key(text).split())
    for other in others:
        theirs = set(text_key(other.text).split())
        if words and theirs and len(words & theirs) / len(words | theirs) >= NEAR_DUPLICATE:
            return True
    return False


def year_of(text: str, fallback: str | None) -> str | None:
    """Return the year a sentence names, else the year its fact was filed under."""
    found = YEAR.search(text)
    return found.group(0) if found else fallback


def _is_past(year: str | None, today: date) -> bool:
    return bool(year) and int(year[:4]) < today.year


def quoted(domain: dict, language: str, candidate: Candidate, today: date) -> str:
    """Return a candidate inside its quote frame, dated when it speaks of an earlier year."""
    # The frame ends the sentence after the closing quote mark.
    text = candidate.text.rstrip(" .:;,")
    # A statement of an earlier year that does not say its year would read as current.
    if _is_past(candidate.year, today) and candidate.year[:4] not in candidate.text:
        return phrase(domain, "utter_quote_dated", language, quote=text, year=candidate.year)
    return phrase(domain, "utter_quote", language, quote=text)


def sentence_of(fact: Fact) -> str:
    """Return what to quote for a fact: the page's own sentence, else the fact's text.

    The text is used when the quote spans several lines (a list the text joins), is a
    fragment, or was cut short around an unreadable run.
    """
    quote = (fact.quote or "").strip()
    if not quote or "\n" in quote or UNREADABLE in fact.text or word_count(quote) < 4:
        return fact.text
    return quote


def best_clause(candidate: Candidate, query: Query) -> Candidate:
    """Quote only the clause that answers when a long sentence runs several together.

    ("All transcripts… (with a certified translation…); a resume and cover letter…; proof
    of a level in English…": a question about translations gets the first clause.)
    """
    if not query.concepts:
        return candidate
    lines = [line.strip() for line in candidate.text.split("\n") if line.strip()]
    # a list introduced by its heading ("…three tracks:\n- M2 BEH…") is quoted whole
    introduced = lines[0].endswith(":") or any(line.startswith("-") for line in lines)
    if len(lines) > 1 and not introduced:
        # A list quoted whole ("Document at your convenience.\nCertificate of French…\nVAP
        # file…"): "what is the VAP file?" gets the one item that speaks of it, when only one
        # speaks of more of the question than every other.
        scores = sorted((query.coverage(line) for line in lines), reverse=True)
        if scores[0] > scores[1]:
            best = max(lines, key=query.coverage)
            return Candidate(best.rstrip("."), candidate.year, candidate.relevance)
    clauses = [clause.strip() for clause in candidate.text.split("; ")]
    if word_count(candidate.text) <= LONG_SENTENCE or len(clauses) < 2:
        return candidate
    best = max(clauses, key=query.coverage)  # max() keeps the first of equals
    if not query.coverage(best):
        return candidate
    return Candidate(best, candidate.year, candidate.relevance)
