"""What an eligibility question says of the student, matched against the page's sentences."""

from dataclasses import dataclass

from actions import context
from actions.quoting import Candidate, text_key
from knowledge.passages import Passage, Query, parse_query


@dataclass(frozen=True)
class Background:
    """What an eligibility question says of the student: its words, and the degrees it names."""

    query: Query
    levels: Query

    @classmethod
    def of(
        cls, text: str, degrees: tuple[str, ...], levels: frozenset[str], ignore: frozenset[str]
    ) -> "Background":
        """Read a background statement: its degrees apart, its other words as a query."""
        named = tuple(context.degree_forms(degree) for degree in degrees)
        said = parse_query(text, ignore=ignore | levels | context.not_background())
        # "a nurse" speaks of the health sciences the pages name
        widened = tuple((*forms, *context.field_forms(forms[0])) for forms in said.concepts)
        return cls(Query(widened), Query(named))

    def matches(self, text: str) -> tuple[int, int]:
        """Return how many of the degrees named, and of the other words, a sentence speaks of."""
        return self.levels.matched(text), self.query.matched(text)

    def speaks_of(self, text: str) -> bool:
        """Return True when a sentence says something about this background.

        A degree named, or two of the student's other words ("work experience… diploma").
        """
        level, other = self.matches(text)
        return level > 0 or other >= 2


def by_background(candidates: list[Candidate], background: Background | None) -> list[Candidate]:
    """Put the sentences that name the student's own degree first, then the requirements
    filed under the topic, then those about getting in that speak of their other words; the
    question's own ranking stands among equals (sorted() is stable). A sentence about
    hospitals is not about a radiographer's chances."""
    if background is None:
        return candidates

    def key(candidate: Candidate) -> tuple[int, bool, int]:
        level, other = background.matches(candidate.text)
        about_getting_in = other >= 2 and context.speaks_of_admission(candidate.text)
        # among equals, the requirements the builder filed before other sentences, the one
        # naming the student's field first ("computer science" for a computer science BSc)
        weighs = about_getting_in or candidate.on_topic
        return -level, not candidate.on_topic, -other if weighs else 0

    return sorted(candidates, key=key)


def about_background(
    passages: list[Passage], background: Background | None, seen: set[str]
) -> Candidate | None:
    """Return the page sentence that best speaks of the student's background, if any."""
    if background is None:
        return None
    fitting = [
        p
        for p in passages
        if background.speaks_of(p.text)
        and context.speaks_of_admission(p.text)
        and text_key(p.text) not in seen
    ]
    if not fitting:
        return None
    return by_background([Candidate(p.text, p.year, p.score) for p in fitting], background)[0]
