"""Order the sentences that may answer a question by how much of it each speaks of."""

from actions import context
from actions.quoting import Candidate, sentence_of, year_of
from knowledge.passages import Passage, Query, parse_query
from knowledge.query import Fact

# Share of the question's concepts a passage must speak of (knowledge/passages.py) to be
# taken as an answer; chosen on the question bank's dev set.
ANSWER_SCORE = 0.6
# ... and to overrule the builder's "the page does not state" on the asked topic.
STRONG_SCORE = 0.75
# Added to the score of a fact the page states for the student's own profile.
PROFILE_BONUS = 0.34
# How a list item starts on its own line in a fact's text ("…three tracks:\n- M2 BEH").
BULLET_ITEM = "- "


def rank_candidates(
    query: Query,
    facts: list[Fact],
    passages: list[Passage],
    profile: str | None = None,
    related: list[Fact] | tuple[Fact, ...] = (),
    topic: str | None = None,
) -> list[Candidate]:
    """Order the topic's stated facts and the matching passages by how much of the question
    each speaks of; facts first among equals (the builder filed them under the asked topic),
    then page order. A question that only names the topic ("what are the prerequisites?")
    gets the topic's facts in page order: "Prerequisites vary…" is not the answer to it.
    """
    stated = [fact for fact in facts if fact.stated]
    fact_candidates = [
        Candidate(
            sentence_of(fact),
            year_of(sentence_of(fact), fact.academic_year),
            _fact_coverage(query, sentence_of(fact), topic) + _profile_bonus(fact, profile),
            on_topic=True,
        )
        for fact in stated
    ]
    if not beyond_topic(query, topic) and fact_candidates:
        # "ST4Health tracks?": the sentence that lists them answers before those about them
        return sorted(
            fact_candidates,
            key=lambda c: (-_bonus_of(c, stated, profile), not _lists_topic(c.text, topic)),
        )
    if not query.concepts:
        return fact_candidates
    floor = _answer_floor(query, facts, stated, topic)
    # A page with nothing filed under the topic asked by its name alone ("What documents do
    # I need?" of the Leuven page): a sentence that only says the topic's word ("Consult the
    # documents on educational quality") is no answer; a related topic's fact may still be.
    unfiled = topic is not None and not facts and not beyond_topic(query, topic)
    passage_floor = float("inf") if unfiled else floor
    passage_candidates = [
        Candidate(p.text, p.year, p.score) for p in passages if p.score >= passage_floor
    ]
    # Facts of a related topic (the overview naming the degree when the page files none under
    # "degree") were filed by the builder as about the programme: before any other sentence.
    related_candidates = [
        Candidate(
            sentence_of(fact),
            fact.academic_year,
            # another topic's fact: the asked topic's word is not met by where it was filed
            query.coverage(sentence_of(fact)),
            on_topic=True,
        )
        for fact in related
    ]
    ranked = (
        fact_candidates
        + [candidate for candidate in related_candidates if candidate.relevance >= floor]
        + passage_candidates
    )
    # Among equal coverage, the sentence in the student's own words, then the one naming more
    # of their words' forms; sorted() is stable: facts before passages, each in page order.
    # The topic's own word says nothing between the topic's facts ("what documents do they
    # want?": "Document at your convenience" is not closer than the compulsory list).
    besides_topic = query.without(_topic_forms(topic))
    return sorted(
        ranked,
        key=lambda candidate: (
            -candidate.relevance,
            *(
                -n
                for n in (besides_topic if candidate.on_topic else query).closeness(candidate.text)
            ),
        ),
    )


def _fact_coverage(query: Query, text: str, topic: str | None) -> float:
    """Return a topic fact's coverage of the question, the topic's own word counted as met.

    ("what documents do they want?": the list of compulsory documents is filed under the
    documents and answers it, though it never says "document"; "Document at your convenience"
    must not outrank it for the word alone.)
    """
    if not query.concepts:
        return 0.0
    forms = _topic_forms(topic)
    met = sum(
        1 for concept in query.concepts if (set(concept) & forms) or Query((concept,)).matched(text)
    )
    return met / len(query.concepts)


def _answer_floor(query: Query, facts: list[Fact], stated: list[Fact], topic: str | None) -> float:
    """Return the score a sentence beyond the topic's facts needs to be taken as an answer."""
    # When the builder found the page silent on the topic, only a strong sentence overrules it.
    silent = any(not fact.stated for fact in facts) and not stated
    if silent and not beyond_topic(query, topic):
        # "What documents do I need?" on a page silent on them: a sentence that only says
        # "documents" ("Consult the documents on educational quality") does not overrule it.
        return float("inf")
    return STRONG_SCORE if silent else ANSWER_SCORE


def confirms(query: Query, text: str) -> bool:
    """Return True when a sentence says yes to a yes/no question: it names every word the
    student asked about in the student's own words (a synonym is no confirmation: "visa" is
    not "administrative procedures"), and nothing in it negates or restricts."""
    if not query.concepts or context.may_say_no(text):
        return False
    return all(Query(((concept[0],),)).matched(text) for concept in query.concepts)


def _lists_topic(text: str, topic: str | None) -> bool:
    """Return True for a list introduced by a line naming the topic ("…three tracks:")."""
    intro, _, items = text.partition(f"\n{BULLET_ITEM}")
    return bool(items and topic) and bool(parse_query(topic.replace("_", " ")).matched(intro))


def beyond_topic(query: Query, topic: str | None) -> bool:
    """Return True when the question names more than its topic ("what are the fees?" does not)."""
    return bool(query.without(_topic_forms(topic)).concepts)


def _topic_forms(topic: str | None) -> set[str]:
    return {topic, f"{topic}s", topic.rstrip("s")} if topic else set()


def _bonus_of(candidate: Candidate, stated: list[Fact], profile: str | None) -> float:
    fact = next((f for f in stated if sentence_of(f) == candidate.text), None)
    return _profile_bonus(fact, profile) if fact else 0.0


def _profile_bonus(fact: Fact, profile: str | None) -> float:
    # What the page says for this very applicant goes before what it says for everyone.
    if profile and fact.subtopic and profile.replace("_", " ") in fact.subtopic.lower():
        return PROFILE_BONUS
    return 0.0
