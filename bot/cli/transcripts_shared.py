"""What every `advisor transcripts` command shares: safe printing, the refreshed tables, options."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # imported lazily so that `advisor --help` stays fast
    from sqlite_utils import Database

    from bot.transcripts.cache import TranscriptsCache

SINCE = click.DateTime(formats=["%Y-%m-%d"])
UNMASKED_HELP = "Show personal data and clear conversation ids (for those allowed to)."


def echo(text: str, *, err: bool = False) -> None:
    """Print text typed by strangers with every terminal control character escaped."""
    from bot.transcripts.safety import terminal_safe

    click.echo(terminal_safe(text, keep_newlines=True), err=err)


def echo_json(data: object) -> None:
    """Print data as JSON with bidi and control characters escaped (still valid JSON)."""
    from bot.transcripts.safety import json_safe

    click.echo(json_safe(json.dumps(data, indent=2, ensure_ascii=False)))


def open_tables(store: TranscriptsCache) -> Database:
    """Return the refreshed derived tables, saying on stderr how many events were left out."""
    db = store.database()
    if store.skipped_events:
        click.echo(
            f"Skipped {store.skipped_events} malformed events in the tracker store.", err=True
        )
    return db
