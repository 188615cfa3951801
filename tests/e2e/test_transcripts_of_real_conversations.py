"""Analysts read what the real bot said: conversations over REST land in the tracker store."""

import json
import uuid

import pytest
from click.testing import CliRunner

from bot.cli.main import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def conversation(advisor_stack):
    sender = f"analyst-{uuid.uuid4().hex[:8]}"
    for message in (
        "How much is tuition for ST4Health?",
        "my email is jane.doe@example.com and my phone +33 6 12 34 56 78",
        "what's the weather like in Paris tomorrow?",
        "can I talk to a human?",
    ):
        advisor_stack.ask(sender, message)
    return sender, advisor_stack.settings.tracker_db


def transcripts(db, *args, cache):
    result = CliRunner().invoke(
        main, ["transcripts", "--db", str(db), "--cache", str(cache), *args]
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_show_has_the_real_answer_and_masks_personal_data(conversation, tmp_path):
    sender, db = conversation
    shown = transcripts(db, "show", sender, cache=tmp_path / "cache.db")
    assert "€250" in shown
    assert "ask_fees" in shown
    assert "jane.doe@example.com" not in shown
    assert "[email]" in shown and "[phone]" in shown


def test_export_jsonl_one_row_per_turn_masked(conversation, tmp_path):
    sender, db = conversation
    out = transcripts(
        db, "export", "--format", "jsonl", "--conversation", sender, cache=tmp_path / "c.db"
    )
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert len(rows) == 4
    assert "jane.doe" not in out and "12 34 56 78" not in out


def test_list_marks_the_handoff_and_the_out_of_scope(conversation, tmp_path):
    sender, db = conversation
    listed = json.loads(transcripts(db, "list", "--json", "--unmasked", cache=tmp_path / "c.db"))
    mine = next(row for row in listed if row["conversation_id"] == sender)
    assert mine["handoff"] is True
    assert "st4health" in mine["programmes"]
    assert "fees" in mine["topics"]
