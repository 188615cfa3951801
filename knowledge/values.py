"""Turn matched spans ("January 14 to March 13, 2025", "€250 /year") into structured values."""

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
CURRENCIES = {"€": "EUR", "$": "USD", "£": "GBP", "EUR": "EUR", "USD": "USD", "GBP": "GBP"}
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_MONTH_NAME = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_WORDY = re.compile(
    rf"\b({_MONTH_NAME})\.? (\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH_NAME})\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_ACADEMIC_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)/(\d\d|(?:19|20)\d\d)(?![\d/])")


def _wordy_dates(text: str) -> list[tuple[int, int]]:
    found = []
    for match in _WORDY.finditer(text):
        month_name, day = match.group(1), match.group(3)
        if month_name is None:
            month_name, day = match.group(5), match.group(4)
        month = MONTHS.get(month_name.lower())
        if month:
            found.append((month, int(day)))
    return found


def parse_date_range(text: str) -> tuple[str, str] | None:
    """Return ISO start and end dates of a range such as "April 1st to May 2, 2025"."""
    numeric = _NUMERIC.findall(text)
    if len(numeric) >= 2:
        (d1, m1, y1), (d2, m2, y2) = numeric[:2]
        return _iso(int(y1), int(m1), int(d1)), _iso(int(y2), int(m2), int(d2))
    wordy = _wordy_dates(text)
    years = [int(year) for year in _YEAR.findall(text)]
    if len(wordy) >= 2 and years:
        (m1, d1), (m2, d2) = wordy[:2]
        end_year = years[-1]
        start_year = years[0] if len(years) > 1 else (end_year if m1 <= m2 else end_year - 1)
        return _iso(start_year, m1, d1), _iso(end_year, m2, d2)
    return None


def parse_date(text: str) -> str | None:
    """Return the ISO date (or bare year) of a single date expression."""
    numeric = _NUMERIC.search(text)
    if numeric:
        day, month, year = map(int, numeric.groups())
        return _iso(year, month, day)
    wordy = _wordy_dates(text)
    years = _YEAR.findall(text)
    if wordy and years:
        return _iso(int(years[0]), wordy[0][0], wordy[0][1])
    return years[0] if years else None


def _iso(year: int, month: int, day: int) -> str:
    return date(year, month, day).isoformat()


def parse_money(text: str) -> tuple[float, str, str | None] | None:
    """Return amount, ISO currency and period ("year") of "€250 /year" and the like."""
    currency = next((code for sign, code in CURRENCIES.items() if sign in text), None)
    amount = re.search(r"\d[\d,. ]*", text)
    if not currency or not amount:
        return None
    digits = re.sub(r"[ ,]", "", amount.group().strip())
    if re.fullmatch(r"\d+\.\d{3}", digits):  # "3.000" is three thousand in European style
        digits = digits.replace(".", "")
    period = re.search(r"(?:/|per |a )\s*(year|yr|month|semester|term|annum)", text, re.I)
    period_name = period.group(1).lower() if period else None
    period_name = {"yr": "year", "annum": "year"}.get(period_name or "", period_name)
    return float(digits), currency, period_name


def format_money(amount: float, currency: str) -> str:
    """Return "€250" for (250.0, "EUR")."""
    number = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


def format_date(iso: str) -> str:
    """Return "14 January 2025" for "2025-01-14"."""
    day = date.fromisoformat(iso)
    return f"{day.day} {day.strftime('%B')} {day.year}"


def parse_academic_year(text: str) -> str | None:
    """Return "2026/2027" for "2026/27" or "2026/2027"."""
    match = _ACADEMIC_YEAR.search(text)
    if not match:
        return None
    start, end = match.groups()
    if len(end) == 2:
        end = start[:2] + end
    return f"{start}/{end}" if int(end) == int(start) + 1 else None


def parse_time(text: str) -> str | None:
    """Return "23:59 CET" from "23:59 CET time"."""
    match = re.search(r"(\d{1,2})[:h](\d{2})(?:\s*(CET|CEST|UTC|GMT))?", text)
    if not match:
        return None
    hours, minutes, zone = match.groups()
    return f"{int(hours):02d}:{minutes}" + (f" {zone}" if zone else "")
