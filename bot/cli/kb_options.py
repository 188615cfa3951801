"""Options and the knowledge-base opener shared by the `advisor kb` commands."""

from pathlib import Path

import click

from knowledge.build import DEFAULT_OVERRIDES, DEFAULT_REGISTRY, DEFAULT_SOURCES
from knowledge.errors import KnowledgeBaseError
from knowledge.query import KnowledgeBase, default_db_path


def open_kb(db_path: Path | None) -> KnowledgeBase:
    """Open the knowledge base (the default one when no path is given), or fail in one line."""
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
