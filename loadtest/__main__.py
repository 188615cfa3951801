"""`python -m loadtest …`: the harnesses' command line."""

from loadtest.cli import main

main(prog_name="python -m loadtest")
