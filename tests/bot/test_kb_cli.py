"""`advisor kb …` through click's CliRunner."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.kb_cli import kb

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a knowledge base built by the CLI."""
    path = tmp_path_factory.mktemp("kb") / "knowledge.db"
    result = CliRunner().invoke(kb, ["build", "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_build_reports_progress(tmp_path: Path) -> None:
    result = CliRunner().invoke(kb, ["build", "--db", str(tmp_path / "k.db")])
    assert result.exit_code == 0, result.output
    assert "st4health-biomedical-engineering-master.txt: " in result.output
    assert "7 garbled runs" in result.output
    assert "garbled st4health-biomedical-engineering-master.txt:2:262 ²ÝÁñÂÛ̳" in result.output


def test_dump_json(db_path: Path) -> None:
    result = CliRunner().invoke(kb, ["dump", "--json", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    facts = json.loads(result.output)
    assert {fact["programme"] for fact in facts} == {
        "st4health",
        "medical-radiophysics-m2",
        "leuven-medical-physics",
    }
    for key in ("programme", "topic", "text", "source", "quote", "method", "stated", "rank"):
        assert key in facts[0]


def test_show_accepts_an_alias(db_path: Path) -> None:
    result = CliRunner().invoke(kb, ["show", "st4helth", "fees", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "Tuition fees: €250 /year (set by ministerial decree)" in result.output


def test_show_unknown_programme(db_path: Path) -> None:
    result = CliRunner().invoke(kb, ["show", "physics", "--db", str(db_path)])
    assert result.exit_code != 0 and "unknown programme" in result.output


def test_search(db_path: Path) -> None:
    result = CliRunner().invoke(kb, ["search", "tuition", "--db", str(db_path)])
    assert result.exit_code == 0 and "€250" in result.output
    hostile = CliRunner().invoke(kb, ["search", "'; DROP TABLE facts;--", "--db", str(db_path)])
    assert hostile.exit_code == 0


def test_env_var_chooses_the_database(db_path: Path) -> None:
    result = CliRunner().invoke(kb, ["show", "leuven", "fees"], env={"ADVISOR_KB": str(db_path)})
    assert "does not state the tuition fees" in result.output


def test_missing_database_says_run_make_kb(tmp_path: Path) -> None:
    result = CliRunner().invoke(kb, ["dump", "--json", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "make kb" in result.output and "Traceback" not in result.output


def test_failed_build_is_one_line_and_keeps_the_database(tmp_path: Path, db_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "knowledge" / "sources", sources)
    (sources / "medical-radiophysics-m2.txt").write_text("", encoding="utf-8")
    target = tmp_path / "k.db"
    shutil.copy(db_path, target)
    before = target.read_bytes()
    result = CliRunner().invoke(kb, ["build", "--sources", str(sources), "--db", str(target)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert (
        len(error_lines) == 1 and "medical-radiophysics-m2.txt: the page is empty" in error_lines[0]
    )
    assert target.read_bytes() == before


@pytest.mark.parametrize("command", [[], ["build"], ["dump"], ["show"], ["search"]])
def test_every_help_has_an_example(command: list[str]) -> None:
    result = CliRunner().invoke(kb, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
