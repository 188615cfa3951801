"""`advisor transcripts …`: what analysts read."""

from __future__ import annotations

import csv
import io
import itertools
import json
import sqlite3
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from settings import DEFAULT_TRACKER_DB, DEFAULT_TRANSCRIPTS_CACHE, TRANSCRIPTS_CACHE_ENV

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


@transcripts.command("list")
@click.option("--since", type=SINCE, help="Only conversations started on or after DATE.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--unmasked", is_flag=True, help=UNMASKED_HELP)
@click.pass_obj
def list_command(
    store: TranscriptsCache, since: datetime | None, as_json: bool, unmasked: bool
) -> None:
    """List conversations: start, messages, programmes, topics, fallback, handoff.

    Example: advisor transcripts list --since 2026-11-01 --json
    """
    from bot.transcripts.views import format_list, list_conversations

    conversations = list_conversations(open_tables(store), since=since and since.date())
    if unmasked:
        pseudonym = store.pseudonymiser()
        clear = {pseudonym(sender): sender for sender in store.sender_ids()}
        for conversation in conversations:
            conversation["conversation_id"] = clear.get(conversation["conversation_id"], "?")
    if as_json:
        echo_json(conversations)
    elif conversations:
        echo(format_list(conversations))
    else:
        click.echo("No conversations in that period.")


@transcripts.command()
@click.argument("conversation")
@click.option("--unmasked", is_flag=True, help=UNMASKED_HELP)
@click.pass_obj
def show(store: TranscriptsCache, conversation: str, unmasked: bool) -> None:
    """Print one conversation: time, who, text, intent and confidence, entities, actions, buttons.

    CONVERSATION is the pseudonym `list` prints (or the sender id, if known).

    Example: advisor transcripts show c-3f9c2a1e0b7d
    """
    from bot.transcripts.views import format_transcript, stored_turns

    db = open_tables(store)
    if unmasked:
        sender = store.clear_id(conversation)
        echo(format_transcript(sender, store.unmasked_turns([sender]), masked=False))
        return
    conversation = store.cached_id(conversation, db)
    echo(format_transcript(conversation, stored_turns(db, conversation)))


@transcripts.command()
@click.argument("text")
@click.option("--limit", default=100, show_default=True, help="Most matches to print.")
@click.pass_obj
def search(store: TranscriptsCache, text: str, limit: int) -> None:
    """Full-text search of user messages (words are stemmed: 'fee' finds 'fees').

    Example: advisor transcripts search "tuition fees"
    """
    from bot.transcripts.safety import terminal_safe
    from bot.transcripts.views import search_messages

    # The cache holds masked text only, so a masked value can be neither found nor confirmed.
    matches = search_messages(open_tables(store), text, limit=limit)
    if not matches:
        echo(f"No user message matches {text!r}.")
    for match in matches:
        echo(
            f"{match['time']}  {terminal_safe(match['conversation_id'])}#{match['turn']}  "
            f"{terminal_safe(match['user_text'])}  [{terminal_safe(match['intent'])}]"
        )


@transcripts.command()
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "jsonl"]),
    default="csv",
    show_default=True,
    help="Output format.",
)
@click.option("--conversation", help="Only this conversation (its pseudonym or sender id).")
@click.option("--since", type=SINCE, help="Only turns on or after DATE.")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
)
@click.option(
    "--unmasked",
    is_flag=True,
    help="Keep emails, phone numbers and other personal data (for those allowed to).",
)
@click.pass_obj
def export(
    store: TranscriptsCache,
    file_format: str,
    conversation: str | None,
    since: datetime | None,
    out: Path | None,
    unmasked: bool,
) -> None:
    """Export one row per turn; personal data is masked unless --unmasked.

    Example: advisor transcripts export --format jsonl --since 2026-11-01 --out turns.jsonl
    """
    from bot.private_files import create_private
    from bot.transcripts.safety import csv_cell, json_safe
    from bot.transcripts.views import EXPORT_FIELDS, export_rows, flatten, rows_from_turns

    db = open_tables(store)
    if unmasked:
        senders = [store.clear_id(conversation)] if conversation else None
        turns = sorted(
            store.unmasked_turns(senders), key=lambda t: (t["conversation_id"], t["turn"])
        )
        rows = rows_from_turns(turns, since=since and since.date(), masked=False)
    else:
        rows = export_rows(
            db,
            conversation_id=conversation and store.cached_id(conversation, db),
            since=since and since.date(),
        )
    first = next(rows, None)  # an unknown conversation fails here, before the file is created
    rows = itertools.chain([first], rows) if first else iter(())
    # An export holds personal data when --unmasked: created 0600 like the cache.
    stream = (
        io.TextIOWrapper(create_private(out), encoding="utf-8", newline="") if out else sys.stdout
    )
    count = 0
    try:
        writer = csv.DictWriter(stream, fieldnames=EXPORT_FIELDS) if file_format == "csv" else None
        if writer:
            writer.writeheader()
        for row in rows:
            count += 1
            if writer:
                # The bot's replies are several lines by design; nothing else may break a line.
                writer.writerow(
                    {
                        key: csv_cell(value, keep_newlines=key == "bot_text")
                        for key, value in flatten(row).items()
                    }
                )
            else:
                stream.write(json_safe(json.dumps(row, ensure_ascii=False)) + "\n")
    finally:
        if out:
            stream.close()
    if out:
        click.echo(f"Wrote {count} turns to {out}", err=True)


@transcripts.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write an HTML report with plots to FILE.",
)
@click.pass_obj
def report(store: TranscriptsCache, as_json: bool, html_file: Path | None) -> None:
    """Report volumes per day, intents and topics by programme, rates, gaps and handoffs.

    Rates are over user messages: fallback (nlu_fallback or a fallback action), out-of-scope,
    low-confidence (top intent confidence below 0.6) and unanswered. Unanswered questions are
    grouped by TF-IDF cosine similarity. Personal data is masked.

    Example: advisor transcripts report --html var/report.html
    """
    from bot.transcripts.report import build_report, format_report

    data = build_report(open_tables(store))
    if as_json:
        echo_json(data)
    else:
        echo(format_report(data))
    if html_file:
        from bot.private_files import create_private
        from bot.transcripts.html import render_html

        html_file.parent.mkdir(parents=True, exist_ok=True)
        with create_private(html_file) as file:
            file.write(render_html(data).encode("utf-8"))
        click.echo(f"Wrote {html_file}", err=True)


@transcripts.command("to-nlu")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
)
@click.pass_obj
def to_nlu(store: TranscriptsCache, out: Path | None) -> None:
    """Write unanswered and low-confidence messages as candidate NLU examples to label.

    Example: advisor transcripts to-nlu --out data/candidates.yml
    """
    from bot.transcripts.to_nlu import candidate_examples, candidates_yaml

    examples = candidate_examples(open_tables(store))
    text = candidates_yaml(examples)
    if out:
        out.write_text(text, encoding="utf-8")
        count = sum(len(texts) for texts in examples.values())
        click.echo(f"Wrote {count} candidate examples to {out}", err=True)
    else:
        from bot.transcripts.safety import terminal_safe

        click.echo(terminal_safe(text, keep_newlines=True), nl=False)


@transcripts.command()
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


@transcripts.command()
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
