"""The supervision loop: children start, an exit is noticed, signals stop everything."""

import signal
import subprocess
import sys
import textwrap
import time

import psutil
import pytest

from bot.cli.processes import ManagedProcess, StartupError
from bot.cli.restarts import NEVER_RESTART, RestartPolicy
from bot.cli.supervisor import StopRequested, Supervisor, serve_until_stopped
from settings import free_port
from tests.conftest import ROOT

# A supervisor of two small web servers, as `advisor run` supervises its three.
DRIVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from bot.cli.processes import ManagedProcess
    from bot.cli.supervisor import StopRequested, Supervisor, stop_signals_raise

    logs = Path(sys.argv[1])
    servers = [
        ManagedProcess(
            name=f"server {port}",
            command=[sys.executable, "-m", "http.server", "--bind", "127.0.0.1", port],
            ready_url=f"http://127.0.0.1:{port}/",
            log_path=logs / f"{port}.log",
            env={},
            cwd=logs,
        )
        for port in sys.argv[2:]
    ]
    supervisor = Supervisor(servers)
    with stop_signals_raise():
        try:
            supervisor.start(60)
            print("ready", flush=True)
            supervisor.watch()
            print("a child exited", flush=True)
        except StopRequested as stop:
            print(f"stopping on {stop}", flush=True)
        finally:
            supervisor.stop()
    """
)


def ignore_sigint() -> None:
    """Start like a background job or nohup: SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def http_server(tmp_path, port: int) -> ManagedProcess:
    return ManagedProcess(
        name="server",
        command=[sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)],
        ready_url=f"http://127.0.0.1:{port}/",
        log_path=tmp_path / "server.log",
        env={},
        cwd=tmp_path,
    )


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_every_child_even_when_sigint_was_ignored(tmp_path, signum):
    ports = [str(free_port()), str(free_port())]
    driver = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(tmp_path), *ports],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=ignore_sigint,
    )
    try:
        assert driver.stdout.readline().strip() == "ready"
        children = psutil.Process(driver.pid).children(recursive=True)
        assert len(children) == 2
        driver.send_signal(signum)
        assert driver.wait(timeout=30) == 0
        assert driver.stdout.read().strip() == f"stopping on {signal.Signals(signum).name}"
    finally:
        driver.kill()
    gone, alive = psutil.wait_procs(children, timeout=5)
    assert alive == []


def exiting(tmp_path, code: int) -> ManagedProcess:
    """A child that exits with `code` as soon as it starts, every time."""
    return ManagedProcess(
        name="failing",
        command=[sys.executable, "-c", f"raise SystemExit({code})"],
        ready_url=None,
        log_path=tmp_path / "failing.log",
        env={},
        cwd=tmp_path,
    )


def test_without_restarts_watch_returns_the_process_that_exited_and_stop_stops_the_rest(
    tmp_path,
):
    lasting = http_server(tmp_path, free_port())
    brief = ManagedProcess(
        name="brief",
        command=[sys.executable, "-c", "pass"],
        ready_url=None,
        log_path=tmp_path / "brief.log",
        env={},
        cwd=tmp_path,
    )
    with Supervisor([lasting, brief], policy=NEVER_RESTART, say=lambda _line: None) as supervisor:
        supervisor.start(60)
        started = time.monotonic()
        assert supervisor.watch() == [brief]
        assert time.monotonic() - started < 10
        assert lasting.process.poll() is None
    assert lasting.process.poll() is not None


def test_a_failed_start_stops_what_was_started(tmp_path):
    lasting = http_server(tmp_path, free_port())
    failing = ManagedProcess(
        name="failing",
        command=[sys.executable, "-c", "raise SystemExit(3)"],
        ready_url=f"http://127.0.0.1:{free_port()}/",
        log_path=tmp_path / "failing.log",
        env={},
        cwd=tmp_path,
    )
    supervisor = Supervisor([lasting, failing])
    with pytest.raises(Exception, match="failing exited with code 3"):
        supervisor.start(60)
    assert lasting.process.poll() is not None


def test_back_off_doubles_from_one_second_up_to_its_cap():
    policy = RestartPolicy(first_delay_s=1.0, max_delay_s=30.0)
    assert [policy.delay(n) for n in range(1, 9)] == [1, 2, 4, 8, 16, 30, 30, 30]


def test_a_killed_server_is_restarted_answers_again_and_the_restart_is_logged(tmp_path):
    said: list[str] = []
    server = http_server(tmp_path, free_port())
    with Supervisor([server], policy=RestartPolicy(first_delay_s=0.1), say=said.append) as sup:
        sup.start(60)
        first_pid = server.process.pid
        server.kill()
        deadline = time.monotonic() + 60
        while not any("is back" in line for line in said) and time.monotonic() < deadline:
            assert sup.check() == []
            time.sleep(0.05)
        assert server.process.pid != first_pid
        assert server.is_ready()
    assert said[0] == (
        f"server exited with code -9 (SIGKILL); restart 1 of at most 6 in 0.1 s "
        f"(see {tmp_path / 'server.log'})"
    )
    assert said[1].startswith("server is back after ")


def test_a_process_that_always_fails_is_retried_with_growing_delays_then_given_up(tmp_path):
    said: list[str] = []
    failing = exiting(tmp_path, 3)
    policy = RestartPolicy(first_delay_s=0.05, max_restarts=3, window_s=600)
    with Supervisor([failing], policy=policy, say=said.append) as supervisor:
        supervisor.start(60)
        assert supervisor.watch() == [failing]
    log = tmp_path / "failing.log"
    assert said == [
        f"failing exited with code 3; restart 1 of at most 3 in 0.1 s (see {log})",
        f"failing exited with code 3; restart 2 of at most 3 in 0.1 s (see {log})",
        f"failing exited with code 3; restart 3 of at most 3 in 0.2 s (see {log})",
        f"failing exited with code 3; giving up after 4 failures within 600 s (see {log})",
    ]


def test_failures_older_than_the_window_no_longer_count(tmp_path):
    from bot.cli.restarts import RestartState

    policy = RestartPolicy(max_restarts=2, window_s=10)
    state = RestartState()
    assert [state.record_failure(t, policy) for t in (0, 1, 2, 20)] == [1, 2, 3, 1]


def test_a_foreground_process_that_ends_is_not_restarted(tmp_path):
    terminal = exiting(tmp_path, 0)
    terminal.foreground = True
    said: list[str] = []
    with Supervisor([terminal], say=said.append) as supervisor:
        supervisor.launch(terminal)
        assert supervisor.watch() == [terminal]
    assert terminal.process.returncode == 0
    assert said == []


class _FakeGroup:
    """A server group whose watch ends as told: a stop request, or a crashed server."""

    def __init__(self, *, start_error: Exception | None = None, crash: bool = False) -> None:
        self.events: list[str] = []
        self.start_error = start_error
        self.crash = crash
        self.supervisor = self

    def start(self) -> None:
        self.events.append("start")
        if self.start_error:
            raise self.start_error

    def watch(self) -> list:
        self.events.append("watch")
        if self.crash:
            return []
        raise StopRequested(signal.SIGINT)

    def stop(self) -> None:
        self.events.append("stop")


@pytest.mark.parametrize(
    ("group", "status", "events"),
    [
        (_FakeGroup(), 0, ["start", "announce", "watch", "stop"]),
        (_FakeGroup(crash=True), 1, ["start", "announce", "watch", "stop"]),
        (_FakeGroup(start_error=StartupError("no model")), 1, ["start", "stop"]),
    ],
)
def test_serve_until_stopped_stops_the_group_and_tells_the_truth_in_its_status(
    group, status, events
):
    announced = serve_until_stopped(lambda: group, announce=lambda g: g.events.append("announce"))
    assert announced == status
    assert group.events == events
