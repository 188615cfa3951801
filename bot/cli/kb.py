"""`advisor kb …`: build and inspect the knowledge base."""

import json
import logging
from dataclasses import asdict
from pathlib import Path

import click

from knowledge.build import (
    DEFAULT_OVERRIDES,
    DEFAULT_REGISTRY,
    DEFAULT_SOURCES,
    PageReport,
    build_file,
)
from knowledge.errors import KnowledgeBaseError
from knowledge.query import KnowledgeBase, default_db_path
from knowledge.topics import TOPICS


def _open(db_path: Path | None) -> KnowledgeBase:
    try:
        return KnowledgeBase.open(db_path or default_db_path())
    except KnowledgeBaseError as error:
        raise click.ClickException(str(error)) from error


db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Knowledge base file (default: $ADVISOR_KB or knowledge.db in the repo root).",
)  # fmt: skip


@click.group()
def kb() -> None:
    """Build and inspect the knowledge base.

    Example: advisor kb dump --json
    """


@kb.command()
@click.option(
    "--sources",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_SOURCES,
    show_default=True,
    help="Folder of programme pages (*.txt).",
)
@click.option(
    "--registry",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_REGISTRY,
    show_default=True,
    help="Programme registry (programmes.yml).",
)
@click.option(
    "--overrides",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_OVERRIDES,
    show_default=True,
    help="Curated facts (overrides.yml).",
)
@db_option
def build(sources: Path, registry: Path, overrides: Path, db_path: Path | None) -> None:
    """Build the knowledge base from the programme pages, replacing it atomically.

    Example: advisor kb build --db knowledge.db
    """
    target = db_path or default_db_path()

    def progress(page: PageReport) -> None:
        click.echo(f"{page.file}: {page.fact_count} facts, {len(page.garbled_runs)} garbled runs")
        for run in page.garbled_runs:
            click.echo(f"  garbled {page.file}:{run.line}:{run.column} {run.run}")

    logging.getLogger("knowledge").setLevel(logging.ERROR)
    try:
        report = build_file(
            target,
            sources_dir=sources,
            registry_path=registry,
            overrides_path=overrides,
            progress=progress,
        )
    except KnowledgeBaseError as error:
        raise click.ClickException(f"build failed, {target} left unchanged: {error}") from error
    click.echo(f"Wrote {report.fact_count} facts for {len(report.pages)} programmes to {target}")


@kb.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of facts.")
@db_option
def dump(as_json: bool, db_path: Path | None) -> None:
    """Print every fact with its programme, topic, text, source and verbatim quote.

    Example: advisor kb dump --json
    """
    facts = _open(db_path).all_facts()
    if as_json:
        click.echo(json.dumps([asdict(fact) for fact in facts], ensure_ascii=False, indent=2))
        return
    for fact in facts:
        click.echo(f"{fact.programme}\t{fact.topic}\t{fact.method}\t{fact.text}")


@kb.command()
@click.argument("programme")
@click.argument("topic", required=False, type=click.Choice(TOPICS))
@db_option
def show(programme: str, topic: str | None, db_path: Path | None) -> None:
    """Show a programme's facts, all topics or one; the programme may be an alias.

    Example: advisor kb show st4health fees
    """
    base = _open(db_path)
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


@kb.command()
@click.argument("text")
@click.option("--programme", default=None, help="Programme id or alias to search within.")
@click.option("--limit", default=5, show_default=True, help="Maximum number of facts.")
@db_option
def search(text: str, programme: str | None, limit: int, db_path: Path | None) -> None:
    """Full-text search over fact texts and quotes.

    Example: advisor kb search "tuition fees" --programme st4health
    """
    base = _open(db_path)
    programme_id = None
    if programme:
        programme_id = programme if base.programme(programme) else base.resolve_programme(programme)
    for fact in base.search(text, programme_id=programme_id, limit=limit):
        click.echo(f"{fact.programme}\t{fact.topic}\t{fact.text}")
