"""The transcripts tests' CLI runner, for the synthetic tracker stores made here."""

from tests.bot.transcripts.conftest import run  # noqa: F401 - a fixture, used by name
