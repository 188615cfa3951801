"""`advisor transcripts …`: the group analysts use; its commands are in bot/cli/transcripts_*.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from bot.cli.transcripts_erase import forget, purge
from bot.cli.transcripts_export import export, report, to_nlu
from bot.cli.transcripts_read import list_command, search, show
from settings import DEFAULT_TRACKER_DB, DEFAULT_TRANSCRIPTS_CACHE, TRANSCRIPTS_CACHE_ENV


class TranscriptsGroup(click.Group):
    """A group that turns known problems into one-line errors instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the subcommand, reporting TranscriptsError and SQLite errors as one line."""
        from bot.transcripts.source import TranscriptsError

        try:
            return super().invoke(ctx)
        except TranscriptsError as error:
            raise click.ClickException(str(error)) from None
        except sqlite3.Error as error:
            raise click.ClickException(f"cannot use the transcripts cache: {error}") from None


@click.group(cls=TranscriptsGroup)
@click.option(
    "--db",
    help="Tracker store: an SQLite path or an SQLAlchemy URL "
    f"(default: $ADVISOR_TRACKER_DB or {DEFAULT_TRACKER_DB} in the project).",
)
@click.option(
    "--cache",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Derived SQLite tables (default: ${TRANSCRIPTS_CACHE_ENV}, else transcripts.db beside "
    f"an SQLite tracker store, else {DEFAULT_TRANSCRIPTS_CACHE} in the project).",
)
@click.pass_context
def transcripts(ctx: click.Context, db: str | None, cache: Path | None) -> None:
    """Review conversations kept in the tracker store.

    Derived tables (turns, conversations, full-text search on user text) are kept in an SQLite
    cache, refreshed on every command, so they can also be browsed with any SQLite tool.

    Example: advisor transcripts list --since 2026-11-01
    """
    from bot.transcripts.cache import TranscriptsCache

    # Paths typed on the command line are relative to where they were typed.
    if db and "://" not in db:
        db = str(Path(db).expanduser().resolve())
    ctx.obj = TranscriptsCache(db, cache.resolve() if cache else None)


for command in (list_command, show, search, export, report, to_nlu, purge, forget):
    transcripts.add_command(command)
