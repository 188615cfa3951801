"""`advisor run` (what `make run` calls): it comes up, answers, and Ctrl-C stops everything.

It is started with SIGINT ignored, as a background job, nohup or some CI runners start it:
Ctrl-C must still stop it and every server it started.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest
import requests

from settings import free_port
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def listening(port: int) -> bool:
    try:
        requests.get(f"http://127.0.0.1:{port}/", timeout=1)
    except requests.ConnectionError:
        return False
    return True


def ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def test_advisor_run_serves_every_url_and_stops_on_ctrl_c(advisor_stack, tmp_path):
    ports = {name: free_port() for name in ("rasa", "actions", "web")}
    env = dict(os.environ)
    env.update(
        ADVISOR_RASA_PORT=str(ports["rasa"]),
        ADVISOR_ACTIONS_PORT=str(ports["actions"]),
        ADVISOR_WEB_PORT=str(ports["web"]),
        ADVISOR_KB=str(advisor_stack.settings.kb_path),
        ADVISOR_TRACKER_DB=str(tmp_path / "tracker.db"),
        ADVISOR_LOG_DIR=str(tmp_path / "logs"),
    )
    advisor = str(Path(sys.executable).with_name("advisor"))
    process = subprocess.Popen(
        [advisor, "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=ignore_sigint,
    )
    output: list[str] = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            output.append(line)
            if line.startswith("Press Ctrl-C") or process.poll() is not None:
                break
        printed = "".join(output)
        assert f"http://127.0.0.1:{ports['web']}/" in printed, printed
        assert "Ready in" in printed
        reply = requests.post(
            f"http://127.0.0.1:{ports['rasa']}/webhooks/rest/webhook",
            json={"sender": uuid.uuid4().hex, "message": "How much is tuition for ST4Health?"},
            timeout=60,
        ).json()
        assert "€250" in reply[0]["text"]
        assert (
            "Programme Advisor" in requests.get(f"http://127.0.0.1:{ports['web']}/", timeout=5).text
        )
        children = psutil.Process(process.pid).children(recursive=True)
        assert len(children) >= 3  # the action server, Rasa and the chat page
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            for child in psutil.Process(process.pid).children(recursive=True):
                child.kill()
            process.kill()
            raise
    assert process.returncode == 0
    _, alive = psutil.wait_procs(children, timeout=10)
    assert alive == []
    assert not any(listening(port) for port in ports.values())
    assert (tmp_path / "tracker.db").exists()
