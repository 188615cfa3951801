"""Reply text matching for bench/answers.py: normalising, sentences, facts, "not stated"."""

from __future__ import annotations

import re
import unicodedata

from bench.answer_numbers import find_amounts, find_dates

# Honest "the page does not say it", English and French. The route frame ("For anything the
# page does not state, see …") follows every answer, so it is removed before matching.
NOT_STATED_PATTERNS = (
    r"\b(?:does not|doesn't|do not|don't|did not|does n't) (?:state|say|mention|give|specify|"
    r"list|indicate|include|provide|cover|tell)",
    r"\bsays? nothing\b", r"\bnot (?:stated|mentioned|specified|given|listed|indicated)\b",
    r"\bgives? no\b", r"\bno (?:information|mention|details?)\b", r"\bis silent\b",
    r"\bne (?:dit|précise|donne|mentionne|indique|cite|parle|fournit)(?: rien| pas| aucune?)",
    r"\bn'(?:indique|évoque|a pas)\b", r"\bpas (?:précisé|indiqué|mentionné)e?s?\b",
    r"\baucune (?:information|mention|indication)\b", r"\bne dit rien\b",
)  # fmt: skip
ROUTE_FRAMES = (
    r"for anything the page does not state,?",
    r"pour ce que la page ne précise pas,?",
)
_NOT_STATED = re.compile("|".join(NOT_STATED_PATTERNS), re.IGNORECASE)
_ROUTE = re.compile("|".join(ROUTE_FRAMES), re.IGNORECASE)

_TOKEN = re.compile(r"[€£$%]|\w+")
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u200a\u202f\u205f\u3000]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'",
                              "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
                              "\u2013": "-", "\u2014": "-", "\u2212": "-"})  # fmt: skip
# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = ("e.g", "i.e", "etc", "vs", "cf", "dr", "mr", "mrs", "ms", "prof", "approx",
                  "incl", "fig", "resp", "m.sc", "b.sc", "ph.d")  # fmt: skip
_CLOSERS = "\"')]»”’"
_SENTENCE_END = re.compile(r"(?<=[.!?…][\"')\]»”’])\s+|(?<=[.!?…])\s+")


def normalise(text: str) -> str:
    """Lower-case, NFKC, one kind of apostrophe, quote and dash, any run of spaces one space."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return _SPACES.sub(" ", text).strip().casefold()


def _tokens(text: str) -> str:
    return " " + " ".join(_TOKEN.findall(normalise(text))) + " "


def contains(haystack: str, needle: str) -> bool:
    """Say whether needle occurs in haystack as a run of whole words, both normalised.

    Punctuation between words does not count ("package () and" is "package and"), so a
    quote the bot tidied still matches, but "250" does not match inside "2500".
    """
    return _tokens(needle) in _tokens(haystack)


def _same_values(haystack: str, fact: str) -> bool:
    """Say whether every date and amount of a fact is in haystack, however written.

    "March 13, 2025" is "13 March 2025" and "13 mars 2025"; "€250" is "250 €".
    """
    dates, amounts = find_dates(fact), find_amounts(fact)
    if not dates and not amounts:
        return False
    shown_dates = find_dates(haystack)
    shown_amounts = {(v, c) for _, v, c in find_amounts(haystack)}
    for _, month, day, year in dates:
        if not any(
            (m, d) == (month, day) and (year is None or y is None or y == year)
            for _, m, d, y in shown_dates
        ):
            return False
    return all((v, c) in shown_amounts for _, v, c in amounts)


def fact_in(haystack: str, fact: str) -> bool:
    """Say whether a fact is in haystack: its words, or all its dates and amounts by value."""
    return contains(haystack, fact) or _same_values(haystack, fact)


def _ends_with_abbreviation(chunk: str) -> bool:
    word = chunk.rstrip(".").rsplit(None, 1)[-1].casefold() if chunk.strip() else ""
    word = word.lstrip("(\"'")
    return word in _ABBREVIATIONS or bool(re.fullmatch(r"[a-z]", word))


def split_sentences(text: str) -> list[str]:
    """Split a reply into sentences: lines (bullets, list items) and sentence-ending marks.

    A full stop after an abbreviation, an initial or a number ("e.g.", "i.e.", "7.0") does
    not end a sentence; text with no letter or digit (a rule, a lone bullet) is dropped.
    """
    sentences: list[str] = []
    for line in text.splitlines():
        pending = ""
        for piece in _SENTENCE_END.split(line):
            pending = f"{pending} {piece}" if pending else piece
            bare = piece.rstrip().rstrip(_CLOSERS)
            if bare.endswith(".") and _ends_with_abbreviation(bare):
                continue
            sentences.append(pending)
            pending = ""
        if pending:
            sentences.append(pending)
    return [s.strip() for s in sentences if re.search(r"\w", s)]


def join_messages(messages: list[dict]) -> str:
    """Join the text of a turn's bot messages, in order, one per line."""
    return "\n".join(m["text"] for m in messages if isinstance(m.get("text"), str))


def button_titles(messages: list[dict]) -> list[str]:
    """Return the titles of every button of a turn's messages."""
    return [
        b.get("title", "") for m in messages for b in m.get("buttons") or [] if isinstance(b, dict)
    ]


def word_count(text: str) -> int:
    """Count words: whitespace-separated tokens holding a letter or digit."""
    return sum(1 for token in text.split() if re.search(r"\w", token))


def says_not_stated(sentences: list[str]) -> bool:
    """Say whether one of the sentences says honestly that the page does not state it."""
    return any(_NOT_STATED.search(_ROUTE.sub("", s)) for s in sentences)
