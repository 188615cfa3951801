"""Cut a page's sections into fact-sized units: sentences, lists with their intro, label lines."""

import re
from dataclasses import dataclass, replace

from spacy.language import Language

from knowledge.config import TopicConfig
from knowledge.sections import (
    LABEL_VALUE,
    LIST_MARKER,
    TERMINAL,
    Line,
    Section,
    is_list_item,
    label_topic,
    match_heading,
    strip_marker,
)
from knowledge.values import parse_academic_year

_DOT_SEPARATOR = re.compile(r"\s+[·•]\s+")


@dataclass(frozen=True)
class Unit:
    """A fact-sized stretch of a page: a sentence, a list with its intro, or a label/value pair."""

    kind: str  # "sentence" | "list" | "label" (a heading and its value, or a "label: value" line)
    start: int
    end: int
    section: Section
    intro: str | None = None
    items: tuple[tuple[int, int], ...] = ()
    context_year: str | None = None
    first_paragraph: bool = False
    topic: str | None = None  # the topic a "label: value" line's label names


def _word_count(text: str) -> int:
    return len(text.split())


def _matches_other_topic(text: str, section: Section, config: TopicConfig) -> bool:
    return any(
        pattern.search(text)
        for rule in config.topics.values()
        if rule.name != section.topic
        for pattern in rule.keywords
    )


def _sentence_units(
    nlp: Language, line: Line, section: Section, *, context_year: str | None, first: bool
) -> list[Unit]:
    # skip the indent and every list marker ("  - ", "→ - "); a marker match takes the indent
    # before it too, so the offset moves to the match's end (adding its length counted the
    # indent twice and cut the first letters of an indented item)
    marker = 0
    marker_match = LIST_MARKER.match(line.text)
    while marker_match:
        marker += marker_match.end()
        marker_match = LIST_MARKER.match(line.text[marker:])
    marker += len(line.text[marker:]) - len(line.text[marker:].lstrip())
    doc = nlp.make_doc(line.text[marker:])
    for name, process in nlp.pipeline:
        if name == "sentencizer":
            doc = process(doc)
    units = []
    for sentence in doc.sents:
        text = sentence.text.strip()
        if not text:
            continue
        start = line.start + marker + sentence.start_char
        units.append(
            Unit(
                kind="sentence",
                start=start,
                end=start + len(sentence.text.rstrip()),
                section=section,
                context_year=context_year,
                first_paragraph=first,
            )
        )
    return units


def section_units(
    nlp: Language, section: Section, config: TopicConfig, *, first_section: bool
) -> list[Unit]:
    """Return the units of a section in page order."""
    lines = section.lines
    units: list[Unit] = []
    if (
        section.heading is not None
        and len(lines) == 1
        and _word_count(lines[0].text) <= 8
        and not lines[0].text.strip().endswith(TERMINAL)
    ):
        # a one-word value ("INSTN") means little without its heading, so quote both
        start = section.heading.start if _word_count(lines[0].text) < 3 else lines[0].start
        return [Unit("label", start, lines[0].end, section)]
    listing = section.topic in config.list_topics
    # a page that opens on a sentence has said what it is; one that opens on a tagline or a
    # key-facts list says it in its first paragraph of prose
    opens_on_prose = bool(lines) and lines[0].text.strip().endswith((".", "!", "?"))
    opening = _opening_paragraph(lines) if first_section and not opens_on_prose else set()
    context_year = None
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text.strip()
        first = first_section and (index == 0 or line.number in opening)
        is_intro = text.endswith(":") and not is_list_item(text)
        bare = strip_marker(text)
        pieces = [_piece_unit(*span, line, section, config, first) for span in _dotted_pieces(line)]
        if any(piece.kind == "label" for piece in pieces):  # not a dotted title or tagline
            units += pieces
            index += 1
            continue
        labelled = label_topic(bare, config)
        if labelled is not None:
            start = line.start + line.text.find(bare)
            units.append(
                Unit("label", start, start + len(bare), section, context_year=context_year,
                     first_paragraph=first, topic=labelled[0])
            )  # fmt: skip
            index += 1
            continue
        if is_list_item(text) and text.endswith(":"):
            context_year = parse_academic_year(text) or context_year
            index += 1
            continue
        if is_intro:
            sentences = _sentence_units(nlp, line, section, context_year=context_year, first=first)
            units.extend(sentences[:-1])
            intro_start = sentences[-1].start if sentences else line.start
            following = index + 1
            items: list[Line] = []
            while following < len(lines) and is_list_item(lines[following].text):
                items.append(lines[following])
                following += 1
            if items:
                unit = _list_unit(intro_start, line, items, section, context_year)
                units.append(replace(unit, topic=_intro_topic(unit.intro or "", config)))
                index = following
                continue
            if following < len(lines):  # an intro followed by a paragraph reads as one unit
                units.append(
                    Unit(
                        "sentence",
                        intro_start,
                        lines[following].end,
                        section,
                        None,
                        (),
                        context_year,
                    )
                )
                index = following + 1
                continue
        if listing:
            items = []
            following = index
            while following < len(lines):
                candidate = lines[following].text.strip()
                long_line = _word_count(candidate) > 20
                other_topic = _word_count(candidate) > 12 and _matches_other_topic(
                    candidate, section, config
                )
                # paragraphs apart (a blank line between them) are sentences, not list items
                apart = not is_list_item(candidate) and (
                    lines[following].number > lines[following - 1].number + 1
                    if following > index
                    else following + 1 < len(lines)
                    and lines[following + 1].number > lines[following].number + 1
                )
                if (
                    candidate.endswith(":")
                    or apart
                    or (not is_list_item(candidate) and (long_line or other_topic))
                ):
                    break
                items.append(lines[following])
                following += 1
            if items:
                units.append(_list_unit(None, None, items, section, context_year))
                index = following
                continue
        if not is_list_item(text):
            context_year = None
        units.extend(_sentence_units(nlp, line, section, context_year=context_year, first=first))
        index += 1
    return units


def _dotted_pieces(line: Line) -> list[tuple[int, int]]:
    """Return the page offsets of the facts of a line that strings three or more of them
    together with middle dots ("Start: September 2026 · Full-time 1 year · On campus")."""
    parts = _DOT_SEPARATOR.split(line.text)
    if len(parts) < 3 or is_list_item(line.text):
        return []
    pieces, offset = [], 0
    for part in parts:
        at = line.text.index(part, offset)
        offset = at + len(part)
        stripped = part.strip()
        if stripped:
            start = line.start + at + part.index(stripped)
            pieces.append((start, start + len(stripped)))
    return pieces


def _piece_unit(
    start: int, end: int, line: Line, section: Section, config: TopicConfig, first: bool
) -> Unit:
    text = line.text[start - line.start : end - line.start]
    labelled = label_topic(text, config)
    kind = "label" if labelled else "sentence"
    topic = labelled[0] if labelled else None
    return Unit(kind, start, end, section, first_paragraph=first, topic=topic)


def _opening_paragraph(lines: list[Line]) -> set[int]:
    """Return the line numbers of the first paragraph of prose before any heading.

    It says what the programme is (the overview) even below a tagline or a key-facts list.
    """
    paragraphs: list[list[Line]] = []
    for line in lines:
        if paragraphs and line.number == paragraphs[-1][-1].number + 1:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    for paragraph in paragraphs:
        last = paragraph[-1].text.strip()
        if (
            len(paragraph) <= 3
            and last.endswith((".", "!", "?"))
            and not any(
                is_list_item(line.text) or LABEL_VALUE.match(line.text.strip())
                for line in paragraph
            )
        ):
            return {line.number for line in paragraph}
    return set()


def _intro_topic(intro: str, config: TopicConfig) -> str | None:
    """Return the topic a list's intro names as a heading would ("Required documents (PDF):")."""
    heading = match_heading(re.sub(r"\s*\([^)]*\)", "", intro), config)
    return heading[0] or None if heading else None


def _list_unit(
    intro_start: int | None,
    intro_line: Line | None,
    items: list[Line],
    section: Section,
    context_year: str | None,
) -> Unit:
    spans = []
    for item in items:
        stripped = strip_marker(item.text)
        offset = item.text.find(stripped)
        spans.append((item.start + offset, item.start + offset + len(stripped)))
    intro = None
    if intro_line is not None and intro_start is not None:
        intro = intro_line.text[intro_start - intro_line.start :].strip()
    start = intro_start if intro_start is not None else spans[0][0]
    return Unit("list", start, spans[-1][1], section, intro, tuple(spans), context_year)
