"""`advisor transcripts …`: what analysts read."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import sqlite3
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # imported lazily so that `advisor --help` stays fast
    from sqlite_utils import Database

    from bot.transcripts.pseudonyms import Pseudonymiser
    from bot.transcripts.source import TrackerSource

CACHE_ENV = "ADVISOR_TRANSCRIPTS_DB"
DEFAULT_CACHE = "var/transcripts.db"
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


class Settings:
    """Where the tracker store and the derived cache live."""

    def __init__(self, db: str | None, cache: str | None) -> None:
        from bot.transcripts.source import resolve_url, sqlite_path

        self.url = resolve_url(db)
        tracker_file = sqlite_path(self.url)
        if cache:
            self.cache = Path(cache)
        elif os.environ.get(CACHE_ENV):
            self.cache = Path(os.environ[CACHE_ENV])
        elif tracker_file is not None:
            self.cache = tracker_file.with_name("transcripts.db")
        else:
            self.cache = Path(DEFAULT_CACHE).resolve()

    def pseudonymiser(self) -> Pseudonymiser:
        """Return the pseudonymiser keyed by the key file beside the cache."""
        from bot.transcripts.pseudonyms import Pseudonymiser, key_path, load_key

        return Pseudonymiser(load_key(key_path(self.cache)))

    def sender_ids(self) -> list[str]:
        """Return every clear sender id of the tracker store."""
        source = self.source()
        try:
            return source.senders_after(0)
        finally:
            source.close()

    def clear_id(self, conversation: str) -> str:
        """Return the sender id behind a pseudonym (or a clear id given as such)."""
        from bot.transcripts.source import TranscriptsError

        pseudonym = self.pseudonymiser()
        senders = self.sender_ids()
        if conversation in senders:
            return conversation
        sender = pseudonym.reverse(conversation, senders)
        if sender is None:
            raise TranscriptsError(f"no conversation {conversation!r} in the tracker store")
        return sender

    def cached_id(self, conversation: str, db: Database) -> str:
        """Return the cache's name (pseudonym) for a pseudonym or a clear sender id."""
        from bot.transcripts.source import TranscriptsError

        for candidate in (conversation, self.pseudonymiser()(conversation)):
            if db["conversations"].count_where("conversation_id = ?", [candidate]):
                return candidate
        raise TranscriptsError(f"no conversation {conversation!r} in the tracker store")

    def unmasked_turns(self, senders: list[str] | None = None) -> list[dict]:
        """Derive turns straight from the tracker store, clear ids and text (never cached)."""
        from bot.transcripts.turns import derive

        source = self.source()
        try:
            return [row for _, rows in derive(source.events(senders)) for row in rows]
        finally:
            source.close()

    def source(self) -> TrackerSource:
        """Return the tracker source."""
        from bot.transcripts.source import TrackerSource

        return TrackerSource(self.url)

    def database(self) -> Database:
        """Refresh the derived tables from the tracker store and return them."""
        from sqlite_utils import Database

        from bot.private_files import make_private, prepare_private_sqlite
        from bot.transcripts.masking import mask_text
        from bot.transcripts.pii import mask_personal_data
        from bot.transcripts.source import TranscriptsError, describe
        from bot.transcripts.turns import refresh

        source = self.source()
        source.engine  # noqa: B018 - fail on a missing tracker store before creating a cache
        # Masked and pseudonymised before it is stored: the cache never holds clear text.
        options = {
            "pseudonym": self.pseudonymiser(),
            "mask_user": mask_personal_data,
            "mask_bot": mask_text,
        }
        prepare_private_sqlite(self.cache)
        db = Database(self.cache)
        try:
            refresh(db, source, **options)
        except sqlite3.DatabaseError:  # a damaged cache is only a cache: rebuild it
            db.close()
            self.cache.unlink()
            prepare_private_sqlite(self.cache)
            db = Database(self.cache)
            refresh(db, source, **options)
        finally:
            source.close()
        make_private(self.cache)
        skipped = int(
            dict(db.execute("select key, value from meta").fetchall()).get("skipped_events", 0)
        )
        if skipped:
            click.echo(f"Skipped {skipped} malformed events in the tracker store.", err=True)
        if not db["conversations"].exists() or not db["conversations"].count:
            raise TranscriptsError(f"tracker store {describe(self.url)} has no conversations yet")
        return db


@click.group(cls=TranscriptsGroup)
@click.option(
    "--db",
    envvar="ADVISOR_TRACKER_DB",
    help="Tracker store: an SQLite path or an SQLAlchemy URL "
    "(default: $ADVISOR_TRACKER_DB or var/tracker.db).",
)
@click.option(
    "--cache",
    help=f"Derived SQLite tables (default: ${CACHE_ENV}, else transcripts.db beside an SQLite "
    f"tracker store, else {DEFAULT_CACHE}).",
)
@click.pass_context
def transcripts(ctx: click.Context, db: str | None, cache: str | None) -> None:
    """Review conversations kept in the tracker store.

    Derived tables (turns, conversations, full-text search on user text) are kept in an SQLite
    cache, refreshed on every command, so they can also be browsed with any SQLite tool.

    Example: advisor transcripts list --since 2026-11-01
    """
    ctx.obj = Settings(db, cache)


@transcripts.command("list")
@click.option("--since", type=SINCE, help="Only conversations started on or after DATE.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--unmasked", is_flag=True, help=UNMASKED_HELP)
@click.pass_obj
def list_command(settings: Settings, since: datetime | None, as_json: bool, unmasked: bool) -> None:
    """List conversations: start, messages, programmes, topics, fallback, handoff.

    Example: advisor transcripts list --since 2026-11-01 --json
    """
    from bot.transcripts.views import format_list, list_conversations

    conversations = list_conversations(settings.database(), since=since and since.date())
    if unmasked:
        pseudonym = settings.pseudonymiser()
        clear = {pseudonym(sender): sender for sender in settings.sender_ids()}
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
def show(settings: Settings, conversation: str, unmasked: bool) -> None:
    """Print one conversation: time, who, text, intent and confidence, entities, actions, buttons.

    CONVERSATION is the pseudonym `list` prints (or the sender id, if known).

    Example: advisor transcripts show c-3f9c2a1e0b7d
    """
    from bot.transcripts.views import conversation_turns, format_transcript

    db = settings.database()
    if unmasked:
        sender = settings.clear_id(conversation)
        echo(format_transcript(sender, settings.unmasked_turns([sender]), masked=False))
        return
    conversation = settings.cached_id(conversation, db)
    echo(format_transcript(conversation, conversation_turns(db, conversation)))


@transcripts.command()
@click.argument("text")
@click.option("--limit", default=100, show_default=True, help="Most matches to print.")
@click.pass_obj
def search(settings: Settings, text: str, limit: int) -> None:
    """Full-text search of user messages (words are stemmed: 'fee' finds 'fees').

    Example: advisor transcripts search "tuition fees"
    """
    from bot.transcripts.safety import terminal_safe
    from bot.transcripts.views import search_messages

    # The cache holds masked text only, so a masked value can be neither found nor confirmed.
    matches = search_messages(settings.database(), text, limit=limit)
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
@click.option("--conversation", help="Only this conversation (sender id).")
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
    settings: Settings,
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

    db = settings.database()
    if unmasked:
        senders = [settings.clear_id(conversation)] if conversation else None
        turns = sorted(
            settings.unmasked_turns(senders), key=lambda t: (t["conversation_id"], t["turn"])
        )
        rows = rows_from_turns(turns, since=since and since.date(), masked=False)
    else:
        rows = export_rows(
            db,
            conversation_id=conversation and settings.cached_id(conversation, db),
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
def report(settings: Settings, as_json: bool, html_file: Path | None) -> None:
    """Report volumes per day, intents and topics by programme, rates, gaps and handoffs.

    Rates are over user messages: fallback (nlu_fallback or a fallback action), out-of-scope,
    low-confidence (top intent confidence below 0.6) and unanswered. Unanswered questions are
    grouped by TF-IDF cosine similarity. Personal data is masked.

    Example: advisor transcripts report --html var/report.html
    """
    from bot.transcripts.report import build_report, format_report

    data = build_report(settings.database())
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
def to_nlu(settings: Settings, out: Path | None) -> None:
    """Write unanswered and low-confidence messages as candidate NLU examples to label.

    Example: advisor transcripts to-nlu --out data/candidates.yml
    """
    from bot.transcripts.to_nlu import candidate_examples, render_nlu

    examples = candidate_examples(settings.database())
    text = render_nlu(examples)
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
def purge(settings: Settings, days: int, dry_run: bool) -> None:
    """Delete old conversations from the tracker store itself (default: older than 365 days).

    Example: advisor transcripts purge --older-than 365 --dry-run
    """
    source = settings.source()
    try:
        senders = source.purge(time.time() - days * 86400, dry_run=dry_run)
    finally:
        source.close()
    if senders and not dry_run and settings.cache.exists():
        # Deleted ids may be reused by new events: make the next command rebuild the cache.
        with sqlite3.connect(settings.cache) as connection:
            connection.execute("drop table if exists meta")
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
def forget(settings: Settings, conversation: str, reports_dir: Path, yes: bool) -> None:
    """Erase one student's conversation: tracker store, transcripts cache and written reports.

    CONVERSATION is the sender id or its pseudonym. Reports and exports that mention it are
    deleted (write them again afterwards).

    Example: advisor transcripts forget c-3f9c2a1e0b7d --yes
    """
    from bot.transcripts.forget import forget_conversation

    sender = settings.clear_id(conversation)
    pseudonym = settings.pseudonymiser()(sender)
    if not yes:
        click.confirm(f"Erase conversation {pseudonym} everywhere?", abort=True)
    erased = forget_conversation(
        settings.source(), settings.cache, reports_dir, sender=sender, pseudonym=pseudonym
    )
    echo(
        f"Erased {pseudonym}: {erased.events} events from the tracker store, "
        f"{erased.cached_turns} turns from the cache, {len(erased.files)} report files."
    )
    for path in erased.files:
        echo(f"  deleted {path}")
