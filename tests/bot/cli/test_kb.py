"""`advisor kb …` through click's CliRunner."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter

from bot.cli.kb import kb
from bot.rasa.nlu_data import programme_training_data
from knowledge.query import KnowledgeBase

ROOT = Path(__file__).resolve().parents[3]


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


@pytest.mark.parametrize(
    "command", [[], ["build"], ["dump"], ["show"], ["search"], ["check"], ["add"], ["remove"]]
)
def test_every_help_has_an_example(command: list[str]) -> None:
    result = CliRunner().invoke(kb, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


DEV_PAGES = ROOT / "eval" / "pages" / "dev"


@pytest.fixture
def workspace(tmp_path: Path) -> dict[str, Path]:
    """Return a writable copy of the shipped sources, registry and overrides."""
    shutil.copytree(ROOT / "knowledge" / "sources", tmp_path / "sources")
    for name in ("programmes.yml", "overrides.yml"):
        shutil.copy(ROOT / "knowledge" / name, tmp_path / name)
    return {"sources": tmp_path / "sources", "registry": tmp_path / "programmes.yml",
            "overrides": tmp_path / "overrides.yml", "db": tmp_path / "knowledge.db"}  # fmt: skip


def _options(workspace: dict[str, Path], *names: str) -> list[str]:
    return [item for name in names for item in (f"--{name}", str(workspace[name]))]


def _build(workspace: dict[str, Path]):
    options = _options(workspace, "sources", "registry", "overrides")
    return CliRunner().invoke(kb, ["build", *options, "--db", str(workspace["db"])])


def test_check_prints_quotes_values_silences_and_warnings() -> None:
    result = CliRunner().invoke(kb, ["check", str(DEV_PAGES / "uk-msc-health-data" / "page.html")])
    assert result.exit_code == 0, result.output
    assert "Title: MSc Health Data Science" in result.output
    assert (
        "'Home students: £13,900 for the full programme'  [13900 GBP per programme" in result.output
    )
    assert "Recorded as not stated: tracks, internships" in result.output
    assert "Warning: fees: money is mentioned but no amount was read" in result.output


def test_check_refuses_a_scanned_pdf(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with (tmp_path / "scan.pdf").open("wb") as handle:
        writer.write(handle)
    result = CliRunner().invoke(kb, ["check", str(tmp_path / "scan.pdf")])
    assert result.exit_code == 1
    assert "no text layer" in result.output


def test_add_replace_and_remove_a_programme(workspace: dict[str, Path]) -> None:
    runner = CliRunner()
    page = DEV_PAGES / "fr-master-sante-publique" / "page.txt"
    added = runner.invoke(
        kb, ["add", str(page), "--id", "sante-publique", "--alias", "master santé publique",
             *_options(workspace, "sources", "registry", "db")],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert (workspace["sources"] / "sante-publique.txt").read_bytes() == page.read_bytes()
    built = _build(workspace)
    assert built.exit_code == 0, built.output
    base = KnowledgeBase.open(workspace["db"])
    assert base.resolve_programme("master santé publique") == "sante-publique"
    assert "master santé publique" in RasaYAMLWriter().dumps(programme_training_data(base))
    fees = [fact.amount for fact in base.facts("sante-publique", "fees")]
    assert fees == [250.0, 3879.0, 103.0]
    changed = page.read_text(encoding="utf-8").replace("3 879 €", "3 941 €")
    (workspace["sources"].parent / "new.txt").write_text(changed, encoding="utf-8")
    replaced = runner.invoke(
        kb, ["add", str(workspace["sources"].parent / "new.txt"), "--id", "sante-publique",
             "--yes", *_options(workspace, "sources", "registry", "db")],
    )  # fmt: skip
    assert replaced.exit_code == 0, replaced.output
    assert "sante-publique: 0 added, 1 changed, 0 gone" in replaced.output
    assert "now 'Étudiants hors Union européenne : 3 941 € par an'" in replaced.output
    options = _options(workspace, "sources", "registry", "overrides")
    removed = runner.invoke(kb, ["remove", "sante-publique", *options])
    assert removed.exit_code == 0, removed.output
    assert not (workspace["sources"] / "sante-publique.txt").exists()
    rebuilt = _build(workspace)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "sante-publique: removed with its" in rebuilt.output
    base = KnowledgeBase.open(workspace["db"])
    assert base.programme("sante-publique") is None
    assert base.resolve_programme("master santé publique") is None
    assert "santé publique" not in RasaYAMLWriter().dumps(
        programme_training_data(base)
    )  # the NLU lookups follow
    assert "# The programmes the advisor knows" in workspace["registry"].read_text("utf-8")


def test_removing_a_programme_drops_its_curated_facts(workspace: dict[str, Path]) -> None:
    result = CliRunner().invoke(
        kb, ["remove", "st4health", *_options(workspace, "sources", "registry", "overrides")]
    )
    assert result.exit_code == 0, result.output
    assert "st4health" not in workspace["overrides"].read_text(encoding="utf-8")
    assert "leuven-medical-physics" in workspace["overrides"].read_text(encoding="utf-8")
    built = _build(workspace)
    assert built.exit_code == 0, built.output
