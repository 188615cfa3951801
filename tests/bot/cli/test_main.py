"""Every `advisor` and `python -m loadtest` command has help with an example of itself."""

import click
import pytest
from click.testing import CliRunner

from bot.cli.main import main
from loadtest.cli import main as loadtest_main


def commands(group: click.Group, prefix: list[str]) -> list[list[str]]:
    """Return the path of every command and group under `group`."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append([*prefix, name])
        if isinstance(command, click.Group):
            found += commands(command, [*prefix, name])
    return found


@pytest.mark.parametrize("path", commands(main, []), ids=" ".join)
def test_advisor_command_has_help_with_an_example(path):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert "advisor " + " ".join(path) in result.output.split("Example:", 1)[1]


@pytest.mark.parametrize("path", commands(loadtest_main, []), ids=" ".join)
def test_harness_command_has_help_with_an_example(path):
    result = CliRunner().invoke(loadtest_main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example: python -m loadtest " + " ".join(path) in result.output
