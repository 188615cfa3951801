"""Transcript report time on many synthetic conversations, cold (no cache) and warm."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bench.stack import advisor_binary
from bench.stats import repeat_timed
from settings import PROJECT_ROOT


def report_command(tracker_db: Path, cache: Path) -> list[str]:
    """Return the `advisor transcripts report --json` command."""
    return [
        advisor_binary(), "transcripts", "--db", str(tracker_db), "--cache", str(cache),
        "report", "--json",
    ]  # fmt: skip


def _drop_cache(cache: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{cache}{suffix}").unlink(missing_ok=True)


def run_report(tracker_db: Path, cache: Path, *, cold: bool) -> None:
    """Run the report once; drop the derived cache first when cold."""
    if cold:
        _drop_cache(cache)
    subprocess.run(
        report_command(tracker_db, cache), check=True, cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def measure_transcripts_report(workdir: Path, *, conversations: int, runs: int) -> dict:
    """Generate `conversations` synthetic conversations and time the report cold and warm."""
    from loadtest.synthetic_transcripts import write_tracker_store

    workdir.mkdir(parents=True, exist_ok=True)
    tracker_db, cache = workdir / "tracker.db", workdir / "transcripts.db"
    tracker_db.unlink(missing_ok=True)
    events = write_tracker_store(f"sqlite:///{tracker_db}", conversations)
    cold = repeat_timed(lambda: run_report(tracker_db, cache, cold=True), runs)
    warm = repeat_timed(lambda: run_report(tracker_db, cache, cold=False), runs)
    return {"cold": cold, "warm": warm, "conversations": conversations, "events": events}
