"""Make transcript data safe to show an analyst: terminal escapes, CSV formulas, FTS queries.

Everything in a transcript was typed by a stranger. Printed raw, an ESC sequence retitles or
clears the analyst's terminal and a bidi override makes a line read other than it is (Trojan
Source); opened in a spreadsheet, a cell starting with `=` runs a formula.
"""

from __future__ import annotations

import re

# Control characters (C0, DEL, C1), format characters (bidi overrides, zero-width joiners…),
# line and paragraph separators, surrogates and private-use characters.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co"})
# The ranges of those categories in Unicode 15 (what Python 3.11's unicodedata knows), written
# out so that importing this module does not scan all of Unicode.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\uf8ff\ufeff"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000f0000-\U0010ffff]"
)
# OWASP "CSV injection": a cell starting with one of these is a formula in Excel, LibreOffice
# or Google Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def terminal_safe(text: object, *, keep_newlines: bool = False) -> str:
    """Return str(text) with every control or invisible character written as an escape."""
    if text is None:
        return ""
    text = str(text)
    if keep_newlines:
        return "\n".join(_UNSAFE.sub(_escape, line) for line in text.split("\n"))
    return _UNSAFE.sub(_escape, text)


def json_safe(json_text: str) -> str:
    """Escape the characters json.dumps(ensure_ascii=False) leaves raw, keeping the JSON valid.

    Outside strings JSON is ASCII punctuation, so every unsafe character found is inside a
    string, where `\\uXXXX` is the same character to a JSON reader and inert to a terminal.
    Astral characters (surrogate pairs) are never unsafe here: private-use planes aside, which
    are written as their two escaped surrogates.
    """

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        if match.group() == "\n":  # json.dumps escapes newlines in strings: this one is layout
            return "\n"
        if code < 0x10000:
            return _json_escape(match)
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"

    return _UNSAFE.sub(escape, json_text)


def csv_cell(value: object, *, keep_newlines: bool = False) -> object:
    """Return a CSV cell that no spreadsheet reads as a formula (OWASP: prefix a quote)."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_STARTS) or value.lstrip(" ").startswith(_FORMULA_STARTS):
        value = "'" + value
    return terminal_safe(value, keep_newlines=keep_newlines)


def fts_query(text: str) -> str:
    """Return an FTS5 query matching every word of `text`, with no operator syntax left.

    Each word is a quoted string (quotes doubled), so `"`, `NEAR(`, `*` or `OR` typed by an
    analyst are searched for, not parsed.
    """
    words = re.findall(r"\w+", text)
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)
