"""Find amounts of money in verbatim page text: "3 879 €", "€3,879", "CHF 1'200", "1.200,50 €".

Each amount keeps the span it was read from, so the build can check that it round-trips to
the words on the page (`money_round_trips`), and the period it is charged for.
"""

import re
from dataclasses import dataclass

CURRENCIES = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP",
    "us$": "USD", "$": "USD", "usd": "USD", "chf": "CHF", "fr.": "CHF", "cad": "CAD",
    "aud": "AUD", "nz$": "NZD", "nzd": "NZD", "au$": "AUD", "a$": "AUD", "ca$": "CAD",
    "c$": "CAD", "sek": "SEK", "dkk": "DKK", "nok": "NOK", "pln": "PLN", "czk": "CZK",
    "s$": "SGD", "sg$": "SGD", "sgd": "SGD", "hk$": "HKD", "hkd": "HKD", "r$": "BRL",
    "brl": "BRL", "zar": "ZAR", "r": "ZAR", "jpy": "JPY", "¥": "JPY", "inr": "INR", "₹": "INR",
    "mxn": "MXN", "cny": "CNY", "$ ca": "CAD", "$ cad": "CAD", "yen": "JPY", "dh": "MAD",
    "mad": "MAD", "dirham": "MAD", "dirhams": "MAD", "rs.": "INR", "rs": "INR",
}  # fmt: skip
# Signs that name no single currency ("kr" is Swedish, Norwegian or Danish) are not read: the
# quote is shown as the page writes it, and no amount is guessed.
# Spaces people put inside numbers: ordinary, no-break, narrow no-break, thin.
_SPACES = " \u00a0\u202f\u2009"
_GROUP = rf"[{_SPACES}.,'’]"
_NUMBER = rf"\d{{1,3}}(?:{_GROUP}\d{{3}})+(?:[.,]\d{{1,2}})?|\d+(?:[.,]\d{{1,2}})?"
# A dollar sign is US dollars only when nothing names another dollar: "S$", "HK$", "R$" and
# "1 250,50 $ CA" are not USD. "R" alone is the rand only before a grouped number ("R 68 500").
_CURRENCY = (
    r"\b(?:US|NZ|AU|A|CA|C|SG|S|HK|R)\$|\$[ \u00a0](?:CAD|CA)\b|(?<![A-Za-z])\$|€|£|¥|₹"
    r"|\b(?:EUR|GBP|USD|CHF|CAD|AUD|NZD|SEK|DKK|NOK|PLN|CZK|SGD|HKD|BRL|ZAR|JPY|INR|MXN|CNY)\b"
    r"|\beuros?\b|\bR(?=[ \u00a0]?\d{1,3}[ \u00a0,]\d{3})"
    # written after the number ("535,800 yen", "38 000 DH") or before it ("Rs. 62,500")
    r"|\b(?:yen|dirhams?)\b|(?-i:\b(?:DH|MAD)\b)|(?-i:\bRs\.?(?=[ \u00a0]?\d))"
)
# A number that goes on ("2,50,000", "3,879" cut before a digit) or is scaled by a word
# ("€2,5 million") is not read: better no amount than a wrong one.
_NOT_THE_END = r"(?![.,'’]?\d)(?![ \u00a0]?(?:million|millions|mio|mln|billion|bn|milliard)\b)"
_MONEY = re.compile(
    rf"(?P<before>{_CURRENCY})[{_SPACES}]?(?P<n1>{_NUMBER})(?P<k>[kK]\b)?{_NOT_THE_END}"
    rf"|(?<![\d.,])(?P<n2>{_NUMBER}){_NOT_THE_END}[{_SPACES}]?(?P<after>{_CURRENCY})",
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


@dataclass(frozen=True)
class Money:
    """An amount read from the page, with the span it came from."""

    amount: float
    currency: str
    period: str | None
    start: int
    end: int
    text: str


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
        sign = re.sub(
            rf"[{_SPACES}]+", " ", (match.group("before") or match.group("after")).lower()
        )
        number = match.group("n1") or match.group("n2")
        amount = _number(number)
        if amount is None:
            continue
        if sign == "$" and match.group("after"):
            sign = "$ ca"  # "10 950 $": the dollar written after the number is Canadian usage
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


def parse_money(text: str) -> tuple[float, str, str | None] | None:
    """Return amount, ISO currency and period of the first amount in a text."""
    found = find_money(text)
    return (found[0].amount, found[0].currency, found[0].period) if found else None
