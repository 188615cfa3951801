"""Resident memory of a process group, read from /proc."""

from __future__ import annotations

from pathlib import Path

PROC = Path("/proc")


def _process_group(stat_text: str) -> int:
    # Fields after the parenthesised command name: state, ppid, pgrp, …
    return int(stat_text.rsplit(")", 1)[1].split()[2])


def _rss_kb(status_text: str) -> int:
    for line in status_text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0  # kernel threads and zombies have no VmRSS


def group_rss_mb(group_id: int, *, proc: Path = PROC) -> float:
    """Return the summed VmRSS in MB of every process in process group `group_id`."""
    total_kb = 0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if _process_group((entry / "stat").read_text()) != group_id:
                continue
            total_kb += _rss_kb((entry / "status").read_text())
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
    return total_kb / 1024
