"""The values a quote states (amounts, dates, levels, academic year), and their round-trip check."""

import json
import re

from knowledge.errors import BuildError
from knowledge.units import Unit
from knowledge.values import (
    date_round_trips,
    find_dates,
    find_levels,
    find_money,
    money_round_trips,
    parse_academic_year,
    parse_time,
)

VALUE_FIELDS = frozenset(
    "amount currency period amounts dates date_start date_end time levels academic_year".split()
)
_CLOSING_CUE = re.compile(
    r"\b(close|closes|closing|deadline|by|before|until|no later than|au plus tard|avant|"
    r"jusqu|limite|clôture|due)\b[^.]*$",
    re.IGNORECASE,
)
_OPENING_CUE = re.compile(
    r"\b(open|opens|opening|from|start|starts|begin|begins|à partir|dès|ouverture|commence|"
    r"rentrée|ouvertes?)\b[^.]*$",
    re.IGNORECASE,
)


def _single_date_is_end(quote: str, mention_start: int, topics: list[str]) -> bool:
    before = quote[max(0, mention_start - 40) : mention_start].lower()
    if _OPENING_CUE.search(before):
        return False
    return bool(_CLOSING_CUE.search(before)) or "deadlines" in topics


def quote_values(quote: str, unit: Unit, topics: list[str]) -> dict:
    """Return the values a quote states: amounts, dates, time, levels and academic year."""
    values: dict = {}
    money = find_money(quote)
    if money:
        values["amount"], values["currency"] = money[0].amount, money[0].currency
        values["period"] = money[0].period
        values["amounts"] = json.dumps(
            [[item.amount, item.currency, item.period] for item in money]
        )
    dates = find_dates(quote)
    if dates:
        values["dates"] = ",".join(mention.iso for mention in dates)
        if len(dates) >= 2:
            values["date_start"], values["date_end"] = dates[0].iso, dates[-1].iso
        elif _single_date_is_end(quote, dates[0].start, topics):
            values["date_end"] = dates[0].iso
        else:
            values["date_start"] = dates[0].iso
        values["time"] = parse_time(quote)
    levels = find_levels(quote)
    if levels:
        values["levels"] = "; ".join(levels)
    section_year = unit.section.academic_year if unit.section.topic in topics else None
    values["academic_year"] = parse_academic_year(quote) or unit.context_year or section_year
    return values


def check_round_trip(quote: str, where: str) -> None:
    """Fail when a value parsed from a quote does not read back from the quote's own words."""
    for money in find_money(quote):
        if not money_round_trips(money, quote):
            raise BuildError(f"{where}: amount {money.amount} does not round-trip to {quote!r}")
    for mention in find_dates(quote):
        if not date_round_trips(mention, quote):
            raise BuildError(f"{where}: date {mention.iso} does not round-trip to {quote!r}")
