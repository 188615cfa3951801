"""Load the topic configuration (topics.yml): headings, keywords and page furniture."""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.errors import BuildError
from knowledge.topics import TOPICS

DEFAULT_TOPICS_PATH = Path(__file__).with_name("topics.yml")


def _compile(patterns: list[str] | None) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns or ())


def _compile_cues(cues: list[str] | None) -> tuple[re.Pattern, ...]:
    # a cue starts a word and may go on ("cost" reads "costs", "eligib" reads "eligibility")
    return tuple(re.compile(rf"(?<!\w)(?:{cue})", re.IGNORECASE) for cue in cues or ())


@dataclass(frozen=True)
class TopicRule:
    """How one topic is recognised, and how its absence is worded."""

    name: str
    headings: tuple[re.Pattern, ...]
    keywords: tuple[re.Pattern, ...]
    requires: tuple[str, ...] = ()
    nearby: tuple[re.Pattern, ...] = ()
    missing: str = ""
    cues: tuple[re.Pattern, ...] = ()
    weak_cues: tuple[re.Pattern, ...] = ()


@dataclass(frozen=True)
class SubtopicRule:
    """A pattern that files a sentence under a subtopic such as "round 1"."""

    pattern: re.Pattern
    template: str
    strong: bool


@dataclass(frozen=True)
class TopicConfig:
    """Everything the builder reads from topics.yml."""

    topics: dict[str, TopicRule]
    boilerplate_start: tuple[re.Pattern, ...] = ()
    ignore_lines: tuple[re.Pattern, ...] = ()
    ignore_sentences: tuple[re.Pattern, ...] = ()
    ignore_headings: tuple[re.Pattern, ...] = ()
    subtopics: tuple[SubtopicRule, ...] = ()
    list_topics: frozenset[str] = frozenset()
    profile_subtopics: frozenset[str] = frozenset()
    countable_nouns: tuple[str, ...] = ()
    duration_nouns: frozenset[str] = frozenset()
    entity_topics: dict[str, str] = field(default_factory=dict)
    secondary_topics: frozenset[str] = frozenset()
    amount_topics: frozenset[str] = frozenset()
    degree_titles: tuple[re.Pattern, ...] = ()
    related_topics: tuple[frozenset[str], ...] = ()
    silence_cues: dict[str, tuple[re.Pattern, ...]] = field(default_factory=dict)

    def side_topics(self, topic: str | None) -> frozenset[str]:
        """Return the topics a sentence under this topic's heading may speak of and stay."""
        related = (group for group in self.related_topics if topic in group)
        return self.secondary_topics.union(*related)

    def missing_phrase(self, topic: str) -> str:
        """Return how to name a topic in a "does not state" sentence."""
        rule = self.topics.get(topic)
        return rule.missing if rule and rule.missing else f"its {topic}"


def load_topic_config(path: Path = DEFAULT_TOPICS_PATH) -> TopicConfig:
    """Read topics.yml and compile its patterns."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        rules = {}
        for name, spec in (data.get("topics") or {}).items():
            if name not in TOPICS:
                raise BuildError(f"{path}: unknown topic {name!r}")
            rules[name] = TopicRule(
                name=name,
                headings=_compile(spec.get("headings")),
                keywords=_compile(spec.get("keywords")),
                requires=tuple(spec.get("requires") or ()),
                nearby=_compile(spec.get("nearby")),
                missing=spec.get("missing") or "",
                cues=_compile_cues(spec.get("cues")),
                weak_cues=_compile_cues(spec.get("weak_cues")),
            )
        subtopics = tuple(
            SubtopicRule(
                pattern=re.compile(item["pattern"], re.IGNORECASE),
                template=item["subtopic"],
                strong=bool(item.get("strong")),
            )
            for item in data.get("subtopics") or ()
        )
        return TopicConfig(
            topics=rules,
            boilerplate_start=_compile(data.get("boilerplate_start")),
            ignore_lines=_compile(data.get("ignore_lines")),
            ignore_sentences=_compile(data.get("ignore_sentences")),
            ignore_headings=_compile(data.get("ignore_headings")),
            subtopics=subtopics,
            list_topics=frozenset(data.get("list_topics") or ()),
            profile_subtopics=frozenset(data.get("profile_subtopics") or ()),
            countable_nouns=tuple(data.get("countable_nouns") or ()),
            duration_nouns=frozenset(data.get("duration_nouns") or ()),
            entity_topics=dict(data.get("entity_topics") or {}),
            secondary_topics=frozenset(data.get("secondary_topics") or ()),
            amount_topics=frozenset(data.get("amount_topics") or ()),
            degree_titles=_compile(data.get("degree_titles")),
            related_topics=tuple(frozenset(group) for group in data.get("related_topics") or ()),
            silence_cues={
                topic: _compile_cues(cues)
                for topic, cues in (data.get("silence_cues") or {}).items()
            },
        )
    except (OSError, yaml.YAMLError, re.error, KeyError, TypeError) as error:
        raise BuildError(f"{path}: invalid topic configuration ({error})") from error
