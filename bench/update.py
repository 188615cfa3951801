"""Fold the sections of a partial benchmark run into the last full run's results.

`python -m bench.run --only answers,pages --update` re-measures a few sections after a change
without re-running the hour-long rest; every other figure stays the full run's, and a note says
which sections were re-run, when and at which commit, so a reader never mistakes the mix for
one run (speed ratios still compare figures measured side by side only within a section).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from bench.config import SECTIONS

# Keys that describe a run rather than measure a section: never copied from the partial run.
RUN_KEYS = frozenset(
    {"quick", "sections", "config", "machine", "targets", "reference", "notes", "model"}
)


def _measured(value: object) -> bool:
    """Say whether a partial run filled this key (untouched keys stay None or empty)."""
    if isinstance(value, dict):
        return any(_measured(item) for item in value.values())
    return value not in (None, [], "")


def _merge_value(previous: object, fresh: object) -> object:
    """Take what the partial run measured; keep the previous sub-values it did not touch."""
    if isinstance(previous, dict) and isinstance(fresh, dict):
        merged = dict(previous)
        merged.update({key: value for key, value in fresh.items() if _measured(value)})
        return merged
    return fresh


def current_commit(root: Path) -> str:
    """Return the short commit of the checkout (with '+changes' when the tree is dirty)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return (head or "unknown") + ("+changes" if dirty else "")


def merge_partial(previous: dict, fresh: dict, commit: str) -> dict:
    """Return previous with fresh's sections replacing its own, and a note saying so."""
    if previous.get("quick") != fresh.get("quick"):
        raise ValueError("a --quick run and a full run cannot be merged")
    merged = dict(previous)
    for key, value in fresh.items():
        if key not in RUN_KEYS and _measured(value):
            merged[key] = _merge_value(previous.get(key), value)
    ran = [section for section in SECTIONS if section in fresh["sections"]]
    merged["sections"] = [
        section for section in SECTIONS if section in ran or section in previous["sections"]
    ]
    first_run = (previous.get("machine") or {}).get("date", "an earlier run")
    model = fresh.get("model")
    served = f" with model {model}" if model and model != previous.get("model") else ""
    merged["notes"] = [
        *previous.get("notes", []),
        f"Sections {', '.join(ran)} re-run on {fresh['machine']['date']} at commit {commit}"
        f"{served}; the other figures are from the full run of {first_run}.",
    ]
    return merged
