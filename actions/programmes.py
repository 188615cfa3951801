"""List the programmes the advisor knows, and route students to people who can help."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import AdvisorAction
from actions.compose import BULLET, route
from actions.phrasing import phrase
from knowledge import topics


class ActionListProgrammes(AdvisorAction):
    """List every programme in the knowledge base, each as a quick-reply button."""

    def name(self) -> str:
        return "action_list_programmes"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = self.language(tracker)
        programmes = self.programmes()
        listing = "\n".join(f"{BULLET}{p.name}" for p in programmes)
        dispatcher.utter_message(
            text=phrase(domain, "utter_list_programmes", language, programmes=listing),
            buttons=self.programme_buttons(),
        )
        return self.slot_events(language=language, topic=topics.OVERVIEW)


class ActionContact(AdvisorAction):
    """Give the human route for a programme: what its page lists, else who runs it."""

    def name(self) -> str:
        return "action_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = self.language(tracker)
        programmes = self.programmes_in_play(tracker)
        if not programmes:
            dispatcher.utter_message(
                text=phrase(domain, "utter_contact_no_programme", language),
                buttons=self.programme_buttons(),
            )
            return self.slot_events(language=language, topic=topics.CONTACT)
        messages = []
        for programme_id in programmes:
            programme = self.programme(programme_id)
            if programme is None:
                continue
            stated = [f.text for f in self.kb.facts(programme_id, topics.CONTACT) if f.stated]
            how = "; ".join(stated + [route(domain, language, programme)])
            messages.append(
                phrase(domain, "utter_contact", language, programme=programme.short_name, route=how)
            )
        dispatcher.utter_message(text="\n\n".join(messages))
        return self.slot_events(language=language, topic=topics.CONTACT)
