"""Deprecated alias of `bot.rasa.channels`, kept for one release.

It keeps credentials.yml files that name its channels working.
"""

import warnings

from bot.rasa.channels import *  # noqa: F403
from bot.rasa.channels import AdvisorRestInput, AdvisorSocketIOInput  # noqa: F401

warnings.warn("bot.channels moved to bot.rasa.channels", DeprecationWarning, stacklevel=2)
