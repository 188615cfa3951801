"""Deprecated alias of `bot.rasa.tracker_store`, kept for one release.

It keeps endpoints files that name its tracker store working.
"""

import warnings

from bot.rasa.tracker_store import *  # noqa: F403
from bot.rasa.tracker_store import AdvisorSQLTrackerStore  # noqa: F401

warnings.warn("bot.tracker_store moved to bot.rasa.tracker_store", DeprecationWarning, stacklevel=2)
