"""The action server refuses to start without a usable knowledge base, and says what to run."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _start(kb_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "ADVISOR_KB": str(kb_path), "RASA_TELEMETRY_ENABLED": "false"}
    command = [
        sys.executable,
        "-m",
        "bot.rasa.action_server",
        "--actions",
        "actions",
        "--port",
        "1",
    ]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    "content",
    [None, b"", b"\x00\xffgarbage, not a database" * 100, b"SQLite format 3\x00" + b"\x07" * 4096],
    ids=["missing", "empty", "garbage", "bad-sqlite-header"],
)
def test_refuses_to_start_without_usable_kb(tmp_path: Path, content: bytes | None) -> None:
    kb_path = tmp_path / "knowledge.db"
    if content is not None:
        kb_path.write_bytes(content)

    result = _start(kb_path)

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "make kb" in lines[0]
    assert str(kb_path) in lines[0]
