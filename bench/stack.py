"""A throwaway advisor stack for benchmarks: free ports, temporary files, chat page off."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from settings import PROJECT_ROOT, Settings, isolated_settings

REST_PATH = "/webhooks/rest/webhook"


def advisor_binary() -> str:
    """Return the `advisor` CLI of the running virtual environment."""
    return str(Path(sys.executable).with_name("advisor"))


def build_kb(db_path: Path) -> Path:
    """Build the shipped knowledge base into db_path with the real CLI."""
    subprocess.run(
        [advisor_binary(), "kb", "build", "--db", str(db_path)],
        check=True, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return db_path


def bench_settings(workdir: Path, *, kb_path: Path, models_dir: Path | None = None) -> Settings:
    """Return settings on free loopback ports with the tracker store and logs under workdir."""
    return isolated_settings(workdir, kb_path=kb_path, models_dir=models_dir)


def rest_url(settings: Settings) -> str:
    """Return the REST channel's webhook URL."""
    return f"{settings.rasa_url}{REST_PATH}"
