"""Deprecated alias of `settings`, kept for one release.

It keeps code that imports the settings from bot working.
"""

import warnings

from settings import *  # noqa: F403
from settings import PROJECT_ROOT, Settings, free_port, isolated_settings  # noqa: F401

warnings.warn("bot.settings moved to settings", DeprecationWarning, stacklevel=2)
