"""Which topics (and subtopic) a unit of a page is filed under: heading, keywords, entities."""

from spacy.tokens import Doc

from knowledge.config import TopicConfig
from knowledge.sections import Section
from knowledge.units import Unit


def lemma_text(doc: Doc) -> str:
    """Return the doc's lemmas as text when the pipeline has a lemmatizer, else ""."""
    if not doc.has_annotation("LEMMA"):
        return ""
    return " ".join(token.lemma_ for token in doc)


def keyword_topics(text: str, config: TopicConfig) -> list[str]:
    return [
        rule.name for rule in config.topics.values() if any(p.search(text) for p in rule.keywords)
    ]


def entity_topics(doc: Doc, config: TopicConfig, *, money: bool = False) -> list[str]:
    topics = [config.entity_topics["MONEY"]] if money and "MONEY" in config.entity_topics else []
    for ent in doc.ents:
        if ent.label_ == "DURATION":
            following = {token.lower_ for token in doc[ent.end : ent.end + 2]}
            if following & config.duration_nouns:
                topics.append("duration")
        elif ent.label_ in config.entity_topics and ent.label_ != "MONEY":
            topics.append(config.entity_topics[ent.label_])
    return topics


def choose_topics(
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


def subtopic_of(text: str, section: Section, config: TopicConfig) -> str | None:
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


def list_subtopic(page: str, unit: Unit, config: TopicConfig) -> str | None:
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
