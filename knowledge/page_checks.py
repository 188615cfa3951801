"""Checks of a whole page before it is published: money written on it that the builder misread."""

import re

from knowledge.values import find_money

# A currency sign or code touching digits: money a student could ask about.
_WRITTEN_MONEY = re.compile(r"(?:[€£$]|\b(?:EUR|GBP|USD|CHF)\b)\s?\d|\d\s?(?:[€£]|\b(?:EUR|CHF)\b)")


def page_errors(page: str, rows: list[dict]) -> list[str]:
    """Return what could mislead students: an amount written on the page that is not read."""
    errors = []
    for number, line in enumerate(page.split("\n"), start=1):
        found = find_money(line)
        spans = [(money.start, money.end) for money in found]
        for money in found:  # "3 8790 €": digits left out of the amount read
            if re.search(r"\d[ \u00a0\u202f\u2009.,'’]$", line[: money.start]):
                errors.append(
                    f"line {number}: amount {line[max(0, money.start - 6) : money.end].strip()!r}"
                    f" is read as {money.amount:g} {money.currency}, leaving digits out"
                )
        for match in _WRITTEN_MONEY.finditer(line):
            if not any(start <= match.start() < end for start, end in spans):
                errors.append(
                    f"line {number}: amount {line[match.start() : match.end() + 8].strip()!r}"
                    " is written but could not be read"
                )
    return errors
