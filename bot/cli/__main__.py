"""`python -m bot.cli …`: the `advisor` command, for processes started without the script."""

from bot.cli.main import main

main(prog_name="advisor")
