"""Turn verbatim page text into short statements a bot can say."""

import re

from knowledge.garble import UNREADABLE, longest_clean_part, replace_garbled
from knowledge.sections import strip_marker


def clean_statement(text: str, *, end: str = ".") -> str:
    """Return readable text: no list markers, garbled runs marked, one terminal full stop."""
    text = replace_garbled(strip_marker(text.strip()), UNREADABLE)
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1].strip()
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,;.])", r"\1", text)
    text = re.sub(r"\s+/\s*(year|month|semester|term)\b", r" per \1", text)
    text = re.sub(r"\b([A-Z]{3,})(?= \d)", lambda match: match.group(1).title(), text)
    text = text.rstrip(" -–:;,")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    if end and not text.endswith((".", "!", "?", "…")):
        text += end
    return text


def list_item(text: str) -> str:
    """Return a list item ready to be joined with "; "."""
    return clean_statement(text, end="").rstrip(".")


def verbatim_quote(span: str) -> str:
    """Return the part of a verbatim span worth quoting: trimmed, garbled runs left out."""
    quote = longest_clean_part(span)
    marker_free = strip_marker(quote)
    return marker_free if marker_free and marker_free in quote else quote
