"""Show what the last answer held back ("more"), and the sentences it rests on."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import context, intents
from actions.answer import ActionAnswer
from actions.base import AdvisorAction
from actions.parts import topic_in_words
from actions.phrasing import phrase


class ActionAnswerMore(AdvisorAction):
    """Show the next quotes the last answer held back."""

    def name(self) -> str:
        return "action_answer_more"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = self.language(tracker)
        held = list(tracker.get_slot(intents.SLOT_MORE) or [])
        if not held:
            dispatcher.utter_message(text=phrase(domain, "utter_no_more", language))
            return self.slot_events(language=language)
        shown, rest = held[:3], held[3:]
        buttons = (
            [{"title": phrase(domain, "utter_more_title", language), "payload": "/ask_more"}]
            if rest
            else []
        )
        dispatcher.utter_message(text="\n".join(shown), buttons=buttons)
        return self.slot_events(language=language, more=rest or None)


class ActionAnswerSource(AdvisorAction):
    """Show the verbatim sentences the last answer rests on, and the page they come from."""

    def name(self) -> str:
        return "action_answer_source"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if self.asks_something_new(tracker):
            # "how does that compare with Leuven, which one is cheaper?" reads like "how do you
            # know that?" to the NLU, but asks a question: answer it.
            return await ActionAnswer(self.kb, self._today).run(dispatcher, tracker, domain)
        language = self.language(tracker)
        topic = tracker.get_slot(intents.SLOT_TOPIC)
        programmes = self.programmes_in_play(tracker)
        if not topic or not programmes:
            dispatcher.utter_message(text=phrase(domain, "utter_source_general", language))
            return self.slot_events(language=language)
        messages = []
        for programme_id in programmes:
            programme = self.programme(programme_id)
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
                    quotes=quoted,
                )
            )
        dispatcher.utter_message(text="\n\n".join(messages))
        return self.slot_events(language=language)

    def asks_something_new(self, tracker: Tracker) -> bool:
        """Say whether the message compares programmes or asks about one not in play."""
        text = self.question_text(tracker)
        if context.asks_all_programmes(text):
            return True
        new = set(self.mentioned_programmes(tracker)) - set(self.remembered_programmes(tracker))
        return bool(new) and topic_in_words(text) is not None
