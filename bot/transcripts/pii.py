"""Find and mask personal data in what students type, before it reaches the transcripts cache.

Structured identifiers come from Microsoft Presidio's predefined pattern recognizers (emails,
phone numbers through Google's libphonenumber, IBANs and card numbers with their checksums,
numeric dates), used one by one without Presidio's AnalyzerEngine, which would need a spaCy
language model. Around them, rules of our own with word lists kept as data in `pii_data/`:
names, street addresses, dates of birth, ID, passport and student numbers, obfuscated emails,
profile URLs and health conditions, in English and French.

Each finding is a `Span`; overlapping spans are resolved to the longest, and each is replaced by
a placeholder naming its kind, such as `[email]` or `[name]`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

KINDS = (
    "email", "phone", "iban", "card", "url", "name", "address", "date_of_birth", "id_number",
    "student_number", "health",
)  # fmt: skip
# Adults applying to a programme were born at least this many years ago: a full date with an
# older year in a student's message is a birth date, not a deadline.
MIN_AGE_YEARS = 14
OLDEST_YEAR = 1930
MEMO_SIZE = 65_536


@dataclass(frozen=True, order=True)
class Span:
    """A piece of personal data found in a text: [start, end) and its kind."""

    start: int
    end: int
    kind: str


def _words(name: str) -> list[str]:
    """Return the non-comment lines of a word list in pii_data/, lowercased."""
    text = resources.files("bot.transcripts").joinpath("pii_data", name).read_text("utf-8")
    return [
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# --- Presidio's recognizers -------------------------------------------------------------------


@functools.cache
def _presidio() -> dict[str, object]:
    """Build Presidio's recognizers once (importing Presidio takes seconds: only when needed)."""
    import tldextract
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        DateRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        PhoneRecognizer,
    )

    # tldextract downloads the public suffix list on first use; its bundled snapshot is enough
    # to tell a real domain, and nothing may be fetched at run time.
    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    class OfflineEmailRecognizer(EmailRecognizer):
        def validate_result(self, pattern_text: str) -> bool:
            return offline(pattern_text).fqdn != ""

    return {
        "email": OfflineEmailRecognizer(),
        # The regions students write from most; libphonenumber also reads any "+CC …" number.
        "phone": PhoneRecognizer(supported_regions=("FR", "BE", "GB", "US", "DE", "CH", "NL")),
        "iban": IbanRecognizer(),
        "card": CreditCardRecognizer(),
        "date": DateRecognizer(),
    }


def _presidio_spans(kind: str, text: str) -> Iterator[tuple[int, int]]:
    recognizer = _presidio()[kind]
    for result in recognizer.analyze(text, recognizer.supported_entities, None):
        yield result.start, result.end


_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


# --- Rules of our own -------------------------------------------------------------------------

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
    r"\b(?:my name is|my name's|name:|i am called|this is|je m'appelle|je m’appelle|"
    r"je me nomme|mon nom est|mon nom :|nom :|my (?:son|daughter|friend|brother|sister) is|"
    r"signed|regards,|cordialement,|merci,)\s+",
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
def _lists() -> dict[str, object]:
    """Compile the rules that read word lists (once, on first use)."""
    streets = [line.split(maxsplit=1) for line in _words("street_words.txt")]
    before = _alternation([word for place, word in streets if place == "before"])
    after = _alternation([word for place, word in streets if place == "after"])
    health = _alternation(_words("health_terms.txt"))
    sites = _alternation(_words("profile_sites.txt"))
    name_part = rf"(?:{_NAME_WORD}|{_PARTICLE}|l'|d')"
    return {
        "first_names": frozenset(_words("first_names.txt")),
        "address_after": re.compile(
            rf"\b\d{{1,4}}\s?(?:[a-z]|bis|ter)?,?\s+(?:{after})\.?\s+"
            rf"(?:{name_part}\s*){{1,5}}",
            re.IGNORECASE,
        ),
        "address_before": re.compile(
            rf"\b\d{{1,4}}[a-zA-Z]?,?\s+(?:{_NAME_WORD}\s+){{1,3}}(?i:{before})\b\.?",
        ),
        "health": re.compile(rf"(?<![\w-])(?:{health})(?![\w-])", re.IGNORECASE),
        "profile_url": re.compile(
            rf"\b(?:https?://)?(?:[\w-]+\.)*(?:{sites})/[^\s]+", re.IGNORECASE
        ),
    }


# --- Finding ----------------------------------------------------------------------------------


def _names(text: str) -> Iterator[Span]:
    first_names = _lists()["first_names"]
    for match in CAPITALISED_RUN.finditer(text):
        # The run may begin with another capitalised word ("Hi", "I'm"): the name starts at
        # its first first name and takes the capitalised words after it.
        for word in re.finditer(r"\S+", match.group()):
            parts = word.group().strip("'’").split("-")
            if all(part.lower() in first_names for part in parts):
                yield Span(match.start() + word.start(), match.end(), "name")
                break
    for intro in NAME_INTRO.finditer(text):
        start = intro.end()
        capitalised = CAPITALISED_RUN.match(text, start)
        if capitalised:
            yield Span(start, capitalised.end(), "name")
            continue
        lower = LOWER_NAME.match(text, start)
        if lower:
            words = lower.group(0).split()
            kept = []
            for word in words:
                if word.lower() in NOT_NAME_WORDS:
                    break
                kept.append(word)
            if kept:
                yield Span(start, start + len(" ".join(kept)), "name")


def _addresses(text: str) -> Iterator[Span]:
    rules = _lists()
    for rule in (rules["address_after"], rules["address_before"]):
        for match in rule.finditer(text):
            end = match.end()
            tail = POSTCODE_TAIL.match(text, end)
            if tail:
                end = tail.end()
            yield Span(match.start(), end, "address")


def _dates_of_birth(text: str) -> Iterator[Span]:
    spans = {(m.start(), m.end()) for m in WORDED_DATE.finditer(text)}
    spans |= {(m.start(), m.end()) for m in NUMERIC_DATE.finditer(text)}
    spans |= set(_presidio_spans("date", text))
    latest_birth_year = datetime.now(UTC).year - MIN_AGE_YEARS
    for start, end in spans:
        years = [int(year) for year in YEAR.findall(text[start:end])]
        two_digit = not years and re.search(r"[/.-]\d{2}$", text[start:end])
        old = any(OLDEST_YEAR <= year <= latest_birth_year for year in years)
        if (years or two_digit) and (old or BIRTH_CONTEXT.search(text[:start])):
            yield Span(start, end, "date_of_birth")


def _health(text: str) -> Iterator[Span]:
    rule = _lists()["health"]
    for sentence in SENTENCE.finditer(text):
        if not FIRST_PERSON.search(sentence.group()):
            continue
        for match in rule.finditer(sentence.group()):
            offset = sentence.start()
            yield Span(offset + match.start(), offset + match.end(), "health")


def _cards(text: str) -> Iterator[Span]:
    for start, end in _presidio_spans("card", text):
        tail = CARD_TAIL.match(text, end)
        yield Span(start, tail.end() if tail else end, "card")
    for match in CARD_CONTEXT_CODE.finditer(text):
        yield Span(match.start(), match.end(), "card")


def find_spans(text: str) -> list[Span]:
    """Return the personal data found in `text`, overlaps resolved, in order."""
    found: list[Span] = []
    digits = sum(char.isdigit() for char in text)
    lowered = text.lower()
    if "@" in text or any(at in lowered for at in (" at ", "(at)", "[at]", "{at}", "arobase")):
        found += [Span(s, e, "email") for s, e in _presidio_spans("email", text)]
        found += [Span(m.start(), m.end(), "email") for m in OBFUSCATED_EMAIL.finditer(text)]
    if "/" in text or "www" in lowered or "." in text:
        found += [Span(m.start(), m.end(), "url") for m in URL_WITH_QUERY.finditer(text)]
        found += [Span(m.start(), m.end(), "url") for m in _lists()["profile_url"].finditer(text)]
    found += _names(text)
    found += _health(text)
    if digits:
        found += _addresses(text)
        found += _dates_of_birth(text)
        found += [Span(m.start(1), m.end(1), "id_number") for m in ID_NUMBER.finditer(text)]
        found += [
            Span(m.start(1), m.end(1), "student_number") for m in STUDENT_NUMBER.finditer(text)
        ]
        found += [Span(m.start(), m.end(), "student_number") for m in STUDENT_CODE.finditer(text)]
        found += [Span(m.start(), m.end(), "student_number") for m in BARE_NUMBER.finditer(text)]
        found += _cards(text) if digits >= 3 else []
    if digits >= 8:
        found += [Span(s, e, "phone") for s, e in _presidio_spans("phone", text)]
        found += [Span(m.start(), m.end(), "phone") for m in _PHONE.finditer(text)]
        upper = text.translate(_ASCII_UPPER)  # IBANs are written in any case; offsets stay
        found += [Span(s, e, "iban") for s, e in _presidio_spans("iban", upper)]
        found += [Span(m.start(), m.end(), "iban") for m in _IBAN.finditer(upper)]
        found += [Span(m.start(), m.end(), "id_number") for m in LONG_NUMBER.finditer(text)]
    return resolve(found)


# The regex fallbacks kept from before Presidio: numbers libphonenumber rejects (fictitious
# ranges, missing trunk prefix) and IBANs with a wrong checksum are still someone's data.
_PHONE = re.compile(r"(?<![\w+(])(?:\+|\(|\b)\d(?:[ .\-()]{0,2}\d){8,14}\b")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")

# When two findings overlap the longer one wins; on equal length, the earlier kind in this
# order (a card number is also a valid phone number to libphonenumber).
_PRIORITY = {kind: rank for rank, kind in enumerate(
    ("card", "iban", "email", "url", "address", "date_of_birth", "phone", "id_number",
     "student_number", "name", "health")
)}  # fmt: skip


def resolve(spans: list[Span]) -> list[Span]:
    """Merge overlapping spans into one (named after its longest part), in text order.

    Merging rather than choosing one: when two rules disagree on where a finding ends, the
    union is masked, so no piece of either is left readable.
    """
    merged: list[list[Span]] = []
    for span in sorted(s for s in spans if s.end > s.start):
        if merged and span.start < max(part.end for part in merged[-1]):
            merged[-1].append(span)
        else:
            merged.append([span])
    return [
        Span(
            min(part.start for part in group),
            max(part.end for part in group),
            min(group, key=lambda s: (-(s.end - s.start), _PRIORITY[s.kind])).kind,
        )
        for group in merged
    ]


@functools.lru_cache(maxsize=MEMO_SIZE)
def _mask(text: str) -> str:
    for span in reversed(find_spans(text)):
        text = f"{text[: span.start]}[{span.kind}]{text[span.end :]}"
    return text


def mask_personal_data(text: str | None) -> str | None:
    """Replace the personal data in a student's message with placeholders such as [name]."""
    if not text:
        return text
    return _mask(text)


MaskFunction = Callable[[str | None], str | None]
