"""Fill the domain's responses in the student's language, as Rasa's own NLG would choose them."""

from typing import Any

from knowledge.language import ENGLISH, FRENCH, detect_language

__all__ = ["ENGLISH", "FRENCH", "buttons_of", "detect_language", "phrase"]


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
