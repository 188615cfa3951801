"""`advisor kb …`: build and inspect the knowledge base."""

import json
import logging
import re
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
from knowledge.registry import load_registry
from knowledge.review import (
    add_to_registry,
    check_page,
    describe_values,
    fact_diff,
    remove_from_registry,
    suggest_aliases,
)
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

sources_option = click.option(
    "--sources", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_SOURCES,
    show_default=True, help="Folder of programme pages (.txt, .md, .html, .pdf).",
)  # fmt: skip
registry_option = click.option(
    "--registry", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_REGISTRY,
    show_default=True, help="Programme registry (programmes.yml).",
)  # fmt: skip
overrides_option = click.option(
    "--overrides", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_OVERRIDES,
    show_default=True, help="Curated facts (overrides.yml).",
)  # fmt: skip


@click.group()
def kb() -> None:
    """Build and inspect the knowledge base.

    Example: advisor kb dump --json
    """


@kb.command()
@sources_option
@registry_option
@overrides_option
@click.option(
    "--force",
    is_flag=True,
    envvar="KB_FORCE",
    help="Publish even pages whose check has errors (an amount written but not read).",
)
@db_option
def build(
    sources: Path, registry: Path, overrides: Path, force: bool, db_path: Path | None
) -> None:
    """Build the knowledge base from the programme pages, replacing it atomically.

    Example: advisor kb build --db knowledge.db
    """
    target = db_path or default_db_path()
    before = _facts_by_programme(target)

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
            force=force,
        )
    except KnowledgeBaseError as error:
        raise click.ClickException(f"build failed, {target} left unchanged: {error}") from error
    after = _facts_by_programme(target)
    for programme in sorted(set(before) | set(after)):
        if before and programme not in after:
            click.echo(f"{programme}: removed with its {len(before[programme])} facts")
        elif before:
            _echo_diff(
                programme, fact_diff(before.get(programme, []), after[programme]), brief=True
            )
    click.echo(f"Wrote {report.fact_count} facts for {len(report.pages)} programmes to {target}")


def _facts_by_programme(path: Path) -> dict[str, list[dict]]:
    if not path.is_file():
        return {}
    try:
        base = KnowledgeBase.open(path)
    except KnowledgeBaseError:
        return {}
    rows: dict[str, list[dict]] = {}
    for row in base.db.query("select * from facts order by programme, rank"):
        rows.setdefault(row["programme"], []).append(row)
    base.db.close()
    return rows


def _echo_diff(programme: str, diff: dict, *, brief: bool = False) -> None:
    counts = {name: len(items) for name, items in diff.items()}
    if brief and not any(counts.values()):
        return
    click.echo(
        f"{programme}: {counts['added']} added, {counts['changed']} changed, {counts['gone']} gone"
    )
    if brief:
        return
    for row in diff["added"]:
        click.echo(f"  + {row['topic']}: {row['text']!r}")
    for old, new in diff["changed"]:
        click.echo(f"  ~ {old['topic']}: {old['text']!r} [{describe_values(old)}]")
        click.echo(f"    now {new['text']!r} [{describe_values(new)}]")
    for row in diff["gone"]:
        click.echo(f"  - {row['topic']}: {row['text']!r}")


@kb.command()
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


@kb.command()
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
    known = {entry.id for entry in entries}
    taken = {
        alias.lower(): entry.id
        for entry in entries
        if entry.id != programme_id
        for alias in (entry.name, entry.short_name, *entry.aliases)
    }
    suggested = []
    for alias in suggest_aliases(result.title, name):
        if alias.lower() in taken:  # two programmes answering to one name would be ambiguous
            click.echo(f"Not suggesting {alias!r}: it already names {taken[alias.lower()]}")
        else:
            suggested.append(alias)
    if programme_id in known:
        published = _facts_by_programme(db_path or default_db_path()).get(programme_id, [])
        new_rows = [row for rows in result.facts.values() for row in rows]
        _echo_diff(programme_id, fact_diff(published, new_rows))
        if not yes and not click.confirm("Replace this programme's page?", default=False):
            raise click.ClickException("nothing changed")
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


@kb.command()
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
