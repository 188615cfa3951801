"""Record honestly what a page does not state, with what it says nearby."""

from knowledge.config import TopicConfig
from knowledge.extract import Draft, with_fields
from knowledge.sections import Section
from knowledge.topics import CORE_TOPICS


def _not_stated(
    programme: str,
    source: str,
    page_name: str,
    topic: str,
    config: TopicConfig,
    *,
    nearby: Draft | None,
    offset: int,
    note: str = "",
) -> Draft:
    text = f"The {page_name} does not state {config.missing_phrase(topic)}{note}."
    if nearby is not None:
        text += f" It says: “{nearby.fields['text']}”"
    fields = {
        "programme": programme,
        "topic": topic,
        "text": text,
        "source": source,
        "quote": nearby.fields["quote"] if nearby is not None else "",
        "method": "not_stated",
        "stated": False,
    }
    return Draft(fields, frozenset(), nearby.offset if nearby is not None else offset)


def _nearby(drafts: list[Draft], topic: str, config: TopicConfig) -> Draft | None:
    rule = config.topics.get(topic)
    for pattern in rule.nearby if rule else ():
        for draft in drafts:
            if draft.fields["stated"] and pattern.search(draft.fields["quote"]):
                return draft
    return None


def add_unknowns(
    drafts: list[Draft],
    sections: list[Section],
    *,
    programme: str,
    source: str,
    page_name: str,
    page_length: int,
    config: TopicConfig,
) -> list[Draft]:
    """Return drafts with unsupported claims and silent topics recorded as not stated."""
    # A topic the page speaks of is quoted as it stands, even with no value parsed (no amount,
    # no date): the sentence is the honest answer. Only silence is recorded as not stated.
    result = list(drafts)
    for topic in CORE_TOPICS:
        stated = [draft for draft in result if draft.fields["topic"] == topic]
        profiles = list(dict.fromkeys(draft.fields.get("subtopic") for draft in stated))
        if stated and all(profile in config.profile_subtopics for profile in profiles):
            note = f" in general, only for {' and '.join(profiles)}"
            gap = _not_stated(
                programme, source, page_name, topic, config, nearby=None, offset=stated[0].offset
            )
            result.append(with_fields(gap, text=gap.fields["text"][:-1] + note + "."))
    covered = {draft.fields["topic"] for draft in result}
    for topic in CORE_TOPICS:
        if topic not in covered:
            nearby = _nearby(result, topic, config)
            result.append(
                _not_stated(
                    programme, source, page_name, topic, config, nearby=nearby, offset=page_length
                )
            )
            covered.add(topic)
    for section in sections:
        if section.topic and section.topic not in covered and not section.lines and section.heading:
            nearby = _nearby(result, section.topic, config)
            note = "" if nearby else f" (its “{section.label}” section is empty)"
            result.append(
                _not_stated(
                    programme,
                    source,
                    page_name,
                    section.topic,
                    config,
                    nearby=nearby,
                    offset=section.heading.start,
                    note=note,
                )
            )
            covered.add(section.topic)
    return result
