"""`advisor kb dump | show | search`: reading the published knowledge base."""

import json
from dataclasses import asdict
from pathlib import Path

import click

from bot.cli.kb_options import db_option, open_kb
from knowledge.topics import TOPICS


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of facts.")
@db_option
def dump(as_json: bool, db_path: Path | None) -> None:
    """Print every fact with its programme, topic, text, source and verbatim quote.

    Example: advisor kb dump --json
    """
    facts = open_kb(db_path).all_facts()
    if as_json:
        click.echo(json.dumps([asdict(fact) for fact in facts], ensure_ascii=False, indent=2))
        return
    for fact in facts:
        click.echo(f"{fact.programme}\t{fact.topic}\t{fact.method}\t{fact.text}")


@click.command()
@click.argument("programme")
@click.argument("topic", required=False, type=click.Choice(TOPICS))
@db_option
def show(programme: str, topic: str | None, db_path: Path | None) -> None:
    """Show a programme's facts, all topics or one; the programme may be an alias.

    Example: advisor kb show st4health fees
    """
    base = open_kb(db_path)
    programme_id = programme if base.programme(programme) else base.resolve_programme(programme)
    if programme_id is None:
        raise click.ClickException(f"unknown programme {programme!r}")
    record = base.programme(programme_id)
    click.echo(f"{record.name} [{record.id}] from {record.source}")
    for name in [topic] if topic else TOPICS:
        for fact in base.facts(programme_id, name):
            subtopic = f" ({fact.subtopic})" if fact.subtopic else ""
            click.echo(f"- {fact.topic}{subtopic}: {fact.text}")
            if fact.quote:
                click.echo(f"    quote: {fact.quote!r}")


@click.command()
@click.argument("text")
@click.option("--programme", default=None, help="Programme id or alias to search within.")
@click.option("--limit", default=5, show_default=True, help="Maximum number of facts.")
@db_option
def search(text: str, programme: str | None, limit: int, db_path: Path | None) -> None:
    """Full-text search over fact texts and quotes.

    Example: advisor kb search "tuition fees" --programme st4health
    """
    base = open_kb(db_path)
    programme_id = None
    if programme:
        programme_id = programme if base.programme(programme) else base.resolve_programme(programme)
    for fact in base.search(text, programme_id=programme_id, limit=limit):
        click.echo(f"{fact.programme}\t{fact.topic}\t{fact.text}")
