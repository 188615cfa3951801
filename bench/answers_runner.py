"""Send the question bank through the real stack over REST and score the replies.

python -m bench.answers --split dev            # what `make eval-answers` runs
python -m bench.answers --split test --out /tmp/answers-test.json
python -m bench.answers --split dev --case fu-01 --case fees-typo-03
"""

from __future__ import annotations

import json
import logging
import tempfile
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import click
import requests

from bench.answer_bank import load_bank
from bench.answer_report import render
from bench.answers import DEFAULT_TODAY, ROOT, default_judge, replies_of, score_run

logger = logging.getLogger(__name__)

SPLITS = ("dev", "test")
DEFAULT_OUT_DIR = ROOT / "bench" / "work"  # git-ignored scratch
REPLY_TIMEOUT_S = 60.0
READY_TIMEOUT_S = 180.0

Ask = Callable[[str, str], list[dict]]


def rest_asker(url: str) -> Ask:
    """Return a function that sends one message as a sender and returns the bot's messages."""
    session = requests.Session()

    def ask(sender: str, text: str) -> list[dict]:
        try:
            response = session.post(
                url, json={"sender": sender, "message": text}, timeout=REPLY_TIMEOUT_S
            )
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as error:
            # A transport failure is scored as a wrong answer, and shown as what it was.
            return [{"text": f"[no reply: {error}]"}]

    return ask


def run_conversations(conversations: list[dict], ask: Ask, run_id: str) -> dict:
    """Send every conversation's turns in order, each conversation as a fresh sender."""
    replies = {}
    for case in conversations:
        sender = f"bank-{run_id}-{case['id']}"
        replies[case["id"]] = [ask(sender, turn["text"]) for turn in case["turns"]]
    return replies


def by_today(conversations: list[dict]) -> dict[str, list[dict]]:
    """Group conversations by the date they pin as today (the default first)."""
    groups: dict[str, list[dict]] = {DEFAULT_TODAY: []}
    for case in conversations:
        groups.setdefault(str(case.get("today", DEFAULT_TODAY)), []).append(case)
    return {today: cases for today, cases in groups.items() if cases}


def collect_replies(conversations: list[dict], *, workdir: Path, kb_path: Path | None = None,
                    model: Path | None = None) -> dict:  # fmt: skip
    """Start the real stack on free ports and return every conversation's replies.

    "Today" is pinned through the action server's ADVISOR_TODAY; a group of cases pinning
    another date gets the action server restarted with it (Rasa keeps running).
    """
    from bench.stack import bench_settings, build_kb, rest_url
    from bot.cli.runtime import Stack
    from bot.rasa.training import ensure_model
    from settings import Settings

    workdir.mkdir(parents=True, exist_ok=True)
    kb_path = kb_path or build_kb(workdir / "knowledge.db")
    model = model or ensure_model(Settings())  # trains only when the data changed
    settings = bench_settings(workdir, kb_path=kb_path)
    groups = by_today(conversations)
    stack = Stack(settings, model, with_chat_page=False)
    stack.actions.env["ADVISOR_TODAY"] = next(iter(groups))
    stack.start()
    try:
        ask = rest_asker(rest_url(settings))
        run_id = uuid.uuid4().hex[:8]
        replies: dict = {}
        for today, cases in groups.items():
            if stack.actions.env["ADVISOR_TODAY"] != today:
                stack.actions.stop()
                stack.actions.env["ADVISOR_TODAY"] = today
                stack.actions.start()
                stack.actions.wait_ready(READY_TIMEOUT_S)
            replies.update(run_conversations(cases, ask, run_id))
        return replies
    finally:
        stack.stop()


def evaluate_answers(
    split: str,
    *,
    workdir: Path | None = None,
    kb_path: Path | None = None,
    model: Path | None = None,
    cases: list[str] | None = None,
) -> dict:
    """Run a split of the bank through the stack; return the score summary (with every row)."""
    conversations = load_bank(split)
    if cases:
        conversations = [c for c in conversations if c["id"] in set(cases)]
    with tempfile.TemporaryDirectory(prefix="advisor-answers-") as scratch:
        replies = collect_replies(
            conversations, workdir=workdir or Path(scratch), kb_path=kb_path, model=model
        )
    summary = score_run(conversations, replies, default_judge())
    summary["split"] = split
    summary["date"] = datetime.now(UTC).isoformat(timespec="seconds")
    return summary


def headline(summary: dict) -> dict:
    """Return the figures the benchmark reports (no per-question rows)."""
    keys = ("split", "questions", "passed", "overall", "per_category", "failure_kinds")
    return {key: summary[key] for key in keys if key in summary}


@click.command(
    help="Score the student question bank end to end.\n\n"
    "Example: python -m bench.answers --split dev"
)
@click.option("--split", type=click.Choice(SPLITS), default="dev", show_default=True)
@click.option("--case", "cases", multiple=True, help="only this conversation id (repeatable)")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="results JSON (default bench/work/answers-SPLIT.json)",
)
@click.option(
    "--rescore",
    type=click.Path(exists=True, path_type=Path),
    help="score the replies saved in this results JSON again (no stack)",
)
def main(split: str, cases: tuple[str, ...], out: Path | None, rescore: Path | None) -> None:
    """Run the split, print the report and write the JSON results."""
    logging.basicConfig(level=logging.WARNING, format="[answers] %(name)s: %(message)s")
    if rescore:
        saved = json.loads(rescore.read_text(encoding="utf-8"))
        conversations = [
            c for c in load_bank(saved["split"]) if c["id"] in {r["id"] for r in saved["rows"]}
        ]
        summary = score_run(conversations, replies_of(saved["rows"]), default_judge())
        summary.update(split=saved["split"], date=saved.get("date"), rescored=True)
        split = saved["split"]
    else:
        summary = evaluate_answers(split, cases=list(cases) or None)
    out = out or DEFAULT_OUT_DIR / f"answers-{split}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    click.echo(render(summary, split))
    click.echo(f"\nwrote {out}")
