"""Find structured values in verbatim page text: amounts, dates, levels, academic years.

Each finder returns the span it read, so the build can check that the value round-trips to
the words on the page (`money_round_trips`, `date_round_trips`).
"""

import re
from dataclasses import dataclass
from datetime import date

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
CURRENCIES = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP",
    "us$": "USD", "$": "USD", "usd": "USD", "chf": "CHF", "fr.": "CHF", "cad": "CAD",
    "aud": "AUD", "nz$": "NZD", "nzd": "NZD", "au$": "AUD", "a$": "AUD", "ca$": "CAD",
    "c$": "CAD", "sek": "SEK", "dkk": "DKK", "nok": "NOK", "pln": "PLN", "czk": "CZK",
}  # fmt: skip
# Spaces people put inside numbers: ordinary, no-break, narrow no-break, thin.
_SPACES = " \u00a0\u202f\u2009"
_GROUP = rf"[{_SPACES}.,'’]"
_NUMBER = rf"\d{{1,3}}(?:{_GROUP}\d{{3}})+(?:[.,]\d{{1,2}})?|\d+(?:[.,]\d{{1,2}})?"
_CURRENCY = (
    r"\b(?:US|NZ|AU|A|CA|C)\$|€|£|\$"
    r"|\b(?:EUR|GBP|USD|CHF|CAD|AUD|NZD|SEK|DKK|NOK|PLN|CZK)\b|\beuros?\b"
)
_MONEY = re.compile(
    rf"(?P<before>{_CURRENCY})[{_SPACES}]?(?P<n1>{_NUMBER})(?P<k>[kK]\b)?(?!\d)"
    rf"|(?<![\d.,])(?P<n2>{_NUMBER})[{_SPACES}]?(?P<after>{_CURRENCY})",
    re.IGNORECASE,
)
# What an amount is charged for, read from the words right after it.
_PERIODS = (
    ("year", r"(?:/|per|a|par|each|every)[\s\u00a0]*(?:academic[\s\u00a0]+)?(?:year|yr|annum|an|année|annee)\b|annual|annually|yearly|par an\b|p\.\s?a\.|annuel"),  # noqa: E501
    ("semester", r"(?:/|per|a|par|each)[\s\u00a0]*(?:semester|semestre)\b"),
    ("term", r"(?:/|per|a|par|each)[\s\u00a0]*(?:term|trimestre)\b"),
    ("month", r"(?:/|per|a|par|each)[\s\u00a0]*(?:month|mois)\b|monthly"),
    ("credit", r"(?:/|per|par)[\s\u00a0]*(?:credit|crédit|ects)\b"),
    ("module", r"(?:/|per|par)[\s\u00a0]*(?:module|unit)\b"),
    ("programme", r"(?:for|pour)[\s\u00a0]+(?:the|l['’]ensemble[\s\u00a0]+de[\s\u00a0]+la|la|le)?[\s\u00a0]*(?:full|whole|entire|complete|totalité[\s\u00a0]+de[\s\u00a0]+la)?[\s\u00a0]*(?:programme|program|course|degree|formation|cursus)\b|in total|au total|total\b"),  # noqa: E501
)  # fmt: skip
_PERIOD_PATTERNS = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _PERIODS)

_MONTH_WORD = r"(?:" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(?:1er|\d{1,2}(?:st|nd|rd|th|er)?)"
_YEAR = r"(?:19|20)\d\d"
_DATE_PATTERNS = (
    # 2026-03-31
    re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>\d{{2}})-(?P<d>\d{{2}})\b"),
    # 31/03/2026, 31.03.2026
    re.compile(rf"\b(?P<d>\d{{1,2}})[/.](?P<m>\d{{1,2}})[/.](?P<y>{_YEAR})\b"),
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
class Money:
    """An amount read from the page, with the span it came from."""

    amount: float
    currency: str
    period: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DateMention:
    """A calendar date read from the page; `year_given` is False when the year was inferred."""

    iso: str
    start: int
    end: int
    text: str
    year_given: bool


def _number(text: str) -> float | None:
    """Return the value of "3 879", "3,879", "1.200,50", "1'200" or "13,900.00"."""
    digits = re.sub(rf"[{_SPACES}'’]", "", text)
    decimal = re.search(r"[.,](\d{1,2})$", digits)
    if decimal and not re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
        whole = re.sub(r"[.,]", "", digits[: decimal.start()])
        return float(f"{whole}.{decimal.group(1)}") if whole.isdigit() else None
    whole = re.sub(r"[.,]", "", digits)
    return float(whole) if whole.isdigit() else None


_PERIOD_BEFORE = (
    (
        "year",
        re.compile(
            r"\b(annual|yearly|per year|a year|par an|annuels?|annuelles?|per annum)\b[^.;€£$\d]*$",
            re.I,
        ),
    ),  # noqa: E501
    ("semester", re.compile(r"\b(per semester|semestriels?|par semestre)\b[^.;€£$\d]*$", re.I)),
    ("month", re.compile(r"\b(monthly|per month|mensuels?|par mois)\b[^.;€£$\d]*$", re.I)),
    (
        "programme",
        re.compile(
            r"\b(total|in total|au total|whole programme|full programme)\b[^.;€£$\d]*$", re.I
        ),
    ),  # noqa: E501
)


def _period_before(before: str) -> str | None:
    """Return the period named just before an amount ("Annual tuition fee: €4,500")."""
    window = re.split(r"[.;\n|]", before[-60:])[-1]
    for name, pattern in _PERIOD_BEFORE:
        if pattern.search(window):
            return name
    return None


def _period(after: str) -> str | None:
    window = after[:40].split("|")[0]  # a table's next cell is another column
    best: tuple[int, str] | None = None
    for name, pattern in _PERIOD_PATTERNS:
        match = pattern.search(window)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), name)
    # a period word far from the amount, after another amount, belongs to that amount
    if best and (best[0] > 25 or _MONEY.search(window[: best[0]])):
        return None
    return best[1] if best else None


def find_money(text: str) -> list[Money]:
    """Return every amount of money in a text, in order."""
    found = []
    for match in _MONEY.finditer(text):
        sign = (match.group("before") or match.group("after")).lower()
        number = match.group("n1") or match.group("n2")
        amount = _number(number)
        if amount is None:
            continue
        if match.group("k"):  # "€15k"
            amount *= 1000
        found.append(
            Money(
                amount=amount,
                currency=CURRENCIES[sign],
                period=_period(text[match.end() :]) or _period_before(text[: match.start()]),
                start=match.start(),
                end=match.end(),
                text=match.group(0),
            )
        )
    return found


def money_round_trips(money: Money, quote: str) -> bool:
    """Return True when the amount's digits are the digits written in its span of the quote."""
    if quote[money.start : money.end] != money.text:
        return False
    written = re.sub(r"\D", "", money.text)
    amount = money.amount / 1000 if money.text.lower().endswith("k") else money.amount
    whole, cents = f"{amount:.2f}".split(".")
    return written in {whole, whole + cents, whole + cents[:1]}


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


def parse_money(text: str) -> tuple[float, str, str | None] | None:
    """Return amount, ISO currency and period of the first amount in a text."""
    found = find_money(text)
    return (found[0].amount, found[0].currency, found[0].period) if found else None


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
