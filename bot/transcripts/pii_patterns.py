"""What personal data looks like: the patterns and word-list rules `pii` finds it with.

Word lists are data in `pii_data/` (first names, street words, health terms, profile sites);
the rules that read them are compiled once, on first use.
"""

from __future__ import annotations

import functools
import re
from importlib import resources


def load_words(name: str) -> list[str]:
    """Return the non-comment lines of a word list in pii_data/, lowercased."""
    text = resources.files("bot.transcripts").joinpath("pii_data", name).read_text("utf-8")
    return [
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_DOT = r"(?:\s*(?:\.|\(dot\)|\[dot\]|\{dot\})\s*|\s+(?:dot|point)\s+)"
_AT = r"(?:\s*(?:@|\(at\)|\[at\]|\{at\}|\(@\)|\[@\])\s*|\s+(?:at|arobase|chez)\s+)"
_TLD = r"(?:com|org|net|edu|gov|fr|be|uk|co|de|nl|ch|eu|io|it|es|ca|us|info|me)"
OBFUSCATED_EMAIL = re.compile(
    rf"\b[\w+-]+(?:{_DOT}[\w+-]+)*{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}{_TLD}\b", re.IGNORECASE
)
# A URL with a query string or fragment may carry a name, token or address: hide it whole.
URL_WITH_QUERY = re.compile(r"\b(?:https?://|www\.)[^\s?#]+[?#]\S*", re.IGNORECASE)
URL = re.compile(r"\b(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:/[^\s]*)?", re.IGNORECASE)
# Context that makes the following code an identity or student number.
_ID_CONTEXT = (
    r"(?:passport|passeport|id card|identity card|national id|national register|"
    r"carte d'identit[ée]|carte nationale d'identit[ée]|num[ée]ro national|"
    r"registre national|social security|s[ée]curit[ée] sociale|nino|ssn|cni)"
)
_STUDENT_CONTEXT = (
    r"(?:student (?:number|id|no\.?|n°|card)|matriculation|matricule|"
    r"num[ée]ro (?:d'|d')?[ée]tudiant|n° (?:d'|d')?[ée]tudiant|ine|student)"
)
_NUMBER_LINK = r"(?:\s*(?:number|no\.?|n°|num[ée]ro|nr\.?|#|is|est|:|=|-)\s*)*"
_CODE = r"(?=[A-Z]*\d)[A-Z0-9][A-Z0-9 -]{4,18}[A-Z0-9]"
ID_NUMBER = re.compile(rf"\b{_ID_CONTEXT}{_NUMBER_LINK}\s*({_CODE})\b", re.IGNORECASE)
STUDENT_NUMBER = re.compile(rf"\b{_STUDENT_CONTEXT}{_NUMBER_LINK}\s*({_CODE})\b", re.IGNORECASE)
# KU Leuven-style student numbers (r0123456, s0123456, u0123456) stand alone.
STUDENT_CODE = re.compile(r"\b[rsuqm]\d{7}\b", re.IGNORECASE)
# A bare run of 7 to 8 digits: a student or file number (shorter runs are amounts and years,
# longer ones are phone or card numbers, found by their recognizers).
BARE_NUMBER = re.compile(r"(?<![\d.,/ -])\b\d{7,8}\b(?![.,/-]?\d)")
LONG_NUMBER = re.compile(r"\b\d{9,}\b")
# Card details around a number: expiry and security code belong to the card.
CARD_TAIL = re.compile(
    r"(?:\s*[,;]?\s*(?:exp(?:iry|ires|iration)?(?: date)?|expire[s]?|valid (?:until|thru)|"
    r"date d'expiration)\s*:?\s*\d{1,2}\s*/\s*\d{2,4}"
    r"|\s*[,;]?\s*(?:cvv2?|cvc2?|csc|security code|cryptogramme|code de s[ée]curit[ée])"
    r"\s*:?\s*\d{3,4})+",
    re.IGNORECASE,
)
CARD_CONTEXT_CODE = re.compile(
    r"\b(?:cvv2?|cvc2?|cryptogramme|security code)\s*:?\s*\d{3,4}\b", re.IGNORECASE
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|janvier|février|fevrier|mars|avril|mai|"
    "juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
)
WORDED_DATE = re.compile(
    rf"\b(?:(?:\d{{1,2}}(?:st|nd|rd|th|er)?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+\d{{4}})"
    rf"|(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}))\b",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(
    r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})\b"
)
BIRTH_CONTEXT = re.compile(
    r"\b(?:born|birth|b\.|dob|d\.o\.b|birthday|née?|naissance|anniversaire)(?!\w)[^.!?\n]{0,30}$",
    re.IGNORECASE,
)
YEAR = re.compile(r"\d{4}")
NAME_INTRO = re.compile(
    r"\b(?:my name is|my name's|name:|i am called|je m'appelle|je m’appelle|"
    r"je me nomme|mon nom est|mon nom :|nom :|my (?:son|daughter|friend|brother|sister) is|"
    r"signed|regards,|cordialement,)\s+",
    re.IGNORECASE,
)
# "Dupont", "Jean-Pierre", "O'Connor", "I'm" (sorted out by the first-name check).
_NAME_PART = r"[A-ZÀ-ÖØ-Ý][a-zà-öø-ÿ]*(?:['’][A-ZÀ-ÖØ-Ýa-zà-öø-ÿ][a-zà-öø-ÿ]*)?"
_NAME_WORD = rf"{_NAME_PART}(?:-{_NAME_PART})*"
_PARTICLE = r"(?:de|du|des|la|le|van|von|der|den|da|di|d'|ben|el|al|mc|mac)"
# A capitalised word (or compound) and up to three more, particles allowed between them.
CAPITALISED_RUN = re.compile(
    rf"(?<![\w'’-])({_NAME_WORD})((?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,3}})"
)
# After "my name is", lowercase names too: up to three words, never a common word.
LOWER_NAME = re.compile(r"([a-zà-öø-ÿ'’-]+)((?:\s+[a-zà-öø-ÿ'’-]+){0,2})", re.IGNORECASE)
NOT_NAME_WORDS = frozenset(
    "a an the and or but i i'm im from in at on to for of with interested applying looking "
    "student students new here writing asking about and et je suis le la les de du des un une "
    "étudiant etudiant intéressé interesse très tres would like want please can could".split()
)
FIRST_PERSON = re.compile(
    r"\b(?:i|i'm|im|i've|ive|me|my|myself|mine|we|our|je|j'|j’|me|moi|mon|ma|mes|suis|"
    r"son|daughter|fils|fille)\b",
    re.IGNORECASE,
)
SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]?")
# A French or Belgian postcode and town, or a British town and postcode, after the street.
POSTCODE_TAIL = re.compile(
    r",?\s*(?:\d{4,5}(?:\s+[A-ZÀ-Ý][\w'-]+){1,2}"
    r"|(?:[A-ZÀ-Ý][\w'-]+,?\s+){0,2}[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b)"
)


@functools.cache
def word_rules() -> dict[str, object]:
    """Compile the rules that read word lists (once, on first use)."""
    streets = [line.split(maxsplit=1) for line in load_words("street_words.txt")]
    before = _alternation([word for place, word in streets if place == "before"])
    glued = _alternation([word for place, word in streets if place == "glued"])
    after = _alternation([word for place, word in streets if place == "after"])
    health = _alternation(load_words("health_terms.txt"))
    sites = _alternation(load_words("profile_sites.txt"))
    name_part = rf"(?:{_NAME_WORD}|{_PARTICLE}|l'|d')"
    return {
        "first_names": frozenset(load_words("first_names.txt")),
        "address_after": re.compile(
            rf"\b\d{{1,4}}\s?(?:[a-z]|bis|ter)?,?\s+(?:{after})\.?\s+"
            rf"(?:{name_part}\s*){{1,5}}",
            re.IGNORECASE,
        ),
        "address_before": re.compile(
            rf"\b\d{{1,4}}[a-zA-Z]?,?\s+(?:{_NAME_WORD}\s+){{1,3}}(?i:{before})\b\.?",
        ),
        # Dutch and German streets are one word ending in the street word ("Kerkstraat"),
        # the number before or, more often, after it.
        "address_glued": re.compile(
            rf"(?:\b\d{{1,4}}[a-zA-Z]?,?\s+(?:[A-ZÀ-Ý][\w'-]+\s+)?[A-ZÀ-Ý][\w'-]*?(?:{glued})\b"
            rf"|\b(?:[A-ZÀ-Ý][\w'-]+\s+)?[A-ZÀ-Ý][\w'-]*?(?:{glued})\s+\d{{1,4}}"
            rf"(?:\s?[a-zA-Z]\b)?(?:\s*(?:bus|bte|box|boîte)\s*\d+[a-zA-Z]?)?(?:/\d+)?\b)"
        ),
        "health": re.compile(rf"(?<![\w-])(?:{health})(?![\w-])", re.IGNORECASE),
        "profile_url": re.compile(
            rf"\b(?:https?://)?(?:[\w-]+\.)*(?:{sites})/[^\s]+", re.IGNORECASE
        ),
    }


# The regex fallbacks kept from before Presidio: numbers libphonenumber rejects (fictitious
# ranges, missing trunk prefix) and IBANs with a wrong checksum are still someone's data.
PHONE = re.compile(r"(?<![\w+(])(?:\+|\(|\b)\d(?:[ .\-()]{0,2}\d){8,14}\b")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
