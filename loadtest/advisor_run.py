"""`advisor run` in a child process, as an operator runs it, for harnesses that break it.

The soak kills its servers with SIGKILL and relies on `advisor run`'s own supervisor to bring
them back, so it drives the real command rather than a Stack of its own.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from bot.cli.processes import ManagedProcess, StartupError
from bot.cli.runtime import action_server, chat_page, rasa_server
from settings import PROJECT_ROOT, Settings

ACTION_SERVER = "bot.rasa.action_server"
RASA_SERVER = "bot.rasa.server"
STOP_GRACE_S = 60.0  # advisor run stops its servers one after the other, each within 10 s


RECOVERED = " is back after "  # what the supervisor prints when a restarted server answers


class AdvisorRun:
    """One `advisor run` on `settings`, its output in `log_path`."""

    def __init__(self, settings: Settings, log_path: Path, *args: str) -> None:
        self.settings = settings
        self.log_path = log_path
        self.args = args
        self.process: subprocess.Popen | None = None
        # Describers only: their ready URLs say whether each server answers.
        self.servers: dict[str, ManagedProcess] = {
            ACTION_SERVER: action_server(settings),
            RASA_SERVER: rasa_server(settings, Path("model")),
            "chat page": chat_page(settings),
        }

    def start(self) -> None:
        """Start `advisor run` in its own session (a Ctrl-C reaches the harness only)."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "run", *self.args],
                cwd=PROJECT_ROOT,
                env=self.settings.child_environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float) -> None:
        """Block until every server answers; raise StartupError if `advisor run` exits."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StartupError(
                    f"advisor run exited with code {self.process.returncode}; see {self.log_path}"
                )
            if all(server.is_ready() for server in self.servers.values()):
                return
            time.sleep(0.2)
        raise StartupError(f"advisor run not ready after {timeout:.0f} s; see {self.log_path}")

    def descendants(self) -> list[psutil.Process]:
        """Return every process `advisor run` started, and theirs."""
        if self.process is None:
            return []
        with contextlib.suppress(psutil.NoSuchProcess):
            return psutil.Process(self.process.pid).children(recursive=True)
        return []

    def server_pids(self, module: str) -> list[int]:
        """Return the pids of the servers started as `python -m module` (several Rasa processes
        run behind the router on a box with several cores), in start order."""
        if self.process is None:
            return []
        try:
            children = psutil.Process(self.process.pid).children()
        except psutil.NoSuchProcess:
            return []
        pids = []
        for child in children:
            with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                if module in child.cmdline():
                    pids.append(child.pid)
        return sorted(pids)

    def server_pid(self, module: str) -> int | None:
        """Return the pid of one server started as `python -m module`, if one runs."""
        pids = self.server_pids(module)
        return pids[0] if pids else None

    def kill_and_wait_back(self, module: str, timeout: float) -> float:
        """SIGKILL one such server's process group, as a crash would; return seconds until its
        replacement answers (started by advisor run's supervisor, not by us)."""
        before = set(self.server_pids(module))
        if not before:
            raise StartupError(f"no {module} is running under advisor run")
        pid = min(before)
        recoveries = self.output().count(RECOVERED)
        killed = time.monotonic()
        os.killpg(pid, signal.SIGKILL)
        deadline = killed + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StartupError(f"advisor run exited after the kill; see {self.log_path}")
            # The supervisor says a server is back once the new process answers its own ready
            # URL (behind the router, the public port may be answered by another process).
            replaced = set(self.server_pids(module)) - before
            if replaced and self.output().count(RECOVERED) > recoveries:
                return time.monotonic() - killed
            time.sleep(0.2)
        raise StartupError(f"{module} not back {timeout:.0f} s after the kill; see {self.log_path}")

    def stop(self) -> list[psutil.Process]:
        """Stop `advisor run` as Ctrl-C would; return the descendants still alive after it."""
        if self.process is None:
            return []
        children = self.descendants()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        _, alive = psutil.wait_procs(children, timeout=10)
        for straggler in alive:  # only if advisor run failed to stop its own servers
            with contextlib.suppress(psutil.NoSuchProcess):
                os.killpg(straggler.pid, signal.SIGKILL)
        return alive

    def output(self) -> str:
        """Return what `advisor run` printed so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")
