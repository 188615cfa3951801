"""Split a page into sections under its headings, and sections into fact-sized units."""

import re
from dataclasses import dataclass, field

from knowledge.config import TopicConfig
from knowledge.heading_cues import cue_topic
from knowledge.values import parse_academic_year

LIST_MARKER = re.compile(r"^\s*(?:→\s*)?(?:[-–•·*▪◦○✓]|\d+[).])\s+")
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
_HEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[IVX]+\.)\s+(?=[^\W\d])")
# "Duration: 1 year", "Frais de scolarité : 250 €": a short label, a colon, a value.
LABEL_VALUE = re.compile(r"^(?P<label>[^:.;!?]{2,60}?)\s*:\s+(?P<value>\S.*)$")
TERMINAL = (".", "!", "?", ":", ";", ")")
_MONEY_SIGN = re.compile(r"[€£$¥₹]|\b(EUR|GBP|USD|CHF|CAD|AUD|NZD|JPY|INR)\b")
# A line of dashes or equals signs: the underline of the heading above it, or a rule.
_RULE = re.compile(r"[-=_*~]{3,}")
# "Admission Requirements. Applicants must…": a catalog's run-in heading, each word capitalised.
_RUN_IN = re.compile(
    r"^\s*(?P<phrase>[A-Z][\w'’-]*(?:,? (?:[A-Z][\w'’-]*|and|of|for|the|to|in|&)){0,5})\.\s+"
    r"(?P<rest>[A-Z“\"(].*)$"
)


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


def strip_marker(text: str) -> str:
    """Return a line without its list marker ("- ", "→ - ", "1) ")."""
    while True:
        stripped = LIST_MARKER.sub("", text, count=1)
        if stripped == text:
            return text.strip()
        text = stripped


def is_list_item(text: str) -> bool:
    """Return True for a line that starts with a list marker."""
    return bool(LIST_MARKER.match(text))


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
    furniture = _repeated_lines(lines)
    for index, line in enumerate(lines):
        text = line.text.strip()
        if _RULE.fullmatch(text) or text in furniture:
            continue  # an underline, a rule, a running header: they state nothing
        blank_before, previous_blank = previous_blank, not text
        if not text:
            if ignoring:
                sections.append(Section())
                ignoring = False
            continue
        if title_checked and blank_before:
            run_in = _run_in_heading(line, config)
            if run_in is not None:
                heading_line, rest, topic = run_in
                sections.append(Section(heading=heading_line, topic=topic))
                sections[-1].lines.append(rest)
                ignoring = False
                continue
        heading = match_heading(text, config)
        if heading is None and title_checked and _heading_like(lines, index, blank_before):
            topic = cue_topic(text, config)
            heading = (topic, {}) if topic else None
        if heading is None and _MARKDOWN_HEADING.match(text):
            if not title_checked:  # the page title
                title_checked = True
                continue
            sections.append(Section(heading=line))  # a heading of no known topic ends the last one
            ignoring = False
            continue
        if heading is None and title_checked and _heading_like(lines, index, blank_before):
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


def _repeated_lines(lines: list[Line]) -> set[str]:
    """Return the lines a page prints on every page (a leaflet's running header or footer)."""
    seen: dict[str, int] = {}
    for line in lines:
        text = line.text.strip()
        if (
            len(text) >= 20
            and not text.endswith(TERMINAL[:3])
            and not text.startswith("#")
            and not is_list_item(text)  # a list item said twice is content said twice
        ):
            seen[text] = seen.get(text, 0) + 1
    return {text for text, count in seen.items() if count > 1}


def _heading_like(lines: list[Line], index: int, blank_before: bool) -> bool:
    """Return True for a line set out as a heading: a Markdown heading, an underlined line,
    a short title-like line or a short question standing alone over its answer."""
    text = lines[index].text.strip()
    following = next((line.text.strip() for line in lines[index + 1 :] if line.text.strip()), "")
    if _MARKDOWN_HEADING.match(text) or _RULE.fullmatch(following):
        return True
    if not blank_before:
        return False
    question = (
        text.endswith("?")
        and len(text.split()) <= 12
        and not is_list_item(text)
        and index + 1 < len(lines)
        and bool(lines[index + 1].text.strip() or following)
    )
    return question or _looks_like_unknown_heading(lines, index)


def _run_in_heading(line: Line, config: TopicConfig) -> tuple[Line, Line, str] | None:
    """Split "Admission Requirements. Applicants must hold…" into its run-in heading (when it
    names a topic) and the text that follows it."""
    match = _RUN_IN.match(line.text)
    if not match:
        return None
    phrase = match.group("phrase")
    known = match_heading(phrase, config)
    topic = known[0] if known and known[0] else cue_topic(phrase, config)
    if not topic:
        return None
    rest_start = match.start("rest")
    heading = Line(number=line.number, start=line.start, text=line.text[: match.end("phrase")])
    rest = Line(number=line.number, start=line.start + rest_start, text=line.text[rest_start:])
    return heading, rest, topic


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
        or following.endswith(TERMINAL)
        or is_list_item(following)
        or bool(LABEL_VALUE.match(following))
    )
    return (
        follows_text
        and text[:1].isupper()
        and len(text.split()) <= 6
        and not text.endswith((*TERMINAL, ","))
        and not is_list_item(text)
        and not LABEL_VALUE.match(text)
        and not any(char.isdigit() or char in "€£$" for char in text)
    )


def label_topic(text: str, config: TopicConfig) -> tuple[str, int] | None:
    """Return the topic a "Label: value" line's label names, and where its value starts."""
    match = LABEL_VALUE.match(text)
    if not match or len(re.split(r"\s+[/|]\s+", match.group("label"))[-1].split()) > 6:
        return None
    # "Duur / Duration" (a bilingual label), "Diploma from within the EEA | Application
    # deadline" (a table row and its column's name): any part of the label may name the topic
    parts = list(reversed(re.split(r"\s+[/|]\s+", match.group("label"))))
    for part in parts:
        heading = match_heading(part, config)
        if heading and heading[0]:
            return heading[0], match.start("value")
    # a label worded freely ("Begins", "Taught in", "Size of the cohort") names its topic by
    # a cue word; an amount under such a label is read as a fee, as any amount is
    # ("Le programme compte 60 crédits : …" is a sentence with a colon, not a label)
    money = _MONEY_SIGN.search(match.group("value"))
    for part in parts:
        if len(part.split()) > 5 or any(char.isdigit() for char in part):
            continue
        topic = cue_topic(part, config, strong=True)
        if topic and (not money or topic == "fees"):
            return topic, match.start("value")
    return None


def _looks_like_title(text: str) -> bool:
    return not text.endswith(TERMINAL[:3]) and len(text.split()) <= 10 and not is_list_item(text)
