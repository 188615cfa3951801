"""Tell French questions from English ones, cheaply and without a language model."""

import re

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
# Words English spells the same way.
_SHARED = frozenset(
    "a date dates documents places conditions formation formations stage stages".split()
)
# "l'", "d'", "qu'", "j'"… start a French word; "I'm", "don't" are English.
_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'\w")
_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœæ'-]+", re.IGNORECASE)


def detect_language(text: str, *, default: str = ENGLISH) -> str:
    """Say whether a message is French or English, falling back to `default` when unsure."""
    words = [word.lower().strip("'-") for word in _WORD.findall(text or "")]
    if not words:
        return default
    french = sum(1 for word in words if word in _FRENCH_WORDS or _ELISION.match(word))
    accented = any(ch in text for ch in "éèêàçùôîœ")
    # An accented name in an English sentence ("Sorbonne Université") needs a word that is
    # French only, not one English shares ("a", "date", "documents").
    only_french = sum(
        1
        for word in words
        if (word in _FRENCH_WORDS and word not in _SHARED) or _ELISION.match(word)
    )
    if french >= max(1, round(len(words) / 3)) or (accented and only_french >= 1):
        return FRENCH
    return ENGLISH
