"""Published facts per programme and how a build or a new page changes them (kb build, kb add)."""

from pathlib import Path

import click

from knowledge.errors import KnowledgeBaseError
from knowledge.query import KnowledgeBase
from knowledge.review import describe_values


def facts_by_programme(path: Path) -> dict[str, list[dict]]:
    """Return the facts published in the knowledge base at path, by programme (none if absent)."""
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


def echo_diff(programme: str, diff: dict, *, brief: bool = False) -> None:
    """Print a programme's fact diff: counts when brief, else every added, changed, gone fact."""
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
