"""Mask personal data (emails, phone numbers, IBANs, long numbers, personal URLs) in text."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A URL with a query string or fragment may carry a name, token or address: hide it whole.
URL_WITH_QUERY = re.compile(r"\b(?:https?://|www\.)[^\s?#]+[?#]\S*", re.IGNORECASE)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
# 9 to 15 digits, optionally led by + or 00 and split by spaces, dots, dashes or brackets;
# dates (8 digits at most) and years stay readable.
PHONE = re.compile(r"(?<![\w+(])(?:\+|\(|\b)\d(?:[ .\-()]{0,2}\d){8,14}\b")
LONG_NUMBER = re.compile(r"\b\d{9,}\b")

PLACEHOLDERS = (
    (URL_WITH_QUERY, "[url]"),
    (EMAIL, "[email]"),
    (IBAN, "[iban]"),
    (PHONE, "[phone]"),
    (LONG_NUMBER, "[number]"),
)


def mask_text(text: str | None) -> str | None:
    """Replace personal data in text with placeholders such as [email] and [phone]."""
    if not text:
        return text
    for pattern, placeholder in PLACEHOLDERS:
        text = pattern.sub(placeholder, text)
    return text
