"""Fill the domain's responses in the student's language, as Rasa's own NLG would choose them."""

import re
from typing import Any

FRENCH = "fr"
ENGLISH = "en"

# Common French function words and question words; enough to tell a French question from an
# English one without a language model.
_FRENCH_WORDS = frozenset(
    (
        "le la les des du de un une est sont quel quelle quels quelles quand combien comment "
        "pour avec dans sur je vous nous est-ce qu qui que quoi où frais date dates limite "
        "candidature candidater inscription coût coûte débouchés métiers prérequis conditions "
        "formation formations bonjour merci année stage stages documents pièces langue "
        "durée places diplôme lieu dois puis faut il y a-t-il ce cette ces mon ma mes"
    ).split()
)
_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœæ'-]+", re.IGNORECASE)


def detect_language(text: str, *, default: str = ENGLISH) -> str:
    """Say whether a message is French or English, falling back to `default` when unsure."""
    words = [word.lower().strip("'-") for word in _WORD.findall(text or "")]
    if not words:
        return default
    french = sum(1 for word in words if word in _FRENCH_WORDS or "'" in word)
    accented = any(ch in text for ch in "éèêàçùôîœ")
    if french >= max(2, len(words) // 3) or (accented and french >= 1):
        return FRENCH
    return ENGLISH


def phrase(domain: dict[str, Any], response: str, language: str, **values: Any) -> str:
    """Return the text of a domain response in `language`, filled with `values`."""
    variations = domain.get("responses", {}).get(response)
    if not variations:
        raise KeyError(f"response {response!r} is missing from domain.yml")
    chosen = _variation_for(variations, language)
    return chosen["text"].format(**values)


def buttons_of(domain: dict[str, Any], response: str, language: str) -> list[dict[str, str]]:
    """Return the buttons of a domain response in `language` (an empty list when none)."""
    variations = domain.get("responses", {}).get(response) or []
    return list(_variation_for(variations, language).get("buttons", [])) if variations else []


def _variation_for(variations: list[dict[str, Any]], language: str) -> dict[str, Any]:
    for variation in variations:
        for condition in variation.get("condition") or []:
            if condition.get("name") == "language" and condition.get("value") == language:
                return variation
    unconditional = [variation for variation in variations if not variation.get("condition")]
    return unconditional[0] if unconditional else variations[0]
