"""Deprecated alias of `bot.rasa.language_detector`, kept for one release.

It keeps configs and trained models that name its component working.
"""

import warnings

from bot.rasa.language_detector import *  # noqa: F403
from bot.rasa.language_detector import LanguageDetector  # noqa: F401

warnings.warn(
    "bot.language_detector moved to bot.rasa.language_detector", DeprecationWarning, stacklevel=2
)
