"""Resident memory of a process group."""

from __future__ import annotations

import os

import psutil


def group_rss_mb(group_id: int) -> float:
    """Return the summed resident memory in MB of every process in process group `group_id`."""
    total = 0
    for process in psutil.process_iter():
        try:
            if os.getpgid(process.pid) == group_id:
                total += process.memory_info().rss
        except (psutil.Error, ProcessLookupError):
            continue  # the process ended while we looked, or is not ours to read
    return total / (1024 * 1024)
