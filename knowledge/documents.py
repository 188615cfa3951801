"""Read a programme page of any supported format into the plain text its facts quote.

HTML keeps its main content only (trafilatura drops navigation, footers and cookie banners),
PDF keeps its reading order (pypdf) with hard-wrapped lines joined back into paragraphs, and
Markdown and text are read as they are. Headings come out as Markdown "#" lines and table rows
as cells joined by " | " (a two-column row as "label: value"), so the builder sees structure
whatever the format. The result is what quotes are checked against, and it is kept for audit.
"""

import io
import logging
import re
from pathlib import Path

from knowledge.errors import BuildError
from knowledge.html_prep import prepare_html

logger = logging.getLogger(__name__)

PAGE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
EXTRACTED_SUFFIX = ".extracted.txt"
_TABLE_RULE = re.compile(r"^\s*[|+]?\s*:?-{3,}.*$")  # "|---|---|", "+-----+-----+"
_SETEXT_RULE = re.compile(r"^\s*(?:={3,}|-{3,})\s*$")
_ASCII_TABLE_ROW = re.compile(r"^\s*\|[^|\n]+\|[^|\n]+\|\s*$", re.MULTILINE)
_LIST_OR_HEADING = re.compile(r"^\s*(?:#|[-•·*]\s|\d+[.)]\s)")
# "Durée : un an", "Start date: 1 May": a label line starts a new item, it never continues one
_LABEL_LINE = re.compile(r"^\s*[A-ZÀ-Ý][\w'’ -]{0,30}?\s?:\s+\S")
_MONEY_SIGN = re.compile(r"[€£$]|\b(EUR|GBP|USD|CHF|CAD|AUD|NZD)\b")
_WORD = re.compile(r"[^\W\d_]{2,}")


def is_page(path: Path) -> bool:
    """Return True for a file the builder reads as a programme page."""
    return path.suffix.lower() in PAGE_SUFFIXES and not path.name.endswith(EXTRACTED_SUFFIX)


def extracted_path(path: Path) -> Path:
    """Return where a page's extracted text is kept for audit, beside the page."""
    return path.with_name(path.name + EXTRACTED_SUFFIX)


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw:
        raise BuildError(f"{path}: binary file, expected a UTF-8 text page")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        hint = ""
        try:
            raw.decode("cp1252")
            hint = "; it looks like cp1252/latin-1: save it as UTF-8"
        except UnicodeDecodeError:
            pass
        raise BuildError(f"{path}: not valid UTF-8 text (byte {error.start}){hint}") from error


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _table_row(line: str, header: list[str]) -> str:
    cells = _cells(line)
    if len(cells) >= 3 and len(header) == len(cells):
        # "Home | Per year: £9,535 | Total: £19,070": each amount keeps the column it is in
        pairs = zip(header, cells, strict=True)
        named = [f"{name}: {cell}" if name and cell else cell for name, cell in pairs]
        return " | ".join([cells[0], *named[1:]])
    # "Diploma from within the EEA | Application deadline: 1 June 2026": a date keeps the name
    # of its column, all that says what it is (an amount reads as a price on its own)
    if len(cells) == len(header) == 2 and all(header + cells) and not _MONEY_SIGN.search(cells[1]):
        return f"{cells[0]} | {header[1]}: {cells[1]}"
    cells = [cell for cell in cells if cell]
    if len(cells) == 2 and len(cells[0].split()) <= 6 and not cells[0].endswith(":"):
        return f"{cells[0]}: {cells[1]}"
    return " | ".join(cells)


_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])|(?<![\w_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\w_])"
)


def _tidy_markdown(text: str) -> str:
    lines: list[str] = []
    in_table = False
    header: list[str] = []
    source = text.splitlines()
    for index, line in enumerate(source):
        following = next((item for item in source[index + 1 :] if item.strip()), "")
        if _SETEXT_RULE.match(following) and _is_setext_title(line, source, index):
            line = "## " + line.strip()  # "Fees\n----": a heading underlined, as # would mark it
        if _TABLE_RULE.match(line) or _SETEXT_RULE.match(line):
            continue
        is_row = line.count("|") >= 2 and not line.lstrip().startswith("#")
        if is_row:
            first_row, in_table = not in_table, True
            if first_row:
                header = []
                # a header row ("Student | Fee") names columns, it states nothing; it stands
                # over a rule, where a table's first row of facts ("| Degree | MSc |") does not
                if not re.search(r"\d", line) and _TABLE_RULE.match(following):
                    header = _cells(line)
                    continue
            line = _table_row(line, header)
        elif line.strip():
            in_table = False
        line = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), line)
        # "*Program contact: … · name@example.edu*": emphasis, not text (a list's "* " stays)
        line = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), line)
        # "Request information## Program Overview": a heading run into the text before it
        lines += re.sub(r"(?<=[^\s#])(#{2,6} )(?=[A-ZÀ-Ý])", "\n\n\\1", line.rstrip()).split("\n")
    return "\n".join(lines)


def _is_setext_title(line: str, source: list[str], index: int) -> bool:
    """Return True for a short line of text right above its underline (not a table's row)."""
    following = source[index + 1] if index + 1 < len(source) else ""
    return (
        bool(line.strip())
        and _SETEXT_RULE.match(following) is not None
        and "|" not in line
        and not line.lstrip().startswith(("#", "-", "*", "+"))
        and len(line.split()) <= 10
    )


def _drop_repeated_blocks(text: str) -> str:
    """Drop paragraphs the extractor emitted twice (it can repeat a page's main content)."""
    seen: set[str] = set()
    kept = []
    for block in re.split(r"\n\s*\n", text):
        key = re.sub(r"\s+", " ", block).strip()
        if key and key in seen and len(key) > 20:
            continue
        seen.add(key)
        kept.append(block)
    return "\n\n".join(kept)


def _html_text(path: Path, raw: bytes) -> str:
    import trafilatura  # imported here: only HTML pages need it, and it is slow to import

    html = prepare_html(_decode(path, raw))
    text = trafilatura.extract(
        html,
        output_format="txt",
        include_tables=True,
        include_formatting=True,
        include_links=False,
        include_comments=False,
        favor_recall=True,
    )
    return _tidy_markdown(_drop_repeated_blocks(text or ""))


def _is_heading_like(line: str, widest: int) -> bool:
    """A short capitalised line without end punctuation ("En bref", "Tarifs") is a heading."""
    line = line.strip()
    return (
        line[:1].isupper() and len(line) < 0.4 * widest and not line.endswith((".", ",", ";", ")"))
    )


def _reads_as_prose(line: str) -> bool:
    """Mostly lower-case words: a sentence, not a name line ("Institute of Technology")."""
    words = line.split()
    return len(words) >= 4 and sum(word[:1].islower() for word in words) * 2 > len(words)


def _reflow(text: str) -> str:
    """Join lines a PDF wrapped mid-sentence; keep headings, list items and paragraph breaks."""
    # justified PDF text comes out with runs of spaces; one space reads (and parses) the same
    lines = [re.sub(r"(?<=\S)[ \t]{2,}(?=\S)", " ", line.rstrip()) for line in text.splitlines()]
    widths = sorted(len(line) for line in lines if line.strip())
    # the usual full line (a column's width), not the widest: a title band spans both columns
    widest = widths[int(0.9 * (len(widths) - 1))] if widths else 0
    out: list[str] = []
    raw_previous = ""
    for line in lines:
        previous = out[-1] if out else ""
        continues = (
            previous
            and line.strip()
            and not _LIST_OR_HEADING.match(line)
            and not _LABEL_LINE.match(line)
            and not _is_heading_like(line, widest)
            and not raw_previous.endswith((".", ":", ";", "!", "?"))
            # a list item goes on in lower case; a capital starts the paragraph after the list
            and not (_LIST_OR_HEADING.match(previous) and line.strip()[:1].isupper())
            # a wrapped line fills the width, or the next one goes on mid-sentence in lower
            # case, or a line most of the width wide ends mid-sentence before a proper noun
            and (
                len(raw_previous) > 0.85 * widest
                or (line.strip()[:1].islower() and len(raw_previous) > 0.5 * widest)
                or line.strip()[:1] == "("
                or (
                    len(raw_previous) > 0.7 * widest
                    and not _is_heading_like(raw_previous, widest)
                    and raw_previous.rstrip()[-1:].isalpha()
                    and _reads_as_prose(raw_previous)
                )
            )
        )
        # a right-aligned footer ("Page 1 of 2") ends its page: nothing goes on from it
        continues = continues and len(raw_previous) - len(raw_previous.lstrip()) < 10
        raw_previous = line
        if continues:
            out[-1] = f"{previous} {line.strip()}"
        else:
            out.append(line)
    return "\n".join(out)


def _hard_wrapped(text: str) -> bool:
    """Return True for text whose sentences run on over short lines (pdftotext's output),
    not text with one line per paragraph."""
    lines = text.splitlines()
    widths = sorted(len(line) for line in lines if line.strip())
    if len(widths) < 10 or widths[int(0.9 * (len(widths) - 1))] > 100:
        return False
    run_on = sum(
        1
        for line, following in zip(lines, lines[1:], strict=False)
        if line.strip() and following.strip()[:1].islower()
    )
    return run_on >= 5


def _pdf_text(path: Path, raw: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as error:
        raise BuildError(f"{path}: cannot read the PDF ({error})") from error
    text = "\n\n".join(_reflow(page) for page in pages)
    if len(_WORD.findall(text)) < 5:
        raise BuildError(
            f"{path}: the PDF has no text layer (a scanned document?); OCR is not supported,"
            " give a PDF with selectable text or a text/HTML version of the page"
        )
    return text


def extract_page(path: Path) -> str:
    """Return the text of a page file, refusing unreadable, binary, non-UTF-8 or empty pages."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BuildError(f"{path}: cannot read the page ({error.strerror})") from error
    suffix = path.suffix.lower()
    if suffix not in PAGE_SUFFIXES:
        raise BuildError(f"{path}: unsupported page format (use {', '.join(PAGE_SUFFIXES)})")
    if suffix == ".pdf":
        text = _pdf_text(path, raw)
    elif suffix in (".html", ".htm"):
        text = _html_text(path, raw)
    elif suffix == ".md":
        text = _tidy_markdown(_decode(path, raw))
    else:
        text = _decode(path, raw)
        if _ASCII_TABLE_ROW.search(text):
            text = _tidy_markdown(text)  # a text table ("| Label | value |") reads as Markdown's
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if suffix == ".txt" and _hard_wrapped(text):
        text = _reflow(text)  # a leaflet saved as text wraps its sentences as the PDF did
    if not text.strip() or (suffix != ".txt" and len(_WORD.findall(text)) < 5):
        what = "the page is empty" if suffix in (".txt", ".md") else "nothing could be extracted"
        raise BuildError(f"{path}: {what}")
    return text


def write_extracted(path: Path, text: str) -> Path | None:
    """Keep the extracted text of an HTML, PDF or Markdown page beside it; touch only on change."""
    if Path(path).suffix.lower() == ".txt":
        return None
    target = extracted_path(Path(path))
    try:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    except OSError as error:
        logger.warning("%s: cannot keep the extracted text (%s)", target, error.strerror)
        return None
    return target
