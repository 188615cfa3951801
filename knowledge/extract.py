"""Turn a page's units into draft facts: topic, verbatim quote (the text students read), values."""

import re
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc

from knowledge.config import TopicConfig
from knowledge.fact_values import VALUE_FIELDS, quote_values
from knowledge.garble import UNREADABLE, contains_garbled, replace_garbled
from knowledge.patterns import count_matches
from knowledge.sections import LABEL_VALUE, Section, page_lines, split_sections
from knowledge.text import verbatim_quote
from knowledge.topic_choice import (
    choose_topics,
    entity_topics,
    keyword_topics,
    lemma_text,
    list_subtopic,
    subtopic_of,
)
from knowledge.topic_model import (
    ADD_THRESHOLD,
    CUE_FILL_THRESHOLD,
    FILED_THRESHOLD,
    FILL_THRESHOLD,
    topic_model,
)
from knowledge.units import Unit, section_units
from knowledge.values import find_dates, find_money


@dataclass(frozen=True)
class Draft:
    """A fact before ranking: its fields, the entity labels it rests on and its page offset."""

    fields: dict
    labels: frozenset[str] = frozenset()
    offset: int = 0
    learned: bool = False  # filed under its topic by the topic model alone


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
    opening = _opening_sections(sections)
    units = [
        unit
        for section in sections
        for unit in section_units(
            nlp, section, config, first_section=any(section is item for item in opening)
        )
    ]
    scores = topic_model().scores(
        [display_text(verbatim_quote(page[u.start : u.end])) for u in units]
    )
    for unit, unit_scores in zip(units, scores, strict=True):
        learned = [topic for topic, score in unit_scores.items() if score >= ADD_THRESHOLD]
        analysis.drafts.extend(
            _unit_drafts(
                page, unit, programme=programme, source=source, config=config, nlp=nlp,
                learned=learned,
            )
        )  # fmt: skip
    # where the headings and cue words already file a topic, the model adds a sentence to it
    # only when it is surer: the page's own structure says where that topic is
    filed = {draft.fields["topic"] for draft in analysis.drafts if not draft.learned}
    analysis.drafts = [
        draft
        for draft, unit_scores in _with_scores(analysis.drafts, units, scores)
        if not draft.learned
        or draft.fields["topic"] not in filed
        or unit_scores.get(draft.fields["topic"], 0.0) >= FILED_THRESHOLD
    ]
    analysis.drafts.extend(
        _silent_topic_drafts(page, units, scores, analysis.drafts, programme, source, config, nlp)
    )
    if not any(
        draft.fields["topic"] == "degree" and not draft.learned for draft in analysis.drafts
    ):
        analysis.drafts.extend(_title_degree(page, config, programme, source, nlp))
    analysis.drafts = _deduplicate(analysis.drafts)
    return analysis


def _with_scores(
    drafts: list[Draft], units: list[Unit], scores: list[dict[str, float]]
) -> list[tuple[Draft, dict[str, float]]]:
    """Pair each draft with the topic scores of the unit it was read from."""
    by_start = {unit.start: unit_scores for unit, unit_scores in zip(units, scores, strict=True)}
    return [(draft, by_start.get(draft.offset, {})) for draft in drafts]


def _silent_topic_drafts(
    page: str,
    units: list[Unit],
    scores: list[dict[str, float]],
    drafts: list[Draft],
    programme: str,
    source: str,
    config: TopicConfig,
    nlp: Language,
) -> list[Draft]:
    """Return, for each topic no fact speaks of yet, the facts of the sentence the topic model
    finds likeliest to speak of it, when that is likely enough: a topic is left silent only
    when no sentence of the page scores for it."""
    covered = {draft.fields["topic"] for draft in drafts}
    texts = [page[unit.start : unit.end] for unit in units]
    added: list[Draft] = []
    for topic in sorted({topic for unit_scores in scores for topic in unit_scores} - covered):
        best = max(range(len(units)), key=lambda index: scores[index].get(topic, 0.0), default=None)
        if best is None:
            continue
        if scores[best].get(topic, 0.0) < FILL_THRESHOLD:
            # before recording the topic as silent, look harder: a sentence holding one of the
            # topic's own words ("co-teach", "register of") is enough at a lower score
            cues = config.silence_cues.get(topic, ())
            worded = [
                index
                for index, text in enumerate(texts)
                if scores[index].get(topic, 0.0) >= CUE_FILL_THRESHOLD
                and any(cue.search(text) for cue in cues)
            ]
            if not worded:
                continue
            best = max(worded, key=lambda index: scores[index].get(topic, 0.0))
        facts = _unit_drafts(
            page, units[best], programme=programme, source=source, config=config, nlp=nlp,
            learned=[topic],
        )  # fmt: skip
        added += [draft for draft in facts if draft.fields["topic"] == topic]
    return added


def _opening_sections(sections: list[Section]) -> list[Section]:
    """Return the sections whose first paragraph says what the programme is: the one that
    opens the page's text (before any heading, or under a heading of no topic, a title read as
    a heading, before any topic's section) and the first overview section that opens on prose
    ("What is the course about?", "Program Description.")."""
    opening = []
    for section in sections:
        if section.topic:
            break
        if section.lines:
            opening.append(section)
            break
    for section in sections:
        if section.topic == "overview" and section.lines:
            if section.lines[0].text.strip().endswith((".", "!", "?")):
                opening.append(section)
            break
    return opening


def _title_degree(
    page: str, config: TopicConfig, programme: str, source: str, nlp: Language
) -> list[Draft]:
    """Quote the page's title as its degree when nothing else names it ("# MSc Biostatistics")."""
    lines = [line for line in page_lines(page, config) if line.text.strip()]
    # the main heading, when a kicker line ("Postgraduate coursework") stands above it
    title = next((line for line in lines[:4] if line.text.startswith("# ")), None)
    title = title or (lines[0] if lines else None)
    if title is None:
        return []
    text = title.text.strip().lstrip("#").strip()
    if not any(pattern.search(text) for pattern in config.degree_titles):
        return []
    start = title.start + title.text.find(text)
    unit = Unit("label", start, start + len(text), Section(topic="degree"), topic="degree")
    return _unit_drafts(page, unit, programme=programme, source=source, config=config, nlp=nlp)


@dataclass(frozen=True)
class PageSentence:
    """One cleaned sentence (or list, or label line) of a page, under its heading."""

    heading: str | None
    topic: str | None  # the heading's topic, when the heading is a known one
    text: str  # what a student would read: the page's words, whitespace tidied
    start: int  # offsets in the extracted page text
    end: int


def page_sentences(page: str, *, config: TopicConfig, nlp: Language) -> list[PageSentence]:
    """Return every cleaned sentence of a page with its heading, in page order.

    This is the one place that cuts a page into quotable sentences: the builder files them
    under topics, and sentence retrieval can index them as they are.
    """
    sentences = []
    sections = split_sections(page_lines(page, config), config)
    opening = _opening_sections(sections)
    for section in sections:
        first = any(section is item for item in opening)
        for unit in section_units(nlp, section, config, first_section=first):
            span = page[unit.start : unit.end]
            if any(pattern.search(span) for pattern in config.ignore_sentences):
                continue
            text = display_text(verbatim_quote(span))
            if text:
                sentences.append(
                    PageSentence(section.label, section.topic, text, unit.start, unit.end)
                )
    return sentences


CUT_NOTE = " " + UNREADABLE  # after a quote cut short where the page's text is garbled


def display_text(quote: str) -> str:
    """Return what a student reads: the quote itself, each line's whitespace tidied."""
    lines = (re.sub(r"\s+", " ", line).strip() for line in quote.split("\n"))
    return "\n".join(line for line in lines if line)


def _count(doc: Doc, quote: str, unit: Unit, config: TopicConfig) -> int | None:
    if unit.kind == "list":
        return len(unit.items)
    counts = count_matches(doc, config.countable_nouns)
    if counts:
        return counts[0][0]
    if unit.kind == "label" and unit.topic in ("capacity", "credits"):
        number = re.search(r"\d+", quote[quote.find(":") + 1 :])
        return int(number.group()) if number else None
    return None


def _unit_drafts(
    page: str,
    unit: Unit,
    *,
    programme: str,
    source: str,
    config: TopicConfig,
    nlp: Language,
    learned: list[str] | None = None,
) -> list[Draft]:
    """Return a unit's draft facts, one per topic it speaks of; `learned`: topics the topic
    model reads in it besides those its heading, label and cue words give."""
    span = page[unit.start : unit.end]
    if any(pattern.search(span) for pattern in config.ignore_sentences):
        return []
    section = unit.section
    quote = verbatim_quote(span)
    doc = nlp(replace_garbled(span, "unreadable"))
    keyword_text = (unit.intro or section.label or "") if unit.kind == "list" else span
    if unit.kind != "list":
        keyword_text += "\n" + lemma_text(doc)
    display = display_text(quote)
    cut_short = contains_garbled(span) and span.strip().startswith(quote) and unit.kind != "list"
    # "Language: English", "Non-EU: €17,500", "E: office@uni.example" say enough; "Physics" alone
    # does not
    says_enough = (
        unit.topic
        or find_money(quote)
        or re.search(r"\S@\S", display)
        or LABEL_VALUE.match(display)
    )  # "Form: Full-time": a label names what its one-word value is about
    shortest = 2 if says_enough else 3
    if re.fullmatch(r"\S+@\S+\.\w+", display):
        shortest = 1  # "… · office@uni.example · …": an address alone is a contact
    if len(display.split()) < shortest or _only_a_name(doc):
        return []
    keywords = keyword_topics(keyword_text, config)
    money = bool(find_money(quote))
    entities = entity_topics(doc, config, money=money) if not keywords else []
    own_section = section
    if unit.topic:  # a "Duration: …" line belongs to what its label names
        own_section = Section(heading=section.heading, topic=unit.topic, lines=section.lines)
    owners = set(keywords) | {own_section.topic}
    if money and "fees" not in entities and not owners & config.amount_topics:
        entities.append("fees")  # an amount is a fee unless a scholarship or rent names it
    count = _count(doc, quote, unit, config)
    labels = frozenset(ent.label_ for ent in doc.ents) | (
        {"COUNT"} if count and unit.kind != "list" else set()
    )
    labels |= {"MONEY"} if money else set()
    labels |= {"DATE"} if find_dates(quote) else set()
    rule = config.topics.get(own_section.topic or "")
    supported = bool(rule and set(rule.requires) & labels)
    topics = choose_topics(
        own_section,
        keywords,
        entities,
        unit.first_paragraph,
        config.side_topics(own_section.topic),
        supported,
    )
    from_cues = set(topics)
    topics += [topic for topic in learned or [] if topic not in topics]
    values = quote_values(quote, unit, topics)
    base = {
        "programme": programme,
        "source": source,
        "quote": quote,
        "text": display + (CUT_NOTE if cut_short else ""),
        "method": "extracted",
        "stated": True,
        "count": count,
        **values,
    }
    if unit.kind == "list":
        own_subtopic = other_subtopic = list_subtopic(page, unit, config)
    else:  # the heading's subtopic ("Prerequisites (M2)") only holds for the heading's topic
        own_subtopic = subtopic_of(span, section, config)
        other_subtopic = subtopic_of(span, Section(), config)
    drafts = []
    for topic in topics:
        subtopic = own_subtopic if topic == section.topic else other_subtopic
        fields = {**base, "topic": topic, "subtopic": subtopic}
        if topic != "deadlines" and "date_end" in fields and "date_start" not in fields:
            # a lone date is a deadline only when filed as one; elsewhere it is when things start
            fields["date_start"], fields["date_end"] = fields["date_end"], None
        drafts.append(Draft(fields, labels, unit.start, learned=topic not in from_cues))
    if unit.kind == "list":
        drafts += _item_drafts(page, unit, base, topics, config, nlp)
    return drafts


def _only_a_name(doc: Doc) -> bool:
    """Return True for a bare track name left over from a run-on line ("- M2 AI (AIH)")."""
    return bool(doc.ents) and doc.ents[0].label_ == "TRACK" and len(doc.ents[0]) >= len(doc) - 2


def _item_drafts(
    page: str, unit: Unit, base: dict, topics: list[str], config: TopicConfig, nlp: Language
) -> list[Draft]:
    """Return facts for list items that also speak of another topic (a language certificate)."""
    drafts = []
    for start, end in unit.items:
        item = page[start:end]
        doc = nlp(replace_garbled(item, "unreadable"))
        quote = verbatim_quote(item)
        keywords = keyword_topics(item, config)
        entities = [] if keywords else entity_topics(doc, config, money=bool(find_money(quote)))
        extra = [topic for topic in keywords + entities if topic not in topics]
        for topic in dict.fromkeys(extra):
            fields = {
                **{key: value for key, value in base.items() if key not in VALUE_FIELDS},
                **quote_values(quote, unit, [topic]),
                "topic": topic,
                "text": display_text(quote),
                "quote": quote,
                "subtopic": subtopic_of(item, unit.section, config),
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
