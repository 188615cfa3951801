"""Find people's names in a student's message.

Three ways, from the most to the least certain:
- a first name from the list (`pii_data/first_names.txt`) starts a capitalised run;
- "my name is / je m'appelle …" introduces a name, even in lower case;
- a context that only a name fits: "I'm …", "… here", a sign-off at the end ("Thanks,
  Aisha"), a title ("Mme …", "Mr …"), a relative ("my brother …"), an account holder. These
  take capitalised words only, and never a word of `pii_data/not_names.txt` (nationalities,
  languages, programme and campus words, greetings), so "I'm French" and "This is Medical
  Physics" stay readable. Most names are in no list: the context is what finds them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from bot.transcripts.pii_patterns import (
    CAPITALISED_RUN,
    LOWER_NAME,
    NAME_INTRO,
    NOT_NAME_WORDS,
    load_words,
)
from knowledge.build import DEFAULT_REGISTRY
from knowledge.registry import load_registry


class NameSpan(NamedTuple):
    start: int
    end: int


_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:i'm|i’m|im|i am|it's|it’s|this is|je suis|moi c'est|moi c’est|"
    r"(?:account )?holder|beneficiary|titulaire(?: du compte)?|b[ée]n[ée]ficiaire|"
    r"mr|mrs|ms|miss|mx|dr|prof|mme|mlle|madame|monsieur|m\.|"
    r"my (?:brother|sister|son|daughter|friend|father|mother|dad|mum|mom|wife|husband|"
    r"partner|cousin|colleague|classmate)|"
    r"mon (?:fr[èe]re|fils|p[èe]re|ami|mari|cousin|coll[èe]gue|copain)|"
    r"ma (?:s(?:œ|oe)ur|fille|m[èe]re|amie|femme|cousine|coll[èe]gue|copine))"
    r"\.?\s*(?:is\s+|est\s+)?:?\s*)$",
    re.IGNORECASE,
)
# Sign-offs: the name is the last thing in the message (or on its line).
_SIGN_OFF = re.compile(
    r"(?:\b(?:thanks|thank you|thx|many thanks|best|best wishes|best regards|kind regards|"
    r"warm regards|regards|cheers|sincerely|yours|merci|merci d'avance|merci d’avance|"
    r"merci beaucoup|bien à vous|bien cordialement|cordialement|salutations)[,.!]?\s+|"
    r"(?:^|\s)[-–—]\s*)$",
    re.IGNORECASE,
)
_AT_END = re.compile(r"\s*[.!)]*\s*(?:$|\n)")
# "Aarav here." / "Tomasz Kowalczyk here, …": only what starts a message or a sentence.
_HERE = re.compile(r"\s+here\b(?=\s*(?:[,.!;:–—-]|$))", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.!?,;:\n])\s*$")


@functools.cache
def _not_names() -> frozenset[str]:
    return frozenset(load_words("not_names.txt")) | _programme_words()


def _programme_words() -> frozenset[str]:
    """Every word naming a programme or its institution ("Leuven", "PSL"): read from the
    programme registry, so a programme added there is never taken for a student's name."""
    words: set[str] = set()
    for entry in load_registry(DEFAULT_REGISTRY):
        for text in (entry.name, entry.short_name, entry.institution or "", *entry.aliases):
            words.update(word.strip("():,.").lower() for word in text.split())
    return frozenset(word for word in words if word)


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]


def _name_in_run(text: str, start: int, end: int) -> NameSpan | None:
    """Return the run's words from its first one that may be a name, up to a word that may not.

    A run that does not end at a word's end ("S" of "ST4Health") is no name.
    """
    if end < len(text) and text[end].isalnum():
        return None
    kept: list[tuple[int, int]] = []
    for word_start, word_end in _words(text, start, end):
        word = text[word_start:word_end].strip("'’,").lower()
        if word in _not_names() or word in NOT_NAME_WORDS:
            if kept:
                break
            return None  # the word right after the cue is not a name: nothing is introduced
        kept.append((word_start, word_end))
    return NameSpan(kept[0][0], kept[-1][1]) if kept else None


def _from_first_names(text: str, first_names: frozenset[str]) -> Iterator[NameSpan]:
    for match in CAPITALISED_RUN.finditer(text):
        # The run may begin with another capitalised word ("Hi", "I'm"): the name starts at
        # its first first name and takes the capitalised words after it.
        for word in re.finditer(r"\S+", match.group()):
            parts = word.group().strip("'’").split("-")
            if all(part.lower() in first_names for part in parts):
                yield NameSpan(match.start() + word.start(), match.end())
                break


def _from_introductions(text: str) -> Iterator[NameSpan]:
    for intro in NAME_INTRO.finditer(text):
        start = intro.end()
        capitalised = CAPITALISED_RUN.match(text, start)
        if capitalised:
            yield NameSpan(start, capitalised.end())
            continue
        lower = LOWER_NAME.match(text, start)
        if lower:
            kept = []
            for word in lower.group(0).split():
                if word.lower() in NOT_NAME_WORDS:
                    break
                kept.append(word)
            if kept:
                yield NameSpan(start, start + len(" ".join(kept)))


def _from_context(text: str) -> Iterator[NameSpan]:
    for match in CAPITALISED_RUN.finditer(text):
        if _HERE.match(text, match.end()):
            span = _greeted_run(text, match.start(), match.end())
            if span:
                yield span
                continue
        # The cue may be inside the run ("I'm Chidi Eze", "Mr Pedro Alves", "Cheers Eero").
        for word_start, _ in _words(text, match.start(), match.end()):
            before = text[max(0, word_start - 40) : word_start]
            cued = _CONTEXT_BEFORE.search(before) or (
                _SIGN_OFF.search(before) and _AT_END.match(text, match.end())
            )
            if cued:
                span = _name_in_run(text, word_start, match.end())
                if span:
                    yield span
                break


def _greeted_run(text: str, start: int, end: int) -> NameSpan | None:
    """The run before "here", without its greeting ("Hi Aarav here"), at a sentence's start."""
    words = _words(text, start, end)
    while words and text[words[0][0] : words[0][1]].strip(",").lower() in _not_names():
        words.pop(0)
    if not words or not _SENTENCE_START.search(text[:start]):
        return None
    return _name_in_run(text, words[0][0], end)


def find_names(text: str, first_names: frozenset[str]) -> Iterator[NameSpan]:
    """Yield the [start, end) of each name found (overlaps are resolved by the caller)."""
    yield from _from_first_names(text, first_names)
    yield from _from_introductions(text)
    yield from _from_context(text)
