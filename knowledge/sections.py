"""Split a page into sections under its headings, and sections into fact-sized units."""

import re
from dataclasses import dataclass, field

from spacy.language import Language

from knowledge.config import TopicConfig
from knowledge.values import parse_academic_year

_MARKER = re.compile(r"^\s*(?:→\s*)?(?:[-–•·*▪◦○✓]|\d+[).])\s+")
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
_HEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[IVX]+\.)\s+(?=[^\W\d])")
# "Duration: 1 year", "Frais de scolarité : 250 €": a short label, a colon, a value.
_LABEL_VALUE = re.compile(r"^(?P<label>[^:.;!?]{2,60}?)\s*:\s+(?P<value>\S.*)$")
_TERMINAL = (".", "!", "?", ":", ";", ")")


@dataclass(frozen=True)
class Line:
    """One line of a page: 1-based number, offset of its first character, its text."""

    number: int
    start: int
    text: str

    @property
    def end(self) -> int:
        """Return the offset just past the line's last character."""
        return self.start + len(self.text)


@dataclass
class Section:
    """A heading (None before the first one) and the lines under it."""

    heading: Line | None = None
    topic: str | None = None
    subtopic: str | None = None
    academic_year: str | None = None
    lines: list[Line] = field(default_factory=list)

    @property
    def label(self) -> str | None:
        """Return the heading as a label, without "(s)" and trailing colon."""
        if self.heading is None:
            return None
        text = _MARKDOWN_HEADING.sub("", self.heading.text)
        return text.strip().rstrip(":").strip().replace("(s)", "")


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


def strip_marker(text: str) -> str:
    """Return a line without its list marker ("- ", "→ - ", "1) ")."""
    while True:
        stripped = _MARKER.sub("", text, count=1)
        if stripped == text:
            return text.strip()
        text = stripped


def is_list_item(text: str) -> bool:
    """Return True for a line that starts with a list marker."""
    return bool(_MARKER.match(text))


def page_lines(page: str, config: TopicConfig) -> list[Line]:
    """Return the page's lines up to the site's navigation boilerplate."""
    lines, offset = [], 0
    for number, text in enumerate(page.split("\n"), start=1):
        line = Line(number=number, start=offset, text=text.rstrip("\r"))
        offset += len(text) + 1
        if any(pattern.search(line.text.strip()) for pattern in config.boilerplate_start):
            break
        lines.append(line)
    return lines


def match_heading(text: str, config: TopicConfig) -> tuple[str, dict[str, str]] | None:
    """Return the topic and named groups of a heading line, or None for ordinary text."""
    candidate = _MARKDOWN_HEADING.sub("", text).strip().rstrip(":").strip().strip("*").strip()
    candidate = _HEADING_NUMBER.sub("", candidate)  # "2. Admission requirements", "3.1 Fees"
    if not candidate or len(candidate.split()) > 8:
        return None
    if any(pattern.fullmatch(candidate) for pattern in config.ignore_headings):
        return "", {}
    for rule in config.topics.values():
        for pattern in rule.headings:
            match = pattern.fullmatch(candidate)
            if match:
                groups = {key: value for key, value in match.groupdict().items() if value}
                return rule.name, groups
    return None


def split_sections(lines: list[Line], config: TopicConfig) -> list[Section]:
    """Group content lines under their headings; ignored headings swallow one paragraph."""
    sections = [Section()]
    ignoring = False
    title_checked = False
    previous_blank = True
    for index, line in enumerate(lines):
        text = line.text.strip()
        blank_before, previous_blank = previous_blank, not text
        if not text:
            if ignoring:
                sections.append(Section())
                ignoring = False
            continue
        heading = match_heading(text, config)
        if heading is None and _MARKDOWN_HEADING.match(text):
            if not title_checked:  # the page title
                title_checked = True
                continue
            sections.append(Section(heading=line))  # a heading of no known topic ends the last one
            ignoring = False
            continue
        if (
            heading is None
            and title_checked
            and blank_before
            and _looks_like_unknown_heading(lines, index)
        ):
            sections.append(Section(heading=line))
            ignoring = False
            continue
        if not title_checked:
            title_checked = True
            if heading is None and _looks_like_title(text):
                continue
        if heading is not None:
            topic, groups = heading
            ignoring = topic == ""
            sections.append(
                Section(
                    heading=line,
                    topic=topic or None,
                    subtopic=_normalise_subtopic(groups.get("subtopic")),
                    academic_year=parse_academic_year(groups.get("year") or "")
                    or groups.get("year"),
                )
            )
            continue
        if ignoring or any(pattern.search(text) for pattern in config.ignore_lines):
            continue
        sections[-1].lines.append(line)
    return [section for section in sections if section.lines or section.heading is not None]


def _normalise_subtopic(value: str | None) -> str | None:
    if not value:
        return None
    return value if any(char.isdigit() for char in value) else value.lower()


def _looks_like_unknown_heading(lines: list[Line], index: int) -> bool:
    """Return True for a short title-like line after a blank line, followed by content."""
    text = _HEADING_NUMBER.sub("", lines[index].text.strip())
    after = (line.text.strip() for line in lines[index + 1 :])
    following = next((line for line in after if line), "")
    # what follows a heading reads as text (a sentence, a list, a "label: value" line), not as
    # another short name: "University Hospital Bern" above "Cantonal Hospital Lucerne" is a list
    follows_text = (
        len(following.split()) >= 6
        or following.endswith(_TERMINAL)
        or is_list_item(following)
        or bool(_LABEL_VALUE.match(following))
    )
    return (
        follows_text
        and text[:1].isupper()
        and len(text.split()) <= 6
        and not text.endswith((*_TERMINAL, ","))
        and not is_list_item(text)
        and not _LABEL_VALUE.match(text)
        and not any(char.isdigit() or char in "€£$" for char in text)
    )


def label_topic(text: str, config: TopicConfig) -> tuple[str, int] | None:
    """Return the topic a "Label: value" line's label names, and where its value starts."""
    match = _LABEL_VALUE.match(text)
    if not match or len(match.group("label").split()) > 6:
        return None
    heading = match_heading(match.group("label"), config)
    if not heading or not heading[0]:
        return None
    return heading[0], match.start("value")


def _looks_like_title(text: str) -> bool:
    return not text.endswith(_TERMINAL[:3]) and len(text.split()) <= 10 and not is_list_item(text)


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
    marker = len(line.text) - len(line.text.lstrip())
    marker_match = _MARKER.match(line.text)
    while marker_match:
        marker += marker_match.end() - marker_match.start()
        marker_match = _MARKER.match(line.text[marker:])
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
        and not lines[0].text.strip().endswith(_TERMINAL)
    ):
        # a one-word value ("INSTN") means little without its heading, so quote both
        start = section.heading.start if _word_count(lines[0].text) < 3 else lines[0].start
        return [Unit("label", start, lines[0].end, section)]
    listing = section.topic in config.list_topics
    context_year = None
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text.strip()
        first = first_section and index == 0
        is_intro = text.endswith(":") and not is_list_item(text)
        bare = strip_marker(text)
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
                units.append(_list_unit(intro_start, line, items, section, context_year))
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
