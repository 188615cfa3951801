"""`advisor transcripts purge | forget`: erasing conversations (retention and on request)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot.cli.transcripts_shared import echo

if TYPE_CHECKING:  # imported lazily so that `advisor --help` stays fast
    from bot.transcripts.cache import TranscriptsCache


@click.command()
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(min=0),
    default=365,
    show_default=True,
    help="Delete conversations whose last event is older than DAYS days.",
)
@click.option("--dry-run", is_flag=True, help="Only print what would be deleted.")
@click.pass_obj
def purge(store: TranscriptsCache, days: int, dry_run: bool) -> None:
    """Delete old conversations from the tracker store itself (default: older than 365 days).

    Example: advisor transcripts purge --older-than 365 --dry-run
    """
    source = store.source()
    try:
        senders = source.purge(time.time() - days * 86400, dry_run=dry_run)
    finally:
        source.close()
    if senders and not dry_run:
        store.forget()
    verb = "Would delete" if dry_run else "Deleted"
    click.echo(f"{verb} {len(senders)} conversations older than {days} days.")


@click.command()
@click.argument("conversation")
@click.option(
    "--reports",
    "reports_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="Folder of written reports and exports to clear of this conversation.",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def forget(store: TranscriptsCache, conversation: str, reports_dir: Path, yes: bool) -> None:
    """Erase one student's conversation: tracker store, transcripts cache and written reports.

    CONVERSATION is the sender id or its pseudonym. Reports and exports that mention it are
    deleted (write them again afterwards).

    Example: advisor transcripts forget c-3f9c2a1e0b7d --yes
    """
    from bot.transcripts.forget import forget_conversation

    sender = store.clear_id(conversation)
    pseudonym = store.pseudonymiser()(sender)
    if not yes:
        click.confirm(f"Erase conversation {pseudonym} everywhere?", abort=True)
    erased = forget_conversation(
        store.source(), store.cache, reports_dir, sender=sender, pseudonym=pseudonym
    )
    echo(
        f"Erased {pseudonym}: {erased.events} events from the tracker store, "
        f"{erased.cached_turns} turns from the cache, {len(erased.files)} report files."
    )
    for path in erased.files:
        echo(f"  deleted {path}")
