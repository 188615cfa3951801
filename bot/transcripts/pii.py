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

from bot.transcripts.pii_names import find_names
from bot.transcripts.pii_patterns import (
    BARE_NUMBER,
    BIRTH_CONTEXT,
    CARD_CONTEXT_CODE,
    CARD_TAIL,
    FIRST_PERSON,
    IBAN,
    ID_NUMBER,
    LONG_NUMBER,
    NUMERIC_DATE,
    OBFUSCATED_EMAIL,
    PHONE,
    POSTCODE_TAIL,
    SENTENCE,
    STUDENT_CODE,
    STUDENT_NUMBER,
    URL_WITH_QUERY,
    WORDED_DATE,
    YEAR,
    word_rules,
)

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


# --- Finding ----------------------------------------------------------------------------------


def _names(text: str) -> Iterator[Span]:
    first_names = word_rules()["first_names"]
    for start, end in find_names(text, first_names):
        yield Span(start, end, "name")


def _addresses(text: str) -> Iterator[Span]:
    rules = word_rules()
    for rule in (rules["address_after"], rules["address_before"], rules["address_glued"]):
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
    rule = word_rules()["health"]
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
        profiles = word_rules()["profile_url"].finditer(text)
        found += [Span(m.start(), m.end(), "url") for m in profiles]
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
        found += [Span(m.start(), m.end(), "phone") for m in PHONE.finditer(text)]
        upper = text.translate(_ASCII_UPPER)  # IBANs are written in any case; offsets stay
        found += [Span(s, e, "iban") for s, e in _presidio_spans("iban", upper)]
        found += [Span(m.start(), m.end(), "iban") for m in IBAN.finditer(upper)]
        found += [Span(m.start(), m.end(), "id_number") for m in LONG_NUMBER.finditer(text)]
    return resolve(found)


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
