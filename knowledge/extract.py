"""Turn a page's units into draft facts: topic, answer-ready text, values and verbatim quote."""

from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc

from knowledge.config import TopicConfig
from knowledge.garble import replace_garbled
from knowledge.patterns import count_matches
from knowledge.sections import Section, Unit, page_lines, section_units, split_sections
from knowledge.text import clean_statement, list_item, verbatim_quote
from knowledge.values import (
    format_date,
    format_money,
    parse_academic_year,
    parse_date_range,
    parse_money,
    parse_time,
)


@dataclass(frozen=True)
class Draft:
    """A fact before ranking: its fields, the entity labels it rests on and its page offset."""

    fields: dict
    labels: frozenset[str] = frozenset()
    offset: int = 0


@dataclass
class PageAnalysis:
    """What a page yields: its sections and its draft facts in page order."""

    sections: list[Section] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)


def analyse_page(
    page: str, *, programme: str, source: str, config: TopicConfig, nlp: Language
) -> PageAnalysis:
    """Return the sections and draft facts of one page."""
    sections = split_sections(page_lines(page, config), config)
    analysis = PageAnalysis(sections=sections)
    for index, section in enumerate(sections):
        first = index == 0 and section.heading is None
        for unit in section_units(nlp, section, config, first_section=first):
            analysis.drafts.extend(
                _unit_drafts(page, unit, programme=programme, source=source, config=config, nlp=nlp)
            )
    analysis.drafts = _deduplicate(analysis.drafts)
    return analysis


def _keyword_topics(text: str, config: TopicConfig) -> list[str]:
    return [
        rule.name for rule in config.topics.values() if any(p.search(text) for p in rule.keywords)
    ]


def _entity_topics(doc: Doc, config: TopicConfig) -> list[str]:
    topics = []
    for ent in doc.ents:
        if ent.label_ == "DURATION":
            following = {token.lower_ for token in doc[ent.end : ent.end + 2]}
            if following & config.duration_nouns:
                topics.append("duration")
        elif ent.label_ in config.entity_topics:
            topics.append(config.entity_topics[ent.label_])
    return topics


def _choose_topics(
    section: Section, keywords: list[str], entities: list[str], first: bool
) -> list[str]:
    topics: list[str] = []
    own = section.topic
    if own and (not keywords or own in keywords or own in entities):
        topics.append(own)
    topics += keywords + entities
    if first:
        topics.append("overview")
    return list(dict.fromkeys(topics))


def _subtopic(text: str, section: Section, config: TopicConfig) -> str | None:
    weak: list[tuple[int, str]] = []
    for rule in config.subtopics:
        match = rule.pattern.search(text)
        if not match:
            continue
        value = rule.template.format(*([match.group(0)] + list(match.groups())))
        if rule.strong:
            return value
        weak.append((match.start(), value))
    return section.subtopic or (min(weak)[1] if weak else None)


def _values(doc: Doc, analysed: str, unit: Unit, topics: list[str]) -> dict:
    values: dict = {}
    for ent in doc.ents:
        if ent.label_ == "DATE_RANGE" and "date_start" not in values:
            parsed = parse_date_range(ent.text)
            if parsed:
                values["date_start"], values["date_end"] = parsed
        elif ent.label_ == "TIME" and "time" not in values:
            values["time"] = parse_time(ent.text)
        elif ent.label_ == "MONEY" and "amount" not in values:
            parsed_money = parse_money(ent.text)
            if parsed_money:
                values["amount"], values["currency"], values["period"] = parsed_money
    section_year = unit.section.academic_year if unit.section.topic in topics else None
    values["academic_year"] = parse_academic_year(analysed) or unit.context_year or section_year
    return values


def _deadline_text(doc: Doc, values: dict, section: Section) -> str | None:
    ranges = [ent for ent in doc.ents if ent.label_ == "DATE_RANGE"]
    if not ranges or "date_start" not in values:
        return None
    before = clean_statement(doc.text[: ranges[0].start_char], end="")
    before = before.removesuffix(" from").removesuffix("From").strip()
    label = before or (section.label or "Application period")
    joiner = " from" if label.endswith(":") or ":" in label else ": from"
    text = (
        f"{label}{joiner} {format_date(values['date_start'])} to {format_date(values['date_end'])}"
    )
    if values.get("time"):
        text += f" (until {values['time']})"
    return text + "."


def _fee_text(doc: Doc, values: dict) -> str | None:
    money = [ent for ent in doc.ents if ent.label_ == "MONEY"]
    if not money or "amount" not in values:
        return None
    label = clean_statement(doc.text[: money[0].start_char], end="").rstrip(":").strip()
    after = doc.text[money[0].end_char :]
    note = after[after.find("(") + 1 : after.find(")")] if "(" in after and ")" in after else ""
    head = label.split("(")[0].strip()
    verb = "are" if head.endswith("s") else "is"
    text = f"{label or 'The fee'} {verb} {format_money(values['amount'], values['currency'])}"
    if values.get("period"):
        text += f" per {values['period']}"
    if values.get("academic_year"):
        text += f" ({values['academic_year']})"
    if note.strip():
        text += f", {note.strip()}"
    return text + "."


def _unit_drafts(
    page: str, unit: Unit, *, programme: str, source: str, config: TopicConfig, nlp: Language
) -> list[Draft]:
    span = page[unit.start : unit.end]
    if any(pattern.search(span) for pattern in config.ignore_sentences):
        return []
    section = unit.section
    analysed = replace_garbled(span, "unreadable")
    doc = nlp(analysed)
    if unit.kind == "list":
        label = clean_statement(unit.intro or section.label or "", end="").rstrip(":")
        list_subtopic = _list_subtopic(page, unit, config)
        if label and list_subtopic and list_subtopic != section.subtopic:
            label = f"{label} ({list_subtopic})"
        items = [list_item(page[start:end]) for start, end in unit.items]
        display = f"{label}: " + "; ".join(items) + "." if label else "; ".join(items) + "."
        keyword_text = unit.intro or section.label or ""
        count = len(items)
    elif unit.kind == "label":
        label_value = page[section.lines[0].start : section.lines[0].end]
        display = f"{section.label}: {clean_statement(label_value)}"
        keyword_text, count = span, None
    else:
        display = clean_statement(span)
        keyword_text = span
        counts = count_matches(doc, config.countable_nouns)
        count = counts[0][0] if counts else None
    if len(display.split()) < 3 or _only_a_name(doc):
        return []
    keywords = _keyword_topics(keyword_text, config)
    entities = _entity_topics(doc, config)
    topics = _choose_topics(section, keywords, entities, unit.first_paragraph)
    values = _values(doc, analysed, unit, topics)
    labels = frozenset(ent.label_ for ent in doc.ents) | (
        {"COUNT"} if count and unit.kind != "list" else set()
    )
    base = {
        "programme": programme,
        "source": source,
        "quote": verbatim_quote(span),
        "method": "extracted",
        "stated": True,
        "count": count,
        **values,
    }
    if unit.kind == "list":
        own_subtopic = other_subtopic = _list_subtopic(page, unit, config)
    else:  # the heading's subtopic ("Prerequisites (M2)") only holds for the heading's topic
        own_subtopic = _subtopic(span, section, config)
        other_subtopic = _subtopic(span, Section(), config)
    # a dated or priced statement reads the same whichever topic it is filed under
    text = _deadline_text(doc, values, section) or _fee_text(doc, values) or display
    drafts = []
    for topic in topics:
        subtopic = own_subtopic if topic == section.topic else other_subtopic
        fields = {**base, "topic": topic, "text": text, "subtopic": subtopic}
        drafts.append(Draft(fields, labels, unit.start))
    if unit.kind == "list":
        drafts += _item_drafts(page, unit, base, topics, config, nlp)
    return drafts


def _only_a_name(doc: Doc) -> bool:
    """Return True for a bare track name left over from a run-on line ("- M2 AI (AIH)")."""
    return bool(doc.ents) and doc.ents[0].label_ == "TRACK" and len(doc.ents[0]) >= len(doc) - 2


def _list_subtopic(page: str, unit: Unit, config: TopicConfig) -> str | None:
    if unit.section.subtopic:
        return unit.section.subtopic
    votes: dict[str, int] = {}
    for start, end in unit.items:
        for rule in config.subtopics:
            match = rule.pattern.search(page[start:end])
            if rule.strong and match:
                value = rule.template.format(*([match.group(0)] + list(match.groups())))
                votes[value] = votes.get(value, 0) + 1
                break
    best = max(votes, key=votes.get, default=None)
    return best if best and votes[best] * 2 > len(unit.items) else None


def _item_drafts(
    page: str, unit: Unit, base: dict, topics: list[str], config: TopicConfig, nlp: Language
) -> list[Draft]:
    """Return facts for list items that also speak of another topic (a language certificate)."""
    label = clean_statement(unit.intro or unit.section.label or "", end="").rstrip(":")
    drafts = []
    for start, end in unit.items:
        item = page[start:end]
        doc = nlp(replace_garbled(item, "unreadable"))
        extra = [
            topic
            for topic in _keyword_topics(item, config) + _entity_topics(doc, config)
            if topic not in topics
        ]
        for topic in dict.fromkeys(extra):
            fields = {
                **base,
                **_values(doc, item, unit, [topic]),
                "topic": topic,
                "text": f"{label}: {clean_statement(item)}" if label else clean_statement(item),
                "quote": verbatim_quote(item),
                "subtopic": _subtopic(item, unit.section, config),
                "count": None,
            }
            drafts.append(Draft(fields, frozenset(ent.label_ for ent in doc.ents), start))
    return drafts


def _deduplicate(drafts: list[Draft]) -> list[Draft]:
    seen: set[tuple] = set()
    kept = []
    for draft in drafts:
        fields = draft.fields
        keys = {(fields["topic"], fields["text"].lower())}
        if fields.get("date_start"):
            keys.add(
                (
                    fields["topic"],
                    fields.get("subtopic"),
                    fields["date_start"],
                    fields.get("date_end"),
                )
            )
        if keys & seen:
            continue
        seen |= keys
        kept.append(draft)
    return kept


def with_fields(draft: Draft, **changes: object) -> Draft:
    """Return a copy of a draft with some fields changed."""
    return replace(draft, fields={**draft.fields, **changes})
