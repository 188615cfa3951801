"""Every benchmark command is a click command whose help shows an example of its own use."""

import importlib

import pytest
from click.testing import CliRunner

COMMANDS = [
    ("bench.run", "python -m bench.run"),
    ("bench.answers_runner", "python -m bench.answers"),
    ("bench.compare_pipelines", "python -m bench.compare_pipelines"),
    ("bench.oos_split", "python -m bench.oos_split"),
    ("bench.overlap", "python -m bench.overlap"),
    ("bench.pages", "python -m bench.pages"),
    ("bench.pii", "python -m bench.pii"),
    ("bench.predict", "python -m bench.predict"),
    ("bench.readme", "python -m bench.readme"),
    ("bench.build_spacy_blank", "python -m bench.build_spacy_blank"),
]


@pytest.mark.parametrize(("module", "example"), COMMANDS)
def test_help_shows_an_example(module, example):
    command = importlib.import_module(module).main
    result = CliRunner().invoke(command, ["--help"])
    assert result.exit_code == 0, result.output
    assert f"Example: {example}" in " ".join(result.output.split())


def test_an_unknown_section_is_refused():
    from bench.run import main

    result = CliRunner().invoke(main, ["--only", "nlu,nonsense"])
    assert result.exit_code == 2
    assert "unknown sections: nonsense" in result.output


def test_the_readme_check_passes_on_the_committed_results():
    from bench.readme import main

    assert CliRunner().invoke(main, ["--check"]).exit_code == 0
