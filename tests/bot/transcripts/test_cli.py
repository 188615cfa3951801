"""`advisor transcripts …` end to end over tracker stores written by Rasa's SQLTrackerStore."""

import csv
import io
import json

import click
import pytest

from bot.cli.transcripts import transcripts

from .conftest import DAY_ONE, alice, stamp

LIST_TABLE = """\
conversation  started              msgs  programmes              topics                  fallback  handoff
alice         2026-11-20 09:00:00  6     st4health               contact,deadlines,fees  no        yes
bob           2026-11-21 10:00:00  6     leuven-medical-physics  careers                 yes       no
"""  # noqa: E501

SHOW_ALICE = """\
Conversation alice
2026-11-20 09:00:03  user: Hi, when is the deadline for ST4Health? My email is [email]
                     intent: ask_deadlines (0.93)
                     entities: programme=st4health
                     actions: action_answer
2026-11-20 09:00:08  bot: Applications close on 15 March 2027.
                     buttons: Fees | Careers
2026-11-20 09:00:10  user: how much does it cost
                     intent: ask_fees (0.45)
                     actions: action_answer
2026-11-20 09:00:14  bot: The ST4Health page does not state the fees.
2026-11-20 09:00:16  user: call me on [phone] or [phone]
                     intent: ask_contact (0.88)
                     actions: utter_contact
2026-11-20 09:00:18  bot: Write to the admissions office.
"""


@pytest.mark.parametrize(
    "command", sorted(transcripts.commands), ids=lambda name: f"advisor transcripts {name}"
)
def test_every_command_has_help_with_an_example(command):
    result = click.testing.CliRunner().invoke(transcripts, [command, "--help"])
    assert result.exit_code == 0
    assert f"Example: advisor transcripts {command}" in result.stdout


def test_group_help_has_an_example():
    result = click.testing.CliRunner().invoke(transcripts, ["--help"])
    assert "Example: advisor transcripts" in result.stdout


def test_list_unmasked_prints_one_row_per_conversation(store, run):
    result = run(store, "list", "--unmasked")
    assert result.exit_code == 0, result.output
    assert result.stdout == LIST_TABLE


def test_list_names_conversations_by_stable_pseudonyms(store, run, pseudonym):
    first = run(store, "list").stdout
    assert "alice" not in first and "bob" not in first
    assert [line.split()[0] for line in first.splitlines()[1:]] == [
        pseudonym("alice"), pseudonym("bob"),
    ]  # fmt: skip
    assert run(store, "list").stdout == first


@pytest.mark.parametrize(
    ("since", "expected"),
    [("2026-11-20", ["alice", "bob"]), ("2026-11-21", ["bob"]), ("2026-11-22", [])],
)
def test_list_json_since(store, run, since, expected):
    result = run(store, "list", "--since", since, "--json", "--unmasked")
    assert result.exit_code == 0, result.output
    assert [row["conversation_id"] for row in json.loads(result.stdout)] == expected


def test_list_json_fields(store, run):
    alice_row = json.loads(run(store, "list", "--json", "--unmasked").stdout)[0]
    assert alice_row == {
        "conversation_id": "alice",
        "started_at": "2026-11-20 09:00:00",
        "ended_at": "2026-11-20 09:00:19",
        "messages": 6,
        "programmes": ["st4health"],
        "topics": ["contact", "deadlines", "fees"],
        "fallback": False,
        "handoff": True,
    }


@pytest.mark.parametrize("by", ["sender id", "pseudonym"])
def test_show_prints_a_masked_transcript(store, run, pseudonym, by):
    result = run(store, "show", "alice" if by == "sender id" else pseudonym("alice"))
    assert result.exit_code == 0, result.output
    assert result.stdout == SHOW_ALICE.replace("alice", pseudonym("alice"))


def test_show_unmasked_keeps_personal_data(store, run):
    result = run(store, "show", "alice", "--unmasked")
    assert "jane.doe@example.com" in result.stdout
    assert "call me on +33 6 12 34 56 78 or 0612345678" in result.stdout


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cost", "2026-11-20 09:00:10  alice#2  how much does it cost  [ask_fees]\n"),
        ("career", "2026-11-21 10:00:11  bob#3  what careers after leuven  [ask_careers]\n"),
        ("deadline", "2026-11-20 09:00:03  alice#1  Hi, when is the deadline for ST4Health? "
         "My email is [email]  [ask_deadlines]\n"),
        ('"unbalanced', "No user message matches '\"unbalanced'.\n"),
        ("hospitals", "No user message matches 'hospitals'.\n"),  # bot text is not searched
    ],
)  # fmt: skip
def test_search_finds_user_messages(store, run, pseudonym, query, expected):
    result = run(store, "search", query)
    assert result.exit_code == 0, result.output
    for sender in ("alice", "bob"):
        expected = expected.replace(f"{sender}#", f"{pseudonym(sender)}#")
    assert result.stdout == expected


def test_export_csv_masks_personal_data_by_default(store, run, pseudonym):
    result = run(store, "export")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted((row["conversation_id"], row["turn"]) for row in rows) == sorted(
        (pseudonym(sender), turn) for sender in ("alice", "bob") for turn in "123"
    )
    rows.sort(key=lambda row: (row["conversation_id"] != pseudonym("alice"), row["turn"]))
    assert rows[0]["user_text"] == "Hi, when is the deadline for ST4Health? My email is [email]"
    assert rows[2]["user_text"] == "call me on [phone] or [phone]"
    assert rows[0]["entities"] == "programme=st4health"
    assert rows[0]["buttons"] == "Fees; Careers"
    assert rows[1]["low_confidence"] == rows[1]["unanswered"] == "True"
    for personal in ("jane.doe", "example.com", "12 34 56 78", "0612345678"):
        assert personal not in result.stdout


def test_export_unmasked_keeps_personal_data(store, run):
    result = run(store, "export", "--format", "jsonl", "--unmasked", "--conversation", "alice")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["user_text"] for row in rows] == [
        "Hi, when is the deadline for ST4Health? My email is jane.doe@example.com",
        "how much does it cost",
        "call me on +33 6 12 34 56 78 or 0612345678",
    ]


@pytest.mark.parametrize(
    ("options", "turns"),
    [
        ([], 6),
        (["--conversation", "bob"], 3),
        (["--since", "2026-11-21"], 3),
        (["--since", "2026-11-22"], 0),
        (["--conversation", "alice", "--since", "2026-11-21"], 0),
    ],
)
def test_export_jsonl_filters_to_file(store, run, tmp_path, options, turns):
    out = tmp_path / "turns.jsonl"
    result = run(store, "export", "--format", "jsonl", "--out", str(out), *options)
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == turns
    assert f"Wrote {turns} turns to {out}" in result.output
    if lines:
        first = json.loads(lines[0])
        assert set(first) >= {"user_text", "intent", "confidence", "entities", "actions"}


def test_report_text(store, run, pseudonym):
    result = run(store, "report")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:10] == [
        "Conversations: 2  messages: 12  user messages: 6",
        "",
        "Per day (conversations / messages):",
        "  2026-11-20       1        6",
        "  2026-11-21       1        6",
        "",
        "Rates over user messages:",
        "  fallback                    2  33.3%",
        "  out-of-scope                1  16.7%",
        "  low-confidence (<0.6)       2  33.3%",
    ]
    assert f"  2026-11-20 09:00:16  {pseudonym('alice')}  call me on [phone] or [phone]" in (
        result.stdout
    )


def test_report_html_escapes_user_text_and_embeds_plots(store, run, tmp_path):
    page = tmp_path / "reports" / "report.html"  # the folder is created, as `make review` needs
    result = run(store, "report", "--json", "--html", str(page))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["conversations"] == 2
    html = page.read_text(encoding="utf-8")
    assert "what&#x27;s the &lt;b&gt;weather&lt;/b&gt; like" in html
    assert "<b>weather" not in html
    assert html.count('src="data:image/png;base64,') == 2
    assert "jane.doe" not in html and "0612345678" not in html


def test_to_nlu_writes_candidates(store, run, tmp_path):
    out = tmp_path / "candidates.yml"
    result = run(store, "to-nlu", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Wrote 3 candidate examples" in result.output
    assert "LABEL THEM" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("days", "dry_run", "message", "left"),
    [
        ("365", False, "Deleted 0 conversations older than 365 days.\n", ["alice", "bob"]),
        ("0", True, "Would delete 2 conversations older than 0 days.\n", ["alice", "bob"]),
        ("0", False, "Deleted 2 conversations older than 0 days.\n", []),
    ],
)
def test_purge(store, run, days, dry_run, message, left):
    run(store, "list")  # build the cache first: purge must invalidate it
    result = run(store, "purge", "--older-than", days, *(["--dry-run"] if dry_run else []))
    assert result.exit_code == 0, result.output
    assert result.stdout == message
    listed = run(store, "list", "--json", "--unmasked")
    if left:
        assert [row["conversation_id"] for row in json.loads(listed.stdout)] == left
    else:
        assert listed.exit_code == 1
        assert "has no conversations yet" in listed.output


def test_purge_keeps_recent_conversations(make_store, run):
    import time

    db = make_store({"old": stamp(alice(), DAY_ONE), "new": stamp(alice(), time.time() - 60)})
    result = run(db, "purge", "--older-than", "1")
    assert result.stdout == "Deleted 1 conversations older than 1 days.\n"
    listed = json.loads(run(db, "list", "--json", "--unmasked").stdout)
    assert [row["conversation_id"] for row in listed] == ["new"]


def test_new_events_reach_the_cache(store, run):
    from .conftest import DAY_TWO, bob, save_trackers

    assert len(json.loads(run(store, "list", "--json").stdout)) == 2
    from rasa.core.tracker_store import SQLTrackerStore

    save_trackers(
        SQLTrackerStore(dialect="sqlite", db=str(store)), {"carol": stamp(bob(), DAY_TWO + 60)}
    )
    listed = json.loads(run(store, "list", "--json", "--unmasked").stdout)
    assert [row["conversation_id"] for row in listed] == ["alice", "bob", "carol"]
