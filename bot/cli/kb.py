"""`advisor kb …`: the group and `kb build`; the other commands are in bot/cli/kb_*.py."""

import logging
from pathlib import Path

import click

from bot.cli.kb_diff import echo_diff, facts_by_programme
from bot.cli.kb_inspect import dump, search, show
from bot.cli.kb_options import db_option, overrides_option, registry_option, sources_option
from bot.cli.kb_pages import add, check, remove
from knowledge.build import PageReport, build_file
from knowledge.errors import KnowledgeBaseError
from knowledge.query import default_db_path
from knowledge.review import fact_diff


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
    before = facts_by_programme(target)

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
    after = facts_by_programme(target)
    for programme in sorted(set(before) | set(after)):
        if before and programme not in after:
            click.echo(f"{programme}: removed with its {len(before[programme])} facts")
        elif before:
            echo_diff(programme, fact_diff(before.get(programme, []), after[programme]), brief=True)
    click.echo(f"Wrote {report.fact_count} facts for {len(report.pages)} programmes to {target}")


for command in (add, check, dump, remove, search, show):
    kb.add_command(command)
