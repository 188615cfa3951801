"""Bad input gives one clear line and a non-zero exit, never a traceback."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.transcripts import transcripts
from settings import PROJECT_ROOT

COMMANDS = [
    ["list"],
    ["show", "alice"],
    ["search", "fees"],
    ["export"],
    ["report"],
    ["to-nlu"],
]


def assert_one_line_error(result, expected: str) -> None:
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ")
    assert expected in lines[0]


def empty_store(path: Path) -> Path:
    from rasa.core.tracker_store import SQLTrackerStore

    SQLTrackerStore(dialect="sqlite", db=str(path)).engine.dispose()
    return path


def garbage(path: Path) -> Path:
    path.write_bytes(b"\x00\xffnot a database at all\x13\x37" * 200)
    return path


def zero_bytes(path: Path) -> Path:
    path.touch()
    return path


@pytest.mark.parametrize("command", COMMANDS + [["purge"]], ids=" ".join)
def test_missing_tracker_store(run, tmp_path, command):
    missing = tmp_path / "nowhere" / "tracker.db"
    assert_one_line_error(run(missing, *command), f"no tracker store at {missing}")
    assert not missing.exists()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (empty_store, "has no conversations yet"),
        (zero_bytes, "has no conversations yet (no events table)"),
        (garbage, "file is not a database"),
    ],
    ids=["empty", "zero-bytes", "garbage"],
)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_unusable_tracker_store(run, tmp_path, command, make, expected):
    db = make(tmp_path / "tracker.db")
    assert_one_line_error(run(db, *command), expected)


def test_purge_of_a_corrupt_store(run, tmp_path):
    assert_one_line_error(run(garbage(tmp_path / "tracker.db"), "purge"), "file is not a database")


def test_purge_of_an_empty_store_deletes_nothing(run, tmp_path):
    result = run(empty_store(tmp_path / "tracker.db"), "purge")
    assert result.exit_code == 0
    assert result.stdout == "Deleted 0 conversations older than 365 days.\n"


@pytest.mark.parametrize(
    "command",
    [["show", "nobody"], ["export", "--conversation", "nobody"]],
    ids=" ".join,
)
def test_unknown_conversation(store, run, command):
    assert_one_line_error(run(store, *command), "no conversation 'nobody' in the tracker store")


def test_unknown_conversation_creates_no_file(store, run, tmp_path):
    out = tmp_path / "out.csv"
    run(store, "export", "--conversation", "nobody", "--out", str(out))
    assert not out.exists()


@pytest.mark.parametrize("since", ["yesterday", "2026-13-01"])
def test_bad_date_is_a_usage_error(store, run, since):
    result = run(store, "list", "--since", since)
    assert result.exit_code == 2
    assert "Invalid value for '--since'" in result.output


def test_a_damaged_cache_is_rebuilt(store, run, tmp_path):
    (tmp_path / "cache").mkdir()
    garbage(tmp_path / "cache" / "transcripts.db")
    result = run(store, "list", "--json", "--unmasked")
    assert result.exit_code == 0, result.output
    assert '"conversation_id": "alice"' in result.stdout


def test_a_relative_store_is_found_from_the_project_root_wherever_it_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ADVISOR_TRACKER_DB", "var/no-such-tracker.db")
    result = CliRunner().invoke(transcripts, ["list"])
    assert_one_line_error(
        result, f"no tracker store at {PROJECT_ROOT / 'var' / 'no-such-tracker.db'}"
    )


def test_environment_chooses_the_store(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ADVISOR_TRANSCRIPTS_DB", raising=False)
    result = CliRunner().invoke(
        transcripts, ["list", "--json"], env={"ADVISOR_TRACKER_DB": str(store)}
    )
    assert result.exit_code == 0, result.output
    assert (store.parent / "transcripts.db").exists()  # the cache sits beside an SQLite store
