"""Answer a question on a topic from the knowledge base, for the programme(s) in play."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import intents
from actions.base import AdvisorAction
from actions.compose import compose_answer, relevant_facts
from actions.phrasing import buttons_of, phrase
from knowledge import topics


class ActionAnswer(AdvisorAction):
    """Answer the topic of the latest question; a bare programme name re-asks the last topic."""

    def name(self) -> str:
        return "action_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = self.language(tracker)
        topic = self._topic(tracker)
        other = next(tracker.get_latest_entity_values(intents.ENTITY_OTHER_INSTITUTION), None)
        mentioned = self.mentioned_programmes(tracker)
        if other and not mentioned:
            # A remembered programme must not answer for someone else's university.
            dispatcher.utter_message(
                text=phrase(domain, "utter_other_institution", language, institution=other),
                buttons=buttons_of(domain, "utter_other_institution", language),
            )
            return self.slot_events(language=language, answer_status=intents.STATUS_OUT_OF_SCOPE)
        programmes = self.programmes_in_play(tracker, mentioned)
        if not programmes:
            dispatcher.utter_message(
                text=phrase(domain, "utter_ask_which_programme", language),
                buttons=self.programme_buttons(),
            )
            return self.slot_events(
                topic=topic, language=language, answer_status=intents.STATUS_ASKED_PROGRAMME
            )

        level = next(tracker.get_latest_entity_values(intents.ENTITY_LEVEL), None)
        profile = next(tracker.get_latest_entity_values(intents.ENTITY_APPLICANT_PROFILE), None)
        answers = []
        for programme_id in programmes:
            programme = self.kb.programme(programme_id)
            if programme is None:
                continue
            facts = relevant_facts(self.kb.facts(programme_id, topic), level, profile)
            answers.append(compose_answer(domain, language, programme, topic, facts, self.today()))
        dispatcher.utter_message(text="\n\n".join(answer.text for answer in answers))
        stated = all(answer.stated for answer in answers)
        return self.slot_events(
            programme=programmes[0] if len(programmes) == 1 else programmes,
            topic=topic,
            language=language,
            answer_status=intents.STATUS_ANSWERED if stated else intents.STATUS_NOT_STATED,
        )

    @staticmethod
    def _topic(tracker: Tracker) -> str:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent in intents.TOPIC_BY_INTENT:
            return intents.TOPIC_BY_INTENT[intent]
        return tracker.get_slot(intents.SLOT_TOPIC) or topics.OVERVIEW


class ActionAnswerSource(AdvisorAction):
    """Show the verbatim sentences the last answer rests on, and the page they come from."""

    def name(self) -> str:
        return "action_answer_source"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = self.language(tracker)
        topic = tracker.get_slot(intents.SLOT_TOPIC)
        programmes = self.programmes_in_play(tracker)
        if not topic or not programmes:
            dispatcher.utter_message(text=phrase(domain, "utter_source_general", language))
            return self.slot_events(language=language)
        messages = []
        for programme_id in programmes:
            programme = self.kb.programme(programme_id)
            if programme is None:
                continue
            quotes = [f.quote for f in self.kb.facts(programme_id, topic) if f.quote]
            quoted = "\n".join(f"“{quote}”" for quote in dict.fromkeys(quotes))
            messages.append(
                phrase(
                    domain,
                    "utter_source" if quotes else "utter_source_nothing",
                    language,
                    topic=topic,
                    programme=programme.short_name,
                    page=programme.page_name,
                    source=programme.source,
                    quotes=quoted,
                )
            )
        dispatcher.utter_message(text="\n\n".join(messages))
        return self.slot_events(language=language)
