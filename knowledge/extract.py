"""Turn a page's units into draft facts: topic, verbatim quote (the text students read), values."""

import json
import re
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc

from knowledge.config import TopicConfig
from knowledge.errors import BuildError
from knowledge.garble import UNREADABLE, contains_garbled, replace_garbled
from knowledge.patterns import count_matches
from knowledge.sections import Section, Unit, page_lines, section_units, split_sections
from knowledge.text import verbatim_quote
from knowledge.values import (
    date_round_trips,
    find_dates,
    find_levels,
    find_money,
    money_round_trips,
    parse_academic_year,
    parse_time,
)

_VALUE_FIELDS = frozenset(
    "amount currency period amounts dates date_start date_end time levels academic_year".split()
)
_CLOSING_CUE = re.compile(
    r"\b(close|closes|closing|deadline|by|before|until|no later than|au plus tard|avant|"
    r"jusqu|limite|clôture|due)\b[^.]*$",
    re.IGNORECASE,
)
_OPENING_CUE = re.compile(
    r"\b(open|opens|opening|from|start|starts|begin|begins|à partir|dès|ouverture|commence|"
    r"rentrée|ouvertes?)\b[^.]*$",
    re.IGNORECASE,
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
    for index, section in enumerate(sections):
        first = index == 0 and section.heading is None
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


def lemma_text(doc: Doc) -> str:
    """Return the doc's lemmas as text when the pipeline has a lemmatizer, else ""."""
    if not doc.has_annotation("LEMMA"):
        return ""
    return " ".join(token.lemma_ for token in doc)


def _keyword_topics(text: str, config: TopicConfig) -> list[str]:
    return [
        rule.name for rule in config.topics.values() if any(p.search(text) for p in rule.keywords)
    ]


def _entity_topics(doc: Doc, config: TopicConfig, *, money: bool = False) -> list[str]:
    topics = [config.entity_topics["MONEY"]] if money and "MONEY" in config.entity_topics else []
    for ent in doc.ents:
        if ent.label_ == "DURATION":
            following = {token.lower_ for token in doc[ent.end : ent.end + 2]}
            if following & config.duration_nouns:
                topics.append("duration")
        elif ent.label_ in config.entity_topics and ent.label_ != "MONEY":
            topics.append(config.entity_topics[ent.label_])
    return topics


def _choose_topics(
    section: Section,
    keywords: list[str],
    entities: list[str],
    first: bool,
    secondary: frozenset[str] = frozenset(),
    supported: bool = False,
) -> list[str]:
    topics: list[str] = []
    own = section.topic
    # a sentence that also speaks of a side topic (housing, partners…) still belongs under its
    # heading; one that speaks of another main topic (a deadline under "How to apply") moves,
    # unless it holds what its heading's topic is about (a date under "Calendar")
    side_only = all(keyword in secondary for keyword in keywords)
    if own and (side_only or supported or own in keywords or own in entities):
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


def _single_date_is_end(quote: str, mention_start: int, topics: list[str]) -> bool:
    before = quote[max(0, mention_start - 40) : mention_start].lower()
    if _OPENING_CUE.search(before):
        return False
    return bool(_CLOSING_CUE.search(before)) or "deadlines" in topics


def _values(quote: str, unit: Unit, topics: list[str]) -> dict:
    """Return the values a quote states: amounts, dates, time, levels and academic year."""
    values: dict = {}
    money = find_money(quote)
    if money:
        values["amount"], values["currency"] = money[0].amount, money[0].currency
        values["period"] = money[0].period
        values["amounts"] = json.dumps(
            [[item.amount, item.currency, item.period] for item in money]
        )
    dates = find_dates(quote)
    if dates:
        values["dates"] = ",".join(mention.iso for mention in dates)
        if len(dates) >= 2:
            values["date_start"], values["date_end"] = dates[0].iso, dates[-1].iso
        elif _single_date_is_end(quote, dates[0].start, topics):
            values["date_end"] = dates[0].iso
        else:
            values["date_start"] = dates[0].iso
        values["time"] = parse_time(quote)
    levels = find_levels(quote)
    if levels:
        values["levels"] = "; ".join(levels)
    section_year = unit.section.academic_year if unit.section.topic in topics else None
    values["academic_year"] = parse_academic_year(quote) or unit.context_year or section_year
    return values


def check_round_trip(quote: str, where: str) -> None:
    """Fail when a value parsed from a quote does not read back from the quote's own words."""
    for money in find_money(quote):
        if not money_round_trips(money, quote):
            raise BuildError(f"{where}: amount {money.amount} does not round-trip to {quote!r}")
    for mention in find_dates(quote):
        if not date_round_trips(mention, quote):
            raise BuildError(f"{where}: date {mention.iso} does not round-trip to {quote!r}")


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
    page: str, unit: Unit, *, programme: str, source: str, config: TopicConfig, nlp: Language
) -> list[Draft]:
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
    shortest = 2 if unit.topic else 3  # "Language: English" says enough; "Physics" alone does not
    if len(display.split()) < shortest or _only_a_name(doc):
        return []
    keywords = _keyword_topics(keyword_text, config)
    money = bool(find_money(quote))
    entities = _entity_topics(doc, config, money=money) if not keywords else []
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
    topics = _choose_topics(
        own_section, keywords, entities, unit.first_paragraph, config.secondary_topics, supported
    )
    values = _values(quote, unit, topics)
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
        own_subtopic = other_subtopic = _list_subtopic(page, unit, config)
    else:  # the heading's subtopic ("Prerequisites (M2)") only holds for the heading's topic
        own_subtopic = _subtopic(span, section, config)
        other_subtopic = _subtopic(span, Section(), config)
    drafts = []
    for topic in topics:
        subtopic = own_subtopic if topic == section.topic else other_subtopic
        fields = {**base, "topic": topic, "subtopic": subtopic}
        if topic != "deadlines" and "date_end" in fields and "date_start" not in fields:
            # a lone date is a deadline only when filed as one; elsewhere it is when things start
            fields["date_start"], fields["date_end"] = fields["date_end"], None
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
    drafts = []
    for start, end in unit.items:
        item = page[start:end]
        doc = nlp(replace_garbled(item, "unreadable"))
        quote = verbatim_quote(item)
        keywords = _keyword_topics(item, config)
        entities = [] if keywords else _entity_topics(doc, config, money=bool(find_money(quote)))
        extra = [topic for topic in keywords + entities if topic not in topics]
        for topic in dict.fromkeys(extra):
            fields = {
                **{key: value for key, value in base.items() if key not in _VALUE_FIELDS},
                **_values(quote, unit, [topic]),
                "topic": topic,
                "text": display_text(quote),
                "quote": quote,
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
