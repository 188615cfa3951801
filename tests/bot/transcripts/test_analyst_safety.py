"""The attacks of issue 15 on analysts, replayed on a tracker store: each must now fail."""

import csv
import io
import json
import sqlite3
import stat

import pytest

from .conftest import DAY_ONE, DAY_TWO, alice, bob, bot, session_start, stamp, user

TERMINAL_ATTACK = "\x1b]0;TITLE\x07\x1b[2Kfees\u202eeno\x00"
RAW_CONTROLS = ("\x1b", "\x07", "\u202e", "\x00", "\x9b")
FORMULAS = (
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","click")',
    "-2+3",
    "\t=2+2",
    "\r=2+2",
)
EVIL_SENDER = '=HYPERLINK("http://evil.example")\n\x1b[2J'


def hostile():
    """A conversation typed to attack the analyst's terminal and spreadsheet."""
    events = [*session_start()]
    for text in (*FORMULAS, TERMINAL_ATTACK):
        events += [user(text, "nlu_fallback", 0.2), bot("Sorry?", "utter_fallback")]
    return events


@pytest.fixture
def hostile_store(make_store):
    return make_store(
        {
            "alice": stamp(alice(), DAY_ONE),
            EVIL_SENDER: stamp(hostile(), DAY_TWO),
            "bob": stamp(bob(), DAY_TWO + 600),
        }
    )


def _assert_no_raw_controls(text: str) -> None:
    for control in RAW_CONTROLS:
        assert control not in text, repr(control)


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "--unmasked"],
        ["list", "--json", "--unmasked"],
        ["search", "title"],
        ["report"],
        ["report", "--json"],
        ["to-nlu"],
        ["export", "--format", "jsonl", "--unmasked"],
    ],
    ids=" ".join,
)
def test_no_terminal_control_reaches_the_analyst(hostile_store, run, command):
    result = run(hostile_store, *command)
    assert result.exit_code == 0, result.output
    _assert_no_raw_controls(result.output)
    if command != ["list"]:  # the plain list shows pseudonyms only
        assert "\\x1b" in result.output or "\\u001b" in result.output  # shown, escaped


def test_show_escapes_the_sender_and_text(hostile_store, run, pseudonym):
    for args in ([pseudonym(EVIL_SENDER)], [pseudonym(EVIL_SENDER), "--unmasked"]):
        result = run(hostile_store, "show", *args)
        assert result.exit_code == 0, result.output
        _assert_no_raw_controls(result.output)
    assert 'Conversation =HYPERLINK("http://evil.example")\\x0a\\x1b[2J' in result.output


def test_json_output_stays_valid_json(hostile_store, run):
    listed = json.loads(run(hostile_store, "list", "--json", "--unmasked").stdout)
    assert EVIL_SENDER in [row["conversation_id"] for row in listed]


@pytest.mark.parametrize("unmasked", [False, True])
def test_csv_export_neutralises_formulas(hostile_store, run, unmasked):
    result = run(hostile_store, "export", *(["--unmasked"] if unmasked else []))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    texts = {row["user_text"] for row in rows}
    assert "'+cmd|' /C calc'!A0" in texts
    assert '\'=HYPERLINK("http://evil.example","click")' in texts
    assert "'\\x09=2+2" in texts
    if unmasked:  # the conversation id is a cell too
        assert '\'=HYPERLINK("http://evil.example")\\x0a\\x1b[2J' in {
            row["conversation_id"] for row in rows
        }


def test_conversation_ids_are_pseudonymised_everywhere(make_store, run, pseudonym):
    senders = ["jane.doe@example.com", "+33612345678"]
    store = make_store({sender: stamp(alice(), DAY_ONE) for sender in senders})
    outputs = [
        run(store, *command).output
        for command in (["list"], ["list", "--json"], ["search", "deadline"], ["report"],
                        ["report", "--json"], ["export"], ["show", senders[0]])
    ]  # fmt: skip
    for output in outputs:
        for sender in senders:
            assert sender not in output
    assert pseudonym(senders[0]) in outputs[0]


def _insert_raw_events(store, rows) -> None:
    with sqlite3.connect(store) as connection:
        connection.executemany(
            "insert into events (sender_id, type_name, timestamp, intent_name, action_name, data) "
            "values (?, ?, ?, ?, ?, ?)",
            rows,
        )


MALFORMED = [
    ("alice", "user", DAY_ONE + 100, None, None, json.dumps(
        {"event": "user", "text": "x", "parse_data": "not a dict"})),
    ("alice", "user", DAY_ONE + 101, None, None, json.dumps({"event": "user", "text": "y",
        "parse_data": {"intent": {"name": "a", "confidence": "hi"}}})),
    ("alice", "user", 1e20, None, None, json.dumps({"event": "user", "text": "z"})),
    ("alice", "bot", DAY_ONE + 102, None, None, "{not json"),
]  # fmt: skip


@pytest.mark.parametrize(
    "command", [["list"], ["show", "alice"], ["search", "deadline"], ["report"], ["export"],
                ["to-nlu"]], ids=" ".join,
)  # fmt: skip
def test_malformed_events_are_skipped_and_counted(store, run, command):
    _insert_raw_events(store, MALFORMED)
    result = run(store, *command)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "Skipped 4 malformed events in the tracker store." in result.stderr


@pytest.mark.parametrize("query", ['"', '""', "NEAR(", "fees*", "a OR", "(", "'", "x -y"])
def test_search_quotes_fts_syntax(store, run, query):
    result = run(store, "search", query)
    assert result.exit_code == 0, result.output
    assert "fts5" not in result.output


def test_search_cannot_confirm_a_masked_value(store, run):
    for probe in ("jane.doe@example.com", "jane", "0612345678"):
        result = run(store, "search", probe)
        assert result.stdout.startswith("No user message matches"), (probe, result.stdout)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_holding_personal_data_are_private(store, run, tmp_path):
    page, export = tmp_path / "r" / "report.html", tmp_path / "turns.csv"
    assert run(store, "report", "--html", str(page)).exit_code == 0
    assert run(store, "export", "--unmasked", "--out", str(export)).exit_code == 0
    cache = tmp_path / "cache" / "transcripts.db"
    for path in (cache, cache.with_name("transcripts.key"), page, export):
        assert _mode(path) == 0o600, path


def test_the_cache_sits_beside_the_tracker_store_and_holds_no_clear_text(
    store, tmp_path, monkeypatch
):
    from click.testing import CliRunner

    from bot.cli.transcripts import transcripts

    monkeypatch.delenv("ADVISOR_TRANSCRIPTS_DB", raising=False)
    result = CliRunner().invoke(transcripts, ["--db", str(store), "list"])
    assert result.exit_code == 0, result.output
    cache = store.with_name("transcripts.db")
    assert _mode(cache) == 0o600
    content = cache.read_bytes()
    for clear in (b"jane.doe@example.com", b"0612345678", b"alice"):
        assert clear not in content


def test_forget_erases_a_conversation_everywhere(store, run, tmp_path, pseudonym):
    reports = tmp_path / "reports"
    run(store, "report", "--html", str(reports / "report.html"))
    run(store, "export", "--conversation", "bob", "--out", str(reports / "bob.csv"))
    result = run(store, "forget", pseudonym("alice"), "--yes", "--reports", str(reports))
    assert result.exit_code == 0, result.output
    assert "report.html" in result.output and "bob.csv" not in result.output
    assert not (reports / "report.html").exists() and (reports / "bob.csv").exists()
    with sqlite3.connect(store) as connection:
        senders = {row[0] for row in connection.execute("select sender_id from events")}
    assert senders == {"bob"}
    assert b"alice" not in store.read_bytes()
    listed = json.loads(run(store, "list", "--json", "--unmasked").stdout)
    assert [row["conversation_id"] for row in listed] == ["bob"]
    cache = (tmp_path / "cache" / "transcripts.db").read_bytes()
    assert pseudonym("alice").encode() not in cache


def test_forget_an_unknown_conversation_is_one_line(store, run):
    result = run(store, "forget", "nobody", "--yes")
    assert result.exit_code == 1
    assert "no conversation 'nobody'" in result.output


ISSUE_PII = {
    "Jean-Pierre Dupont": "My name is Jean-Pierre Dupont, when is the deadline?",
    "12 rue de la Paix": "I live at 12 rue de la Paix, 75002 Paris",
    "12/03/1998": "born 12/03/1998",
    "1998-03-12": "date of birth 1998-03-12",
    "3 March 1998": "I was born on 3 March 1998",
    "12AB34567": "my passport number is 12AB34567",
    "20231234": "student number 20231234",
    "r0123456": "I am r0123456 at KU Leuven",
    "fr76 3000 6000 0112 3456 7890 189": "refund to fr76 3000 6000 0112 3456 7890 189",
    "jane dot doe at gmail dot com": "write to jane dot doe at gmail dot com",
    "jane(at)example.com": "or jane(at)example.com",
    "linkedin.com/in/jane-doe": "see https://www.linkedin.com/in/jane-doe-123",
    "HIV positive": "I am HIV positive, can I do the hospital internship?",
    "4111 1111 1111 1111": "Card 4111 1111 1111 1111 exp 12/27 cvv 123",
}


@pytest.fixture
def personal_store(make_store):
    events = [*session_start()]
    for text in ISSUE_PII.values():
        events += [user(text, "nlu_fallback", 0.3), bot("Sorry?", "utter_fallback")]
    return make_store({"jane.doe@example.com": stamp(events, DAY_ONE)})


@pytest.mark.parametrize(
    "command",
    [["show", "jane.doe@example.com"], ["report"], ["report", "--json"], ["to-nlu"],
     ["export"], ["export", "--format", "jsonl"], ["list", "--json"]],
    ids=" ".join,
)  # fmt: skip
def test_issue_personal_data_never_shown_masked(personal_store, run, command):
    result = run(personal_store, *command)
    assert result.exit_code == 0, result.output
    for clear in [*ISSUE_PII, "jane.doe@example.com", "exp 12/27", "cvv 123", "Card [phone]"]:
        assert clear not in result.output, clear


def test_html_report_holds_no_personal_data(personal_store, run, tmp_path):
    page = tmp_path / "report.html"
    assert run(personal_store, "report", "--html", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    for clear in ISSUE_PII:
        assert clear not in html, clear


def test_search_finds_the_placeholder_not_the_value(personal_store, run):
    assert run(personal_store, "search", "Dupont").stdout.startswith("No user message matches")
    assert "[name]" in run(personal_store, "search", "name").stdout


def test_to_nlu_placeholders_are_not_entity_annotations(personal_store, run):
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    text = run(personal_store, "to-nlu").stdout
    examples = RasaYAMLReader().reads(text).intent_examples
    assert examples and all(not example.get("entities") for example in examples)
    # Placeholders stay as the other commands show them, as plain words of the example.
    assert any("[name]" in example.get("text") for example in examples)
