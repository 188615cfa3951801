"""`advisor kb check | add | remove`: reviewing a programme's page and editing the registry."""

import re
from pathlib import Path

import click

from bot.cli.kb_diff import echo_diff, facts_by_programme
from bot.cli.kb_options import db_option, overrides_option, registry_option, sources_option
from knowledge.errors import KnowledgeBaseError
from knowledge.query import default_db_path
from knowledge.registry import RegistryEntry, load_registry
from knowledge.review import (
    PageCheck,
    add_to_registry,
    check_page,
    describe_values,
    fact_diff,
    remove_from_registry,
    suggest_aliases,
)


@click.command()
@click.argument("page", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "programme_id", default="new-programme", help="Programme id to check as.")
def check(page: Path, programme_id: str) -> None:
    """Show what students will be told from a page, per topic, before it is published.

    Prints each topic's facts with their verbatim quotes and parsed values, the topics that will
    be recorded as not stated, warnings to look at and errors that stop `make kb`. Exits 1 on
    errors. The extracted text is kept beside an HTML, PDF or Markdown page (PAGE.extracted.txt).

    Example: advisor kb check ~/Downloads/msc-health-data.html
    """
    result = check_page(page, programme_id=programme_id)
    if result.title:
        click.echo(f"Title: {result.title}")
    for topic, rows in result.facts.items():
        click.echo(f"{topic}:")
        for row in rows:
            values = describe_values(row)
            click.echo(f"  - {row['text']!r}" + (f"  [{values}]" if values else ""))
    if result.not_stated:
        click.echo("Recorded as not stated: " + ", ".join(result.not_stated))
    for warning in result.warnings:
        click.echo(f"Warning: {warning}")
    for error in result.errors:
        click.echo(f"Error: {error}")
    if not result.ok:
        raise SystemExit(1)
    click.echo("No errors: `advisor kb add` it, then `make kb`.")


@click.command()
@click.argument("page", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "programme_id", required=True, help="Programme id (lowercase, dashes).")
@click.option("--name", default=None, help="Display name (default: the page title).")
@click.option("--short-name", default=None, help="Short name (default: the name).")
@click.option("--alias", "aliases", multiple=True, help="An alias students type (repeatable).")
@sources_option
@registry_option
@click.option("--yes", is_flag=True, help="Replace an existing programme's page without asking.")
@db_option
def add(
    page: Path,
    programme_id: str,
    name: str | None,
    short_name: str | None,
    aliases: tuple[str, ...],
    sources: Path,
    registry: Path,
    yes: bool,
    db_path: Path | None,
) -> None:
    """Add a programme from its page (HTML, PDF, Markdown or text), or replace its page.

    Checks the page, copies it into the sources as ID.EXT and writes its registry entry with
    aliases suggested from the page title. Replacing a page first shows the diff of its facts
    (added, changed, gone) against the published knowledge base. Then run `make kb` and
    `make train`.

    Example: advisor kb add msc-health-data.html --id northfield-health-data --name "MSc Health Data Science"
    """  # noqa: E501
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", programme_id):
        raise click.ClickException("--id must be lowercase letters, digits and dashes")
    result = check_page(page, programme_id=programme_id, name=name)
    for error in result.errors:
        click.echo(f"Error: {error}")
    if not result.ok:
        raise click.ClickException("the page has errors; see `advisor kb check` (nothing changed)")
    name = name or result.title or programme_id
    short = short_name or name
    entries = load_registry(registry)
    suggested = _free_aliases(entries, programme_id, result.title, name)
    if programme_id in {entry.id for entry in entries}:
        _confirm_replacement(programme_id, result, db_path, yes=yes)
    entry = {
        "id": programme_id,
        "name": name,
        "short_name": short,
        "page_name": f"{short} page",
        "aliases": list(dict.fromkeys([*aliases, *suggested])),
    }
    target, replaced = add_to_registry(registry, sources, page, entry)
    click.echo(f"{'Replaced' if replaced else 'Added'} {programme_id}: page {target}")
    click.echo(f"Aliases: {', '.join(entry['aliases'])} (edit them in {registry})")
    click.echo("Next: `make kb` to publish, then `make train` so students' names for it are known.")


def _free_aliases(
    entries: list[RegistryEntry], programme_id: str, title: str | None, name: str
) -> list[str]:
    """Return the aliases suggested from the page that no other programme answers to."""
    taken = {
        alias.lower(): entry.id
        for entry in entries
        if entry.id != programme_id
        for alias in (entry.name, entry.short_name, *entry.aliases)
    }
    suggested = []
    for alias in suggest_aliases(title, name):
        if alias.lower() in taken:  # two programmes answering to one name would be ambiguous
            click.echo(f"Not suggesting {alias!r}: it already names {taken[alias.lower()]}")
        else:
            suggested.append(alias)
    return suggested


def _confirm_replacement(
    programme_id: str, result: PageCheck, db_path: Path | None, *, yes: bool
) -> None:
    """Show how the new page changes the published facts; stop unless replacing is confirmed."""
    published = facts_by_programme(db_path or default_db_path()).get(programme_id, [])
    new_rows = [row for rows in result.facts.values() for row in rows]
    echo_diff(programme_id, fact_diff(published, new_rows))
    if not yes and not click.confirm("Replace this programme's page?", default=False):
        raise click.ClickException("nothing changed")


@click.command()
@click.argument("programme_id")
@sources_option
@registry_option
@overrides_option
def remove(programme_id: str, sources: Path, registry: Path, overrides: Path) -> None:
    """Remove a programme: its registry entry, page and curated facts.

    `make kb` then drops its facts and aliases, and `make train` its NLU lookups.

    Example: advisor kb remove northfield-health-data
    """
    try:
        entry = remove_from_registry(registry, sources, programme_id, overrides_path=overrides)
    except KnowledgeBaseError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Removed {programme_id} ({entry.name}) and its page {entry.source}")
    click.echo("Next: `make kb`, then `make train`.")
