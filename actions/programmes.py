"""List the programmes the advisor knows, and route students to people who can help."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from actions.answer import ActionAnswer, named_topic
from actions.base import AdvisorAction
from actions.compose import BULLET, route
from actions.parts import question_parts, topic_in_words
from actions.phrasing import phrase
from actions.ranking import ANSWER_SCORE
from actions.silence import topic_label
from knowledge import topics
from knowledge.passages import parse_query, search_passages


class ActionListProgrammes(ActionAnswer):
    """List every programme in the knowledge base, each as a quick-reply button; a topic
    asked of them all ("compare the tuition of all your programmes") is answered side by side.
    """

    def name(self) -> str:
        return "action_list_programmes"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = self.language(tracker)
        programmes = self.programmes()
        text = self.question_text(tracker)
        topic = named_topic(parse_query(text, ignore=self.ignored_words(text)))
        # "which programmes can I do in English?": the question's own words name the topic
        topic = topic or topic_in_words(" ".join(question_parts(text)))
        if topic and context.asks_all_programmes(text):
            order = [programme.id for programme in programmes]
            return self.answer(dispatcher, tracker, domain, order, topic, language)
        listing = "\n".join(f"{BULLET}{p.name}" for p in programmes)
        dispatcher.utter_message(
            text=phrase(domain, "utter_list_programmes", language, programmes=listing),
            buttons=self.programme_buttons(),
        )
        return self.slot_events(language=language, topic=topics.OVERVIEW)


# Words that only ask for a contact ("who do I email?"), not for something on the page.
_CONTACT_WORDS = frozenset(
    "contact email mail e-mail phone telephone call person someone somebody human talk speak "
    "reach write address number courriel téléphone joindre personne".split()
)


class ActionContact(AdvisorAction):
    """Give the human route for a programme: what its page lists, else who runs it."""

    def name(self) -> str:
        return "action_contact"

    def _unanswered(self, tracker: Tracker, programme_id: str) -> bool:
        """Say whether the question asks after someone or something the page never names."""
        text = self.question_text(tracker)
        ignore = self.ignored_words(text)
        query = parse_query(text, ignore=ignore).without(_CONTACT_WORDS)
        if not query.concepts:
            return False
        found = search_passages(self.kb.db, text, programmes=[programme_id], ignore=ignore)
        return not any(passage.score >= ANSWER_SCORE for passage in found)

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
            unanswered = self._unanswered(tracker, programme_id)
            # "who is the director?": the page names nobody; "any email?": the page gives none.
            if unanswered or not (stated or programme.contact_url):
                silent_on = None if unanswered else topics.CONTACT
                messages.append(
                    phrase(
                        domain,
                        "utter_not_stated_lead",
                        language,
                        page=programme.page_name,
                        programme=programme.short_name,
                        topic=topic_label(domain, language, silent_on),
                    )
                )
            messages.append(
                phrase(domain, "utter_contact", language, programme=programme.short_name, route=how)
            )
        dispatcher.utter_message(text="\n\n".join(messages))
        return self.slot_events(language=language, topic=topics.CONTACT)
