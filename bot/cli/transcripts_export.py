"""`advisor transcripts export | report | to-nlu`: files written from the conversations."""

from __future__ import annotations

import csv
import io
import itertools
import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from bot.cli.transcripts_shared import SINCE, echo, echo_json, open_tables

if TYPE_CHECKING:  # imported lazily so that `advisor --help` stays fast
    from bot.transcripts.cache import TranscriptsCache


@click.command()
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

    rows = _turn_rows(store, conversation, since, unmasked=unmasked)
    first = next(rows, None)  # an unknown conversation fails here, before the file is created
    rows = itertools.chain([first], rows) if first else iter(())
    # An export holds personal data when --unmasked: created 0600 like the cache.
    stream = (
        io.TextIOWrapper(create_private(out), encoding="utf-8", newline="") if out else sys.stdout
    )
    try:
        count = _write_rows(rows, stream, file_format)
    finally:
        if out:
            stream.close()
    if out:
        click.echo(f"Wrote {count} turns to {out}", err=True)


def _turn_rows(
    store: TranscriptsCache, conversation: str | None, since: datetime | None, *, unmasked: bool
) -> Iterator[dict]:
    """Return the export's rows: from the masked cache, or from the tracker store itself."""
    from bot.transcripts.views import export_rows, rows_from_turns

    db = open_tables(store)
    if unmasked:
        senders = [store.clear_id(conversation)] if conversation else None
        turns = sorted(
            store.unmasked_turns(senders), key=lambda t: (t["conversation_id"], t["turn"])
        )
        return rows_from_turns(turns, since=since and since.date(), masked=False)
    return export_rows(
        db,
        conversation_id=conversation and store.cached_id(conversation, db),
        since=since and since.date(),
    )


def _write_rows(rows: Iterator[dict], stream: TextIO, file_format: str) -> int:
    """Write the rows as CSV (with a header) or JSON lines; return how many were written."""
    from bot.transcripts.safety import csv_cell, json_safe
    from bot.transcripts.views import EXPORT_FIELDS, flatten

    count = 0
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
    return count


@click.command()
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


@click.command("to-nlu")
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
