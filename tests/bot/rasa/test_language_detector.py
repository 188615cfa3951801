from rasa.shared.nlu.training_data.message import Message

from bot.rasa.language_detector import LanguageDetector


def test_every_message_gets_a_language_entity():
    detector = LanguageDetector()
    french, english = (
        Message(data={"text": "quelle est la date limite ?"}),
        Message(
            data={
                "text": "what is the deadline?",
                "entities": [{"entity": "programme", "value": "x"}],
            }
        ),
    )
    detector.process([french, english])
    assert french.get("entities")[-1]["value"] == "fr"
    assert [e["entity"] for e in english.get("entities")] == ["programme", "language"]
    assert english.get("entities")[-1]["value"] == "en"
