"""Read a message that asks several things as its questions apart, each with its own topic.

"I'm a nurse from Egypt… Is ST4Health for me and how much would I pay?" asks about getting in
and about the fees: each question is answered from its own topic, the story told before them
still read as the student's background. The cue words are data (actions/cues.yml).
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from actions.context import CUES_PATH, fold

# Sentences end at ".", "!" or "?" followed by a space.
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
_WORDS = re.compile(r"[\w'’-]+", re.UNICODE)
# "And what is the price?", "also what…": the question without its conjunction
_LEADING_JOIN = re.compile(r"^(?:and|also|et|aussi)\s+", re.IGNORECASE)
# A question of fewer words is a fragment ("and how?"), not a question of its own.
MIN_PART_WORDS = 2


@dataclass(frozen=True)
class PartCues:
    """The words that start a new question after "and", and the words that name topics."""

    joiner: re.Pattern
    topic_words: tuple[tuple[str, tuple[str, ...]], ...]
    comparatives: dict[str, str]
    comparative: re.Pattern | None


@functools.lru_cache(maxsize=2)
def load_part_cues(path: Path = CUES_PATH) -> PartCues:
    """Read the part and topic cues of cues.yml (once per process)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    starts = sorted((fold(str(word)) for word in data.get("part_starts") or ()), key=len)
    alternatives = "|".join(re.escape(word) for word in reversed(starts))
    # ", and how much…" / " et combien…": the conjunction goes, the new question stays
    joiner = re.compile(rf",?\s+(?:and|et|also)\s+(?=(?:{alternatives})\b)", re.IGNORECASE)
    topics = tuple(
        (str(topic), tuple(fold(str(word)) for word in words))
        for topic, words in (data.get("topic_words") or {}).items()
    )
    comparatives = {
        str(word).lower(): str(plain) for word, plain in (data.get("comparatives") or {}).items()
    }
    words = "|".join(re.escape(word) for word in comparatives)
    comparative = re.compile(rf"(?<![\w'’-])(?:{words})(?![\w'’-])", re.IGNORECASE)
    return PartCues(joiner, topics, comparatives, comparative if comparatives else None)


def plain_words(text: str) -> str:
    """Return a question with its comparative words as the pages' lexicon knows them
    ("which is shorter?" → "which is long?"), for searching the pages."""
    cues = load_part_cues()
    if cues.comparative is None:
        return text
    return cues.comparative.sub(lambda match: cues.comparatives[match.group(0).lower()], text)


@functools.lru_cache(maxsize=1)
def cue_words() -> frozenset[str]:
    """Return the one-word cues (folded): a student's "chère" must not be mended into a
    page word ("where") before its topic is read."""
    cues = load_part_cues()
    words = [word for _, words in cues.topic_words for word in words]
    words += [fold(word) for word in cues.comparatives]
    return frozenset(word for word in words if word.isalpha())


def _padded(text: str) -> str:
    words = [word.strip("'-") for word in _WORDS.findall(fold(text))]
    return " " + " ".join(words) + " "


def _topics_named(text: str) -> list[tuple[int, str]]:
    """Return (position, topic) for every topic word a question uses, in order."""
    padded = _padded(text)
    return sorted(
        (padded.find(f" {word} "), topic)
        for topic, words in load_part_cues().topic_words
        for word in words
        if f" {word} " in padded
    )


def topic_in_words(text: str) -> str | None:
    """Return the topic a question's own words name, the one named first; None when none."""
    found = _topics_named(text)
    return found[0][1] if found else None


# Topics a "can I…?" question may ask about instead of getting in ("can I do the interview
# from abroad?"); a track or a job named in it ("could I get into the AI track?") still asks
# whether they can get in.
_ASKED_APART = frozenset(
    {
        "deadlines",
        "admission",
        "fees",
        "documents",
        "duration",
        "start_date",
        "housing",
        "scholarships",
        "location",
        "capacity",
        "study_mode",
    }
)


def asks_another_topic(text: str, topic: str) -> bool:
    """Return True when a question's own words name a topic other than `topic`.

    ("between which dates can I apply?" asks for the deadlines, not whether they can get in;
    only the sentences that ask count, not the story told before them.)
    """
    return any(
        named != topic and named in _ASKED_APART
        for part in question_parts(text)
        for _, named in _topics_named(part)
    )


def joined_topics(question: str) -> list[str]:
    """Return the topics one question asks together ("compare the fees and the deadlines"):
    two topics named on either side of "and" / "et"; [] otherwise."""
    found = _topics_named(question)
    padded = _padded(question)
    joins = [index for index in range(len(padded)) if padded.startswith((" and ", " et "), index)]
    for (first_at, first), (second_at, second) in zip(found, found[1:], strict=False):
        if first != second and any(first_at < join < second_at for join in joins):
            return [first, second]
    return []


def question_parts(text: str) -> list[str]:
    """Return the questions a message asks, in order: its sentences that ask (ending in "?",
    or the last one), each split where "and" starts a new question."""
    sentences = [part.strip() for part in _SENTENCES.split(text or "") if part.strip()]
    asking = [sentence for sentence in sentences if sentence.endswith("?")]
    if sentences and not sentences[-1].endswith((".", "!", "?")):
        asking.append(sentences[-1])  # "…first? also what is the fee" trails unpunctuated
    asking = asking or sentences[-1:]
    joiner = load_part_cues().joiner
    pieces = [piece.strip(" ,;") for sentence in asking for piece in joiner.split(sentence)]
    parts = [_LEADING_JOIN.sub("", piece) for piece in pieces]
    return [part for part in parts if len(part.split()) >= MIN_PART_WORDS]


def _without_topics(question: str, topics: list[str], kept: str) -> str:
    """Return a question asking two topics as it asks one ("the fees and deadlines" → "the
    fees and"), folded, so that the other topic's words count against no sentence."""
    words = dict(load_part_cues().topic_words)
    padded = _padded(question)
    for topic in topics:
        if topic != kept:
            for word in sorted(words[topic], key=len, reverse=True):
                padded = padded.replace(f" {word} ", " ")
    return padded.strip()


def asked_topics(text: str) -> list[tuple[str, str]]:
    """Return (question, topic) for each question of a message that asks about several
    topics, each named by its own words; [] when it asks one thing, or when a question's
    topic cannot be read from its words (the message is then answered as a whole)."""
    parts = question_parts(text)
    if len(parts) == 1:
        joined = joined_topics(parts[0])
        return [(_without_topics(parts[0], joined, topic), topic) for topic in joined]
    if len(parts) < 2:
        return []
    topics = [topic_in_words(part) for part in parts]
    if None in topics or len(set(topics)) < len(topics):
        return []
    return list(zip(parts, topics, strict=True))
