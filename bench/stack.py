"""A throwaway advisor stack for benchmarks: free ports, temporary files, chat page off."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from bot.settings import PROJECT_ROOT, Settings

REST_PATH = "/webhooks/rest/webhook"


def free_port() -> int:
    """Return a loopback TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    workdir.mkdir(parents=True, exist_ok=True)
    extra = {"models_dir": models_dir} if models_dir is not None else {}
    return Settings(
        host="127.0.0.1",
        rasa_port=free_port(),
        actions_port=free_port(),
        web_port=free_port(),
        kb_path=kb_path,
        tracker_db=workdir / "tracker.db",
        log_dir=workdir / "logs",
        api_token=None,
        **extra,
    )


def rest_url(settings: Settings) -> str:
    """Return the REST channel's webhook URL."""
    return f"{settings.rasa_url}{REST_PATH}"
