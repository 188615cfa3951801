"""Dates, amounts and numbers-with-unit in a text, to check a reply invents none of them.

Values are compared after parsing, not as strings, so "15/06/2026", "15 June 2026" and
"June 15th" are one date, and "€250" and "250 €" one amount.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "un": 1, "une": 1, "deux": 2,
    "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "douze": 12,
}  # fmt: skip
UNITS = {
    "credit": r"ects|credits?|cr[eé]dits?",
    "month": r"months?|mois",
    "year": r"years?|ans?|ann[eé]es?",
    "week": r"weeks?|semaines?",
    "hour": r"hours?|heures?",
    "day": r"days?|jours?",
    "semester": r"semesters?|semestres?",
    "place": r"places?",
    "student": r"students?|[eé]tudiante?s?",
    "letter": r"letters?|lettres?",
    "track": r"tracks?|parcours",
    "percent": r"%|percent|pour ?cent",
}  # fmt: skip
CURRENCIES = {"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP",
              "gbp": "GBP", "$": "USD", "usd": "USD", "chf": "CHF"}  # fmt: skip

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM = r"\d+(?:[.,]\d+)?|" + "|".join(NUMBER_WORDS)
_MONEY = r"\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_CUR = r"€|£|\$|eur|euros?|gbp|usd|chf"
_DATE_PATTERNS = (
    re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\b"),
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    re.compile(rf"\b(?P<mn>{_MONTH})\.? (?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (?P<y>\d{{4}}))?"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th|er)? (?P<mn>{_MONTH})\b\.?(?: (?P<y>\d{{4}}))?"),
)
_YEAR = re.compile(r"\b((?:19|20)\d{2})(?:/(\d{2}))?\b")
_AMOUNTS = (
    re.compile(rf"(?P<cur>{_CUR}) ?(?P<v>{_MONEY})(?![\d/])"),
    re.compile(rf"(?<![\d/])(?P<v>{_MONEY}) ?(?P<cur>{_CUR})(?!\w)"),
)
_QUANTITY = re.compile(
    rf"(?<![\w/.,])(?P<a>{_NUM})(?:\s*-?\s*(?:to|à|-)\s*(?P<b>{_NUM}))?\s*-?\s*"
    rf"(?P<unit>{'|'.join(f'(?P<{k}>{v})' for k, v in UNITS.items())})(?!\w)"
)


def _flat(text: str) -> str:
    """Lower-case, accents off, dashes and odd spaces plain."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def _number(token: str) -> float:
    return float(NUMBER_WORDS.get(token, token.replace(",", ".")))


def _money(token: str) -> float:
    groups = re.split(r"[ ,.]", token)
    if len(groups) > 1 and len(groups[-1]) in (1, 2):  # decimals
        return float("".join(groups[:-1]) + "." + groups[-1])
    return float("".join(groups))


def find_dates(text: str) -> list[tuple[str, int, int, int | None]]:
    """Return (matched text, month, day, year or None) for every date in the text."""
    flat = _flat(text)
    found = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(flat):
            parts = m.groupdict()
            month = MONTHS[parts["mn"]] if parts.get("mn") else int(parts["m"])
            day = int(parts["d"])
            if 1 <= month <= 12 and 1 <= day <= 31:
                year = int(parts["y"]) if parts.get("y") else None
                found.append((m.group(0), month, day, year))
    return found


def find_years(text: str) -> list[tuple[str, int]]:
    """Return every year ("2025", and both years of "2026/27")."""
    found = []
    for m in _YEAR.finditer(_flat(text)):
        found.append((m.group(0), int(m.group(1))))
        if m.group(2):
            found.append((m.group(0), int(m.group(1)[:2] + m.group(2))))
    return found


def find_amounts(text: str) -> list[tuple[str, float, str]]:
    """Return (matched text, value, currency code) for every amount of money."""
    flat = _flat(text)
    found = []
    for pattern in _AMOUNTS:
        for m in pattern.finditer(flat):
            found.append((m.group(0), _money(m.group("v")), CURRENCIES[m.group("cur")]))
    return found


def find_quantities(text: str) -> list[tuple[str, float, str]]:
    """Return (matched text, value, unit) for every number with a unit ("five- to six-month"
    gives both 5 and 6 months)."""
    found = []
    for m in _QUANTITY.finditer(_flat(text)):
        unit = next(k for k in UNITS if m.group(k))
        for token in (m.group("a"), m.group("b")):
            if token:
                found.append((m.group(0), _number(token), unit))
    return found


@dataclass(frozen=True)
class NumberFacts:
    """Every date, year, amount and quantity the shipped pages state."""

    days: frozenset[tuple[int, int]]
    full_dates: frozenset[date]
    years: frozenset[int]
    amounts: frozenset[tuple[float, str]]
    quantities: frozenset[tuple[float, str]]

    @classmethod
    def from_pages(cls, pages: list[str]) -> NumberFacts:
        """Collect the values of every page."""
        text = "\n".join(pages)
        dates = find_dates(text)
        years = {y for _, y in find_years(text)}
        full = set()
        for _, month, day, year in dates:
            for candidate in [year] if year else sorted(years):
                try:
                    full.add(date(candidate, month, day))
                except ValueError:
                    continue
        return cls(
            days=frozenset((m, d) for _, m, d, _ in dates),
            full_dates=frozenset(full),
            years=frozenset(years),
            amounts=frozenset((v, c) for _, v, c in find_amounts(text)),
            quantities=frozenset((v, u) for _, v, u in find_quantities(text)),
        )

    def day_count_ok(self, count: float, today: date) -> bool:
        """Say whether a number of days is the distance from today to a page's date."""
        return any(abs(abs((d - today).days) - count) <= 1 for d in self.full_dates)


def invented_values(text: str, facts: NumberFacts, *, today: str) -> list[str]:
    """Return every date, year, amount or number-with-unit of text that no page states.

    Today's date and year count as known; a number of days counts when it is the distance
    from today to a date the page gives (the "N day(s) left" frames).
    """
    pinned = date.fromisoformat(today)
    invented = []
    for shown, month, day, year in find_dates(text):
        if (month, day) == (pinned.month, pinned.day) and year in (None, pinned.year):
            continue
        if (month, day) not in facts.days or (year and year not in facts.years):
            invented.append(shown)
    invented += [s for s, y in find_years(text) if y not in facts.years and y != pinned.year]
    invented += [s for s, v, c in find_amounts(text) if (v, c) not in facts.amounts]
    for shown, value, unit in find_quantities(text):
        if (value, unit) in facts.quantities:
            continue
        if unit == "day" and facts.day_count_ok(value, pinned):
            continue
        invented.append(shown)
    return list(dict.fromkeys(invented))  # one entry per shown text
