"""Read what a student's words say about the conversation: which programmes, what kind of answer.

The cue phrases are data (actions/cues.yml); this module only matches them.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

CUES_PATH = Path(__file__).with_name("cues.yml")
_WORDS = re.compile(r"[\w'’-]+", re.UNICODE)


@dataclass(frozen=True)
class Cues:
    """The phrases of cues.yml, folded for matching."""

    all_programmes: tuple[str, ...]
    other_programme: tuple[str, ...]
    ordinal_programme: dict[str, int]
    first_person: frozenset[str]
    study_words: frozenset[str]
    long_answer: tuple[str, ...]
    overview: tuple[str, ...]
    eligibility: tuple[str, ...]
    follow_up_starts: tuple[str, ...]
    related_topics: dict[str, tuple[str, ...]]
    yes_no_starts: tuple[str, ...]
    how_many: tuple[str, ...]
    eligibility_questions: tuple[str, ...]
    degree_levels: frozenset[str]
    not_own_degree: frozenset[str]
    admission_words: tuple[str, ...]
    negations: frozenset[str]
    degree_equivalents: dict[str, tuple[str, ...]]
    not_background: frozenset[str]
    profession_fields: dict[str, tuple[str, ...]]


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Return lowercase text without accents, curly apostrophes made straight."""
    text = unicodedata.normalize("NFKD", (text or "").lower().replace("’", "'"))
    return "".join(char for char in text if not unicodedata.combining(char))


@functools.lru_cache(maxsize=2)
def load_cues(path: Path = CUES_PATH) -> Cues:
    """Read the cue phrases (once per process)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    folded = lambda key: tuple(fold(str(item)) for item in data.get(key) or ())  # noqa: E731
    return Cues(
        all_programmes=folded("all_programmes"),
        other_programme=folded("other_programme"),
        ordinal_programme={
            fold(key): int(value) for key, value in (data.get("ordinal_programme") or {}).items()
        },
        first_person=frozenset(folded("first_person")),
        study_words=frozenset(folded("study_words")),
        long_answer=folded("long_answer"),
        overview=folded("overview"),
        eligibility=folded("eligibility"),
        follow_up_starts=folded("follow_up_starts"),
        yes_no_starts=folded("yes_no_starts"),
        how_many=folded("how_many"),
        eligibility_questions=folded("eligibility_questions"),
        degree_levels=frozenset(folded("degree_levels")),
        not_own_degree=frozenset(folded("not_own_degree")),
        admission_words=folded("admission_words"),
        negations=frozenset(folded("negations")),
        degree_equivalents=_folded_map(data.get("degree_equivalents")),
        not_background=frozenset(folded("not_background")),
        profession_fields=_folded_map(data.get("profession_fields")),
        related_topics={
            str(topic): tuple(str(other) for other in others)
            for topic, others in (data.get("related_topics") or {}).items()
        },
    )


def _folded_map(data: dict | None) -> dict[str, tuple[str, ...]]:
    return {
        fold(str(key)): tuple(fold(str(value)) for value in values)
        for key, values in (data or {}).items()
    }


def _words(text: str) -> list[str]:
    return [word.strip("'-") for word in _WORDS.findall(fold(text))]


def _has_phrase(text: str, phrases: tuple[str, ...]) -> str | None:
    padded = " " + " ".join(_words(text)) + " "
    return next((phrase for phrase in phrases if f" {phrase} " in padded), None)


def asks_all_programmes(text: str) -> bool:
    """Return True when the question is about every programme (compare, cheapest, all three)."""
    return _has_phrase(text, load_cues().all_programmes) is not None


def asks_long_answer(text: str) -> bool:
    """Return True when the student asked for a list or a comparison."""
    return _has_phrase(text, load_cues().long_answer) is not None or asks_all_programmes(text)


def asks_overview(text: str) -> bool:
    """Return True when the student asks what a programme is ("tell me about…")."""
    return _has_phrase(text, load_cues().overview) is not None


# "near ESPCI", "à Leuven": a place, which is not by itself a question about a programme
_PLACE = re.compile(r"\b(?:near|in|at|around|à|au|en|vers)\s+((?:[A-Z][\w'’-]*\s?){1,3})")


_ANY_PLACE = re.compile(r"\b(?:near|in|at|around|à|au|en|vers)\s+[\w'’-]+", re.IGNORECASE)


def without_places(text: str, *, any_case: bool = False) -> str:
    """Return the text without its "near X" / "in X" place phrases (X capitalised, or with
    `any_case` any one word: "the weather in leuven")."""
    return (_ANY_PLACE if any_case else _PLACE).sub(" ", text or "")


def related_topics(topic: str | None) -> tuple[str, ...]:
    """Return the topics whose sentences may answer a question on `topic` the page is silent on."""
    return load_cues().related_topics.get(topic or "", ())


def is_yes_no(text: str) -> bool:
    """Return True for a yes/no question ("is the internship paid?", "y a-t-il…")."""
    words = _words(text)
    padded = " ".join(words) + " "
    return any(padded.startswith(start + " ") for start in load_cues().yes_no_starts)


def asks_number(text: str) -> bool:
    """Return True when the question asks for a number ("how many places?", "combien…")."""
    return _has_phrase(text, load_cues().how_many) is not None


# Digits (not a level's: "M2"), or a number written out as the pages write them
# ("two-year", "six-month", "trois").
_NUMBER = re.compile(
    r"(?<![A-Za-z])\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|single|"
    r"un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze)\b",
    re.IGNORECASE,
)


_COUNTED = re.compile(r"\b(?:how many|combien de|combien d')\s*([\w-]+)", re.IGNORECASE)


def counted_noun(text: str) -> str | None:
    """Return what a "how many …?" question counts ("how many hours…" → "hours")."""
    match = _COUNTED.search(text or "")
    return match.group(1).lower() if match else None


def states_number(text: str) -> bool:
    """Return True when a sentence states a number, in digits or in words."""
    return bool(_NUMBER.search(text or ""))


def asks_if_eligible(text: str) -> bool:
    """Return True when the student asks outright whether they can get in."""
    return _has_phrase(text, load_cues().eligibility_questions) is not None


def asks_eligibility(text: str) -> bool:
    """Return True when the student asks whether they can get in ("can I apply?")."""
    return _has_phrase(text, load_cues().eligibility) is not None


_SENTENCES = re.compile(r"(?<=[.!?;])\s+")


def background(text: str) -> str:
    """Return what an eligibility question says of the student ("I hold a master in…").

    The statements about themselves, without the question that follows them; a question
    that is all one sentence ("I have a bachelor…, can I apply?") is its own background.
    Empty when the student does not speak of themselves.
    """
    if not speaks_of_self(text):
        return ""
    parts = [part.strip() for part in _SENTENCES.split(text or "") if part.strip()]
    said = [part for part in parts if speaks_of_self(part) and not part.endswith("?")]
    return " ".join(said) or text.strip()


def own_degrees(text: str) -> tuple[str, ...]:
    """Return the degrees the student says they hold ("a master", not "no master" or
    "for the M2"), folded, in order."""
    cues = load_cues()
    words = [part for word in _words(text) for part in word.split("'") if part]
    own = [
        word
        for index, word in enumerate(words)
        if word in cues.degree_levels
        and not set(words[max(0, index - 3) : index]) & cues.not_own_degree
    ]
    return tuple(dict.fromkeys(own))


def degree_forms(degree: str) -> tuple[str, ...]:
    """Return a degree word with the words pages use for it ("bsc": "bachelor")."""
    return (degree, *load_cues().degree_equivalents.get(degree, ()))


def not_background() -> frozenset[str]:
    """Return the words of a story that say nothing of the student's field (years…)."""
    return load_cues().not_background


def field_forms(word: str) -> tuple[str, ...]:
    """Return the field a profession is named by on the pages ("nurse": "health"), if any."""
    return load_cues().profession_fields.get(word, ())


def degree_levels() -> frozenset[str]:
    """Return the words that name a degree or level (bachelor, master, M1…), folded."""
    return load_cues().degree_levels


def may_say_no(text: str) -> bool:
    """Return True when a sentence has a word that may negate or restrict what it says."""
    words = _words(text)
    return bool(set(words) & load_cues().negations) or any(w.endswith("n't") for w in words)


def speaks_of_admission(text: str) -> bool:
    """Return True when a sentence speaks of getting in (apply, enter, admission…)."""
    return any(word.startswith(load_cues().admission_words) for word in _words(text))


def is_short_follow_up(text: str) -> bool:
    """Return True for "and if I'm an international student?": it adds, it does not ask anew."""
    words = _words(text)
    padded = " ".join(words) + " "
    starts = any(padded.startswith(start + " ") for start in load_cues().follow_up_starts)
    return starts and len(words) <= 8


def speaks_of_self(text: str) -> bool:
    """Return True when the student speaks about themselves (I, my, j'ai…)."""
    return bool(set(_words(text)) & load_cues().first_person)


def is_about_studying(text: str) -> bool:
    """Return True when the message uses a word about studying, applying or the programmes."""
    words = _words(text)
    study = load_cues().study_words
    pairs = {" ".join(words[index : index + 2]) for index in range(len(words) - 1)}
    return bool((set(words) | pairs) & study)


# After "the second", these words say it is a programme; any other ("the second year",
# "the second track") points elsewhere.
_PROGRAMME_NOUNS = frozenset({"", "one", "programme", "program", "formation", "master", "?"})


def _names_something_else(text: str, ordinal: str) -> bool:
    words = _words(text)
    size = len(ordinal.split())
    for start in range(len(words) - size + 1):
        if " ".join(words[start : start + size]) == ordinal:
            following = words[start + size] if start + size < len(words) else ""
            return following not in _PROGRAMME_NOUNS
    return False


def moved_programme(text: str, order: list[str], remembered: list[str]) -> str | None:
    """Return the programme "the other one" / "the third" points at, or None."""
    cues = load_cues()
    if not order:
        return None
    ordinals = tuple(sorted(cues.ordinal_programme, key=len, reverse=True))
    if any(_names_something_else(text, phrase) for phrase in ordinals):
        # "the first year or the second?": every ordinal counts years, not programmes
        return None
    ordinal = _has_phrase(text, ordinals)
    if ordinal is not None:
        index = cues.ordinal_programme[ordinal]
        return order[index] if -len(order) <= index < len(order) else None
    if _has_phrase(text, cues.other_programme) is not None:
        if not remembered:
            return None
        current = remembered[-1]
        position = order.index(current) if current in order else -1
        others = [
            pid for pid in order[position + 1 :] + order[: position + 1] if pid not in remembered
        ]
        return others[0] if others else None
    return None
