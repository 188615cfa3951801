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


def _advisor_run(tmp_path, kb_path: Path, *args: str):
    from loadtest.advisor_run import AdvisorRun
    from settings import isolated_settings

    settings = isolated_settings(tmp_path, kb_path=kb_path)
    return AdvisorRun(settings, tmp_path / "advisor-run.log", *args)


def test_killed_servers_are_restarted_and_the_stack_keeps_answering(advisor_stack, tmp_path):
    from bot.cli.cores import rasa_processes
    from loadtest.advisor_run import ACTION_SERVER, RASA_SERVER

    advisor = _advisor_run(tmp_path, advisor_stack.settings.kb_path)
    advisor.start()
    try:
        advisor.wait_ready(240)
        for module in (ACTION_SERVER, RASA_SERVER):
            advisor.kill_and_wait_back(module, 300)
        reply = requests.post(
            f"{advisor.settings.rasa_url}/webhooks/rest/webhook",
            json={"sender": uuid.uuid4().hex, "message": "How much is tuition for ST4Health?"},
            timeout=60,
        ).json()
        assert advisor.process.poll() is None
    finally:
        left = advisor.stop()
    assert "€250" in reply[0]["text"]
    printed = advisor.output()
    logs = advisor.settings.log_dir
    # One Rasa process per usable core: the first one was killed (alone, it has no number).
    rasa, log = (
        ("Rasa server", "rasa.out") if rasa_processes() == 1 else ("Rasa server 1", "rasa-1.out")
    )
    assert (
        f"action server exited with code -9 (SIGKILL); restart 1 of at most 6 in 1.0 s "
        f"(see {logs / 'actions.log'})"
    ) in printed
    assert (
        f"{rasa} exited with code -9 (SIGKILL); restart 1 of at most 6 in 1.0 s (see {logs / log})"
    ) in printed
    assert "action server is back after" in printed
    assert f"{rasa} is back after" in printed
    assert (advisor.process.returncode, left) == (0, [])


def test_a_server_that_keeps_failing_ends_advisor_run_with_status_1(advisor_stack, tmp_path):
    import os

    from loadtest.advisor_run import ACTION_SERVER

    kb_path = tmp_path / "knowledge.db"
    kb_path.write_bytes(advisor_stack.settings.kb_path.read_bytes())
    advisor = _advisor_run(tmp_path, kb_path, "--max-restarts", "2")
    advisor.start()
    try:
        advisor.wait_ready(240)
        servers = advisor.descendants()
        # From now on every action server that starts finds no usable knowledge base.
        kb_path.write_bytes(b"not a database")
        os.killpg(advisor.server_pid(ACTION_SERVER), signal.SIGKILL)
        status = advisor.process.wait(timeout=120)
    finally:
        left = advisor.stop()
    printed = advisor.output()
    log = advisor.settings.log_dir / "actions.log"
    assert status == 1, printed
    assert f"action server exited with code 2; restart 2 of at most 2 in 2.0 s (see {log})" in (
        printed
    )
    assert (
        f"Error: action server exited with code 2 (see {log}), and kept failing: "
        "stopping the rest." in printed
    )
    assert "knowledge base" in log.read_text(encoding="utf-8")
    _, alive = psutil.wait_procs(servers, timeout=10)
    assert (alive, left) == ([], [])
