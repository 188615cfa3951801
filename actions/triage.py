"""Decide what to do with a message no topic intent took: answer from the page, or decline.

Anything about studying, applying or a programme gets an answer from the page's sentences or
an honest "the page does not say" with who to ask; only the truly off-topic is declined, and
declining never forgets the programme being discussed.
"""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import context, intents
from actions.answer import ActionAnswer, named_topic
from actions.parts import asks_another_topic, question_parts, topic_in_words
from actions.phrasing import phrase
from actions.ranking import ANSWER_SCORE
from knowledge import topics
from knowledge.passages import Query, parse_query, search_passages

# At most this many words: a follow-up that narrows the last topic, not a new question.
REFINE_WORDS = 8


class ActionTriage(ActionAnswer):
    """Answer an on-topic message from the pages; decline an off-topic one."""

    def name(self) -> str:
        return "action_triage"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = self.language(tracker)
        text = self.question_text(tracker)
        mentioned = self.mentioned_programmes(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        order = [programme.id for programme in self.programmes()]
        points_at_programmes = context.asks_all_programmes(text) or bool(
            context.moved_programme(text, order, self.remembered_programmes(tracker))
        )
        other = next(tracker.get_latest_entity_values(intents.ENTITY_OTHER_INSTITUTION), None)
        if other and not context.speaks_of_self(text):
            # "Does Harvard have a biomedical engineering PhD?" asks about Harvard, not us.
            dispatcher.utter_message(response="utter_other_institution", institution=other)
            return self.slot_events(language=language, answer_status=intents.STATUS_OUT_OF_SCOPE)
        ignore = self.ignored_words(text)
        words = parse_query(text, ignore=ignore)
        passages = search_passages(self.kb.db, text, ignore=ignore, limit=6)
        relevant = [p for p in passages if p.score >= ANSWER_SCORE]
        # A place named in passing ("a pizza place near ESPCI", "the weather in Leuven") does
        # not make a question ours; a programme asked about ("an age limit for ST4Health") does.
        # "what's the weather like in leuven?": declined by the NLU and naming no topic, the
        # programme's town in a place phrase, in any case, does not make the question ours.
        declined = intent == intents.OUT_OF_SCOPE and not named_topic(words)
        named = bool(self.kb.resolve_programmes(context.without_places(text, any_case=declined)))
        only_a_place = declined and bool(mentioned) and not named
        on_topic = (
            named
            or points_at_programmes
            or context.is_about_studying(text)
            or context.asks_overview(text)
            or context.asks_eligibility(text)
            or (bool(mentioned) and not only_a_place and (not words.concepts or bool(relevant)))
            or self.about_remembered(tracker, mentioned, words, bool(relevant))
        )
        if not on_topic:
            response = "utter_default" if intent == intents.NLU_FALLBACK else "utter_out_of_scope"
            # Named, so transcripts count it as declined; Rasa picks the student's language.
            dispatcher.utter_message(response=response)
            # The remembered programme stays: the next question may be about it again.
            return self.slot_events(language=language, answer_status=intents.STATUS_OUT_OF_SCOPE)
        programmes = self.programmes_for_turn(tracker, mentioned)
        if not programmes:
            programmes = list(dict.fromkeys(p.programme for p in relevant))
        if not programmes:
            dispatcher.utter_message(
                text=phrase(domain, "utter_ask_which_programme", language),
                buttons=self.programme_buttons(),
            )
            return self.slot_events(language=language, answer_status=intents.STATUS_ASKED_PROGRAMME)
        topic = self.triage_topic(tracker, text, programmes, ignore, words, bool(relevant))
        return self.answer(dispatcher, tracker, domain, programmes, topic, language)

    def triage_topic(
        self,
        tracker: Tracker,
        text: str,
        programmes: list[str],
        ignore: frozenset[str],
        words: Query,
        relevant: bool,
    ) -> str | None:
        """Return the topic of a message no topic intent took; None to answer from its words."""
        topic_named = named_topic(words)
        refined = None if topic_named else self.refined_topic(tracker, text, programmes, ignore)
        if refined:
            return refined  # "can I do it abroad?" after the internships: abroad internships
        if (
            context.asks_eligibility(text)
            and context.speaks_of_self(text)
            and not asks_another_topic(text, topics.PREREQUISITES)
        ):
            return topics.PREREQUISITES
        if self.follow_up_topic(tracker):
            return self.follow_up_topic(tracker)
        if topic_named:
            return topic_named  # "comparez les frais…": the lexicon says frais are fees
        # "which one costs the least?": the question's own words name the fees
        in_words = topic_in_words(" ".join(question_parts(text)))
        if in_words:
            return in_words
        if context.asks_overview(text) and not relevant:
            return topics.OVERVIEW
        # "what about all of them?" carries no question of its own: it asks the last one again.
        return None if words.concepts else tracker.get_slot(intents.SLOT_TOPIC)

    def about_remembered(
        self, tracker: Tracker, mentioned: list[str], words: Query, relevant: bool
    ) -> bool:
        """Return True for a question about the programme being discussed, unnamed.

        ("can I find an apartment in Paris?" after ST4Health: housing is a topic and every
        word of it is on the page.) A question with a word the page never uses ("a cheap
        flight from Rome", "the weather in Leuven") is not about it, whatever topic a word
        of it may name.
        """
        remembered = self.remembered_programmes(tracker)
        if mentioned or not remembered or not words.concepts:
            return False
        if not (relevant or named_topic(words)):
            return False
        return any(
            all(Query((concept,)).matched(self.page_text(pid)) for concept in words.concepts)
            for pid in remembered
        )

    def refined_topic(
        self, tracker: Tracker, text: str, programmes: list[str], ignore: frozenset[str]
    ) -> str | None:
        """Return the remembered topic when a short question narrows it down.

        "can I do it abroad?" after the internships: a sentence that speaks of both
        (internships, abroad) says the question is still about them.
        """
        topic = tracker.get_slot(intents.SLOT_TOPIC)
        words = parse_query(text, ignore=ignore)
        if not topic or not words.concepts or len(text.split()) > REFINE_WORDS:
            return None
        asked = f"{text} {topic.replace('_', ' ')}"  # "start_date" is "start date"
        both = search_passages(self.kb.db, asked, programmes=programmes, ignore=ignore)
        return topic if any(passage.score >= 1.0 for passage in both) else None
