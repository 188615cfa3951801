"""Find structured values in verbatim page text: dates, levels, academic years (and amounts).

Each finder returns the span it read, so the build can check that the value round-trips to
the words on the page (`date_round_trips`; amounts live in knowledge.money and are re-exported
here for the callers that read every kind of value).
"""

import re
from dataclasses import dataclass
from datetime import date

from knowledge.money import (  # noqa: F401  (re-exported)
    CURRENCIES,
    Money,
    find_money,
    money_round_trips,
    parse_money,
)

MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january", "janvier", "janv", "januari"),
         ("feb", "february", "février", "fevrier", "févr", "februari"),
         ("mar", "march", "mars", "maart"), ("apr", "april", "avril", "avr"), ("may", "mai", "mei"),
         ("jun", "june", "juin", "juni"), ("jul", "july", "juillet", "juil", "juli"),
         ("aug", "august", "août", "aout", "augustus"), ("sep", "sept", "september", "septembre"),
         ("oct", "october", "octobre", "oktober", "okt"), ("nov", "november", "novembre"),
         ("dec", "december", "décembre", "decembre", "déc")],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH_WORD = r"(?:" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(?:1er|\d{1,2}(?:st|nd|rd|th|er)?)"
_YEAR = r"(?:19|20)\d\d"
_DATE_PATTERNS = (
    # 2026-03-31
    re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>\d{{2}})-(?P<d>\d{{2}})\b"),
    # 31/03/2026, 31.03.2026
    re.compile(rf"\b(?P<d>\d{{1,2}})[/.](?P<m>\d{{1,2}})[/.](?P<y>{_YEAR})\b"),
    # 15-04-2026 (day first, as written where dashes separate the parts)
    re.compile(rf"\b(?P<d>\d{{1,2}})-(?P<m>\d{{1,2}})-(?P<y>{_YEAR})\b"),
    # 31 March 2026, 1er octobre 2025, 1st of October, 14 January (year later in the span)
    re.compile(rf"\b(?P<d>{_DAY})[\s\u00a0]+(?:of[\s\u00a0]+)?(?P<mw>{_MONTH_WORD})(?:,?[\s\u00a0]+(?P<y>{_YEAR}))?\b", re.I),  # noqa: E501
    # March 31, 2026 / January 14
    re.compile(rf"\b(?P<mw>{_MONTH_WORD})[\s\u00a0]+(?P<d>{_DAY})\b(?:,?[\s\u00a0]+(?P<y>{_YEAR})\b)?", re.I),  # noqa: E501
)  # fmt: skip
# "du 1 au 15 mars 2026", "from 1 to 15 March 2026": a bare day before a full date.
_BARE_DAY_RANGE = re.compile(
    rf"\b(?P<d>{_DAY})(?:[\s\u00a0]*[-–][\s\u00a0]*|[\s\u00a0]+(?:to|au|and|et|until)[\s\u00a0]+)"
    rf"(?={_DAY}[\s\u00a0]+{_MONTH_WORD})",
    re.I,
)
# "March 1–15, 2026": a month, two days and the year.
_MONTH_DAY_RANGE = re.compile(
    rf"\b(?P<mw>{_MONTH_WORD})[\s\u00a0]+(?P<d1>{_DAY})[\s\u00a0]*[-–][\s\u00a0]*(?P<d2>{_DAY}),?"
    rf"[\s\u00a0]+(?P<y>{_YEAR})\b",
    re.I,
)
_ACADEMIC_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)[/–-](\d\d|(?:19|20)\d\d)(?![\d/])")
_LEVEL = re.compile(
    r"\b(?P<test>IELTS|TOEFL(?:[\s\u00a0]+iBT)?|TOEIC|Duolingo|Cambridge|DELF|DALF|TCF|TEF|PTE)"
    r"(?:[^\d\n;]{0,25}?(?P<score>\d{1,3}(?:[.,]\d)?|[ABC][12]))?"
    r"|\b(?P<cefr>[ABC][12])\b"
)


@dataclass(frozen=True)
class DateMention:
    """A calendar date read from the page; `year_given` is False when the year was inferred."""

    iso: str
    start: int
    end: int
    text: str
    year_given: bool


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _day(word: str) -> int:
    return int(re.match(r"\d+", word).group())


def find_dates(text: str) -> list[DateMention]:
    """Return every calendar date in a text, in order; a missing year comes from the next date."""
    raw: list[tuple] = []  # start, end, year, month, day, whether the span itself gives the year
    taken: list[tuple[int, int]] = []
    for match in _MONTH_DAY_RANGE.finditer(text):
        month, year = _month(match.group("mw")), int(match.group("y"))
        if month:
            taken.append(match.span())
            for day in ("d1", "d2"):  # each spans the whole range, which holds its year
                raw.append((match.start(), match.end(), year, month, _day(match.group(day)), True))
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            groups = match.groupdict()
            month = _month(groups["mw"]) if groups.get("mw") else int(groups["m"])
            day_text = groups["d"]
            if not groups.get("mw") and month > 12 and int(day_text) <= 12:
                month, day_text = int(day_text), groups["m"]  # 03/31/2026: month first (US)
            if not month or not 1 <= month <= 12:
                continue
            year = int(groups["y"]) if groups.get("y") else None
            taken.append(match.span())
            raw.append((match.start(), match.end(), year, month, _day(day_text), year is not None))
    for match in _BARE_DAY_RANGE.finditer(text):
        if not any(start <= match.start() < end for start, end in taken):
            following = min((item for item in raw if item[0] > match.start()), default=None)
            if following is not None:  # its span runs to the next date, whose month it shares
                day = _day(match.group("d"))
                raw.append((match.start(), following[1], *following[2:4], day, following[5]))
    raw.sort()
    mentions = []
    for index, (start, end, year, month, day, given) in enumerate(raw):
        if year is None:
            later = [item for item in raw[index + 1 :] if item[2] is not None]
            earlier = [item for item in raw[:index] if item[2] is not None]
            if later:
                year = later[0][2] if month <= later[0][3] else later[0][2] - 1
            elif earlier:
                year = earlier[-1][2] if month >= earlier[-1][3] else earlier[-1][2] + 1
            else:
                continue
        try:
            iso = date(year, month, day).isoformat()
        except ValueError:
            continue
        mentions.append(DateMention(iso, start, end, text[start:end], given))
    return mentions


def undated_day_months(text: str) -> list[str]:
    """Return day-and-month mentions with no year anywhere near them (a warning for staff)."""
    found = []
    if re.search(_YEAR, text):
        return found
    for pattern in _DATE_PATTERNS[2:]:
        found += [match.group(0) for match in pattern.finditer(text)]
    return found


def date_round_trips(mention: DateMention, quote: str) -> bool:
    """Return True when the ISO date's day, month and (given) year are written in its span."""
    span = quote[mention.start : mention.end]
    if span != mention.text:
        return False
    parsed = date.fromisoformat(mention.iso)
    numbers = [int(number) for number in re.findall(r"\d+", span)]
    months = [_month(word) for word in re.findall(r"[^\W\d_]+\.?", span)]
    month_ok = parsed.month in numbers or parsed.month in months
    year_ok = not mention.year_given or parsed.year in numbers
    return parsed.day in numbers and month_ok and year_ok


def find_levels(text: str) -> list[str]:
    """Return language tests and levels: "IELTS 7.0", "B2", "DELF B2", "TOEFL iBT 100"."""
    levels = []
    for match in _LEVEL.finditer(text):
        if match.group("cefr"):
            if not any(match.group("cefr") in level for level in levels):
                levels.append(match.group("cefr"))
            continue
        test = re.sub(r"\s+", " ", match.group("test"))
        score = match.group("score")
        levels.append(f"{test} {score}" if score else test)
    return levels


def parse_date_range(text: str) -> tuple[str, str] | None:
    """Return ISO start and end dates of a range such as "April 1st to May 2, 2025"."""
    found = find_dates(text)
    return (found[0].iso, found[-1].iso) if len(found) >= 2 else None


def parse_academic_year(text: str) -> str | None:
    """Return "2026/2027" for "2026/27", "2026/2027" or "2026-27"."""
    match = _ACADEMIC_YEAR.search(text)
    if not match:
        return None
    start, end = match.groups()
    if len(end) == 2:
        end = start[:2] + end
    return f"{start}/{end}" if int(end) == int(start) + 1 else None


def parse_time(text: str) -> str | None:
    """Return "23:59 CET" from "23:59 CET time"."""
    match = re.search(r"(\d{1,2})[:h](\d{2})(?:\s*(CET|CEST|UTC|GMT|BST))?", text)
    if not match:
        return None
    hours, minutes, zone = match.groups()
    return f"{int(hours):02d}:{minutes}" + (f" {zone}" if zone else "")
