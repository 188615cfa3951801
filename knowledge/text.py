"""Cut the part of a page span worth quoting."""

from knowledge.garble import longest_clean_part
from knowledge.sections import strip_marker


def verbatim_quote(span: str) -> str:
    """Return the part of a verbatim span worth quoting: trimmed, garbled runs left out."""
    quote = longest_clean_part(span)
    marker_free = strip_marker(quote)
    return marker_free if marker_free and marker_free in quote else quote
