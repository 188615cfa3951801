"""The `advisor` command: one click group; every sub-command is registered here."""

import click

from bot.cli.kb import kb
from bot.cli.run import nlu_data, run, shell, train
from bot.cli.scale import scale
from bot.cli.transcripts import transcripts
from bot.cli.web import web
from bot.private_files import restrict_umask


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Programme Advisor: knowledge base, runtime, chat page, transcripts and scale-out.

    Example: advisor kb dump --json
    """
    # The tracker store, its WAL files, logs, caches and reports hold students' messages:
    # everything the advisor and its servers create is readable by its owner only.
    restrict_umask()


for command in (kb, nlu_data, run, scale, shell, train, transcripts, web):
    main.add_command(command)
