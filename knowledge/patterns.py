"""The spaCy pipeline: a blank English model, a sentencizer and entity patterns."""

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20,
    "twenty-four": 24,
}  # fmt: skip
_MONTH = {"LOWER": {"REGEX": r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$"}}
_DAY = {"LOWER": {"REGEX": r"^\d{1,2}(st|nd|rd|th)?$"}}
_YEAR = {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}
_NUMERIC_DATE = {"TEXT": {"REGEX": r"^\d{1,2}[/.]\d{1,2}[/.]\d{4}$"}}
_TO = {"LOWER": {"IN": ["to", "-", "–", "until", "till"]}}
_COMMA = {"TEXT": ",", "OP": "?"}
_NUMBER = {"LOWER": {"IN": [*NUMBER_WORDS, *(str(n) for n in range(1, 61))]}}
_NUMBER_DASH = {"LOWER": {"REGEX": r"^(\d+|" + "|".join(NUMBER_WORDS) + r")-$"}}
_UNIT = {"LOWER": {"IN": ["day", "week", "month", "semester", "year"]}}
_UNITS = {"LOWER": {"IN": ["days", "weeks", "months", "semesters", "years"]}}
_CURRENCY = {"TEXT": {"IN": ["€", "$", "£", "EUR", "USD", "GBP", "CHF"]}}
_AMOUNT = {"TEXT": {"REGEX": r"^\d[\d,. ]*$"}}
_PERIOD = {"LOWER": {"REGEX": r"^/(year|yr|month|semester|term)$"}}
_PERIOD_WORD = {"LOWER": {"IN": ["year", "month", "semester", "term", "annum"]}}

ENTITY_PATTERNS = [
    {"label": "DATE_RANGE", "pattern": [_NUMERIC_DATE, _TO, _NUMERIC_DATE]},
    {"label": "DATE_RANGE", "pattern": [_MONTH, _DAY, _TO, _MONTH, _DAY, _COMMA, _YEAR]},
    {"label": "DATE_RANGE", "pattern": [_DAY, _MONTH, _TO, _DAY, _MONTH, _YEAR]},
    {"label": "DATE_RANGE", "pattern": [_MONTH, _DAY, _COMMA, _YEAR, _TO, _MONTH, _DAY, _COMMA, _YEAR]},  # noqa: E501
    {"label": "DATE_RANGE", "pattern": [_DAY, _MONTH, _YEAR, _TO, _DAY, _MONTH, _YEAR]},
    {"label": "DATE", "pattern": [_NUMERIC_DATE]},
    {"label": "DATE", "pattern": [_MONTH, _DAY, _COMMA, _YEAR]},
    {"label": "DATE", "pattern": [_DAY, _MONTH, _YEAR]},
    {"label": "DATE", "pattern": [_YEAR]},
    {"label": "TIME", "pattern": [{"TEXT": {"REGEX": r"^\d{1,2}[:h]\d{2}$"}}, {"TEXT": {"IN": ["CET", "CEST", "UTC", "GMT"]}}]},  # noqa: E501
    {"label": "TIME", "pattern": [{"TEXT": {"REGEX": r"^\d{1,2}:\d{2}$"}}]},
    {"label": "MONEY", "pattern": [_CURRENCY, _AMOUNT, _PERIOD]},
    {"label": "MONEY", "pattern": [_CURRENCY, _AMOUNT, {"LOWER": {"IN": ["per", "a", "/"]}}, _PERIOD_WORD]},  # noqa: E501
    {"label": "MONEY", "pattern": [_AMOUNT, _CURRENCY, _PERIOD]},
    {"label": "MONEY", "pattern": [_AMOUNT, _CURRENCY, {"LOWER": {"IN": ["per", "a", "/"]}}, _PERIOD_WORD]},  # noqa: E501
    {"label": "MONEY", "pattern": [_CURRENCY, _AMOUNT]},
    {"label": "MONEY", "pattern": [_AMOUNT, _CURRENCY]},
    {"label": "ECTS", "pattern": [{"LIKE_NUM": True}, {"LOWER": {"IN": ["ects", "credits"]}}]},
    {"label": "DURATION", "pattern": [_NUMBER, {"TEXT": "-"}, _UNIT]},
    {"label": "DURATION", "pattern": [_NUMBER_DASH, _TO, _NUMBER, {"TEXT": "-"}, _UNIT]},
    {"label": "DURATION", "pattern": [_NUMBER, _UNITS]},
    {"label": "LANGUAGE_LEVEL", "pattern": [{"TEXT": {"REGEX": r"^[ABC][12]$"}}]},
    {"label": "DEGREE", "pattern": [{"LOWER": {"IN": ["master", "bachelor"]}}, {"LOWER": {"IN": ["’s", "'s"]}, "OP": "?"}, {"LOWER": {"IN": ["degree", "degrees", "diploma"]}}]},  # noqa: E501
    {"label": "DEGREE", "pattern": [{"LOWER": "postgraduate"}, {"LOWER": "certificate"}]},
    {"label": "DEGREE", "pattern": [{"LOWER": "phd"}]},
    {"label": "TRACK", "pattern": [{"TEXT": {"REGEX": r"^M[12]$"}}, {"TEXT": {"NOT_IN": ["(", ")", ".", "-", "\n"]}, "OP": "+"}, {"TEXT": "("}, {"TEXT": {"REGEX": r"^[A-Z]{2,5}$"}}, {"TEXT": ")"}]},  # noqa: E501
]  # fmt: skip


@lru_cache(maxsize=2)
def make_nlp(language: str = "en") -> Language:
    """Return a blank English or French pipeline with a sentencizer and the entity patterns.

    French pages get spaCy's French tokenizer (elisions such as "l'année", "d'admission");
    the packaged French models need a newer spaCy than Rasa 3.6 allows.
    """
    nlp = spacy.blank("fr" if language == "fr" else "en")
    if language == "fr":
        # lookup lemmas (spacy-lookups-data, installed, nothing downloaded) let one keyword
        # such as "travailler comme" match "travaillent comme", "évaluer" match "évaluées"
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(ENTITY_PATTERNS)
    return nlp


def count_matches(doc: Doc, countable_nouns: tuple[str, ...]) -> list[tuple[int, str]]:
    """Return (count, noun) for "three tracks", "two two-month internships" and the like."""
    matcher = Matcher(doc.vocab)
    words = {"LOWER": {"IN": list(NUMBER_WORDS)}}
    digits = {"TEXT": {"REGEX": r"^\d{1,4}$"}}
    noun = {"LOWER": {"IN": list(countable_nouns)}}
    matcher.add("COUNT", [[number, {"OP": "{0,3}"}, noun] for number in (words, digits)])
    shortest: dict[int, tuple[int, int]] = {}
    for _, start, end in matcher(doc):
        if doc[start + 1].text in {"-", "of"}:  # "two-year course", "one of the tracks"
            continue
        if end not in shortest or start > shortest[end][0]:
            shortest[end] = (start, end)
    results = []
    for start, end in sorted(shortest.values()):
        if any(token.text in {".", ";", ":"} for token in doc[start:end]):
            continue
        word = doc[start].lower_
        value = NUMBER_WORDS.get(word) or (int(word) if word.isdigit() else None)
        if value:
            results.append((value, doc[end - 1].lower_))
    return results
