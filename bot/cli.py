"""The `advisor` command: one click group, each area's commands in its own module."""

import click

from bot.kb_cli import kb
from bot.private_files import restrict_umask
from bot.run_cli import nlu_data, run, shell, train
from bot.transcripts_cli import transcripts


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Programme Advisor: knowledge base, runtime and transcripts.

    Example: advisor kb dump --json
    """
    # The tracker store, its WAL files, logs, caches and reports hold students' messages:
    # everything the advisor and its servers create is readable by its owner only.
    restrict_umask()


main.add_command(kb)
main.add_command(transcripts)
for command in (nlu_data, run, shell, train):
    main.add_command(command)
