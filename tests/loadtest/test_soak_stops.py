"""`make soak` stopped early (Ctrl-C, SIGTERM, its timeout) stops every server it started."""

import contextlib
import signal
import subprocess
import sys
import time

import psutil
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

# Large enough never to finish within a test: only the stop ends it.
SOAK = [sys.executable, "-m", "loadtest", "soak", "--students", "2", "--messages", "100000"]
SERVERS = ("bot.rasa.action_server", "bot.rasa.server", "bot.cli")


def _is_server(process: psutil.Process) -> bool:
    with contextlib.suppress(psutil.Error):
        return any(module in process.cmdline() for module in SERVERS)
    return False


def _servers_seen_until(soak: subprocess.Popen, *, stop_when) -> list[psutil.Process]:
    """Collect the soak's servers (advisor run and its three) until `stop_when(seen)` holds."""
    seen: dict[int, psutil.Process] = {}
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and soak.poll() is None:
        with contextlib.suppress(psutil.NoSuchProcess):
            for child in psutil.Process(soak.pid).children(recursive=True):
                if _is_server(child):
                    seen.setdefault(child.pid, child)
        if stop_when(seen):
            break
        time.sleep(0.2)
    return list(seen.values())


@pytest.mark.parametrize(
    ("how", "extra", "status"),
    [
        ("SIGINT once the students are talking", (), 128 + signal.SIGINT),
        ("SIGTERM while the servers start", (), 128 + signal.SIGTERM),
        ("its timeout", ("--timeout", "30"), 1),
    ],
)
def test_a_stopped_soak_stops_every_server_it_started(how, extra, status, tmp_path):
    log = tmp_path / "soak.out"
    with log.open("w") as out:
        soak = subprocess.Popen(
            [*SOAK, "--fuzz", "0", *extra], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        if how.startswith("SIGINT"):
            servers = _servers_seen_until(
                soak, stop_when=lambda _seen: "advisor run ready" in log.read_text()
            )
            time.sleep(2)  # the students' first messages are in flight
            soak.send_signal(signal.SIGINT)
        elif how.startswith("SIGTERM"):
            servers = _servers_seen_until(soak, stop_when=lambda seen: len(seen) >= 4)
            soak.send_signal(signal.SIGTERM)
        else:
            servers = _servers_seen_until(soak, stop_when=lambda _seen: False)
        assert soak.wait(timeout=180) == status
    finally:
        if soak.poll() is None:
            soak.kill()
    printed = log.read_text()
    assert len(servers) >= 4, printed  # advisor run, action server, Rasa, chat page
    _, alive = psutil.wait_procs(servers, timeout=10)
    assert alive == [], printed
    assert "servers left running: none" in printed
