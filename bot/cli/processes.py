"""One child process of the advisor: its command, log, readiness check, start and stop.

Servers run in their own process group, so stopping one also stops anything it spawned and a
Ctrl-C in the terminal reaches only the advisor, which then stops them in order. A foreground
process (the staff's `rasa shell`) shares the terminal instead.
"""

import contextlib
import logging
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)


class StartupError(RuntimeError):
    """A server did not come up; the message says which and where its log is."""


@dataclass
class ManagedProcess:
    """A child: its command, its log file, and the URL that answers once it is ready."""

    name: str
    command: list[str]
    ready_url: str | None
    log_path: Path
    env: dict[str, str]
    cwd: Path
    foreground: bool = False  # reads and writes the terminal; in our own process group
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> None:
        """Launch the process with its output appended to its log file (or on the terminal)."""
        if self.foreground:
            self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env)
            return
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        try:
            self.process = subprocess.Popen(
                self.command,
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # so stopping it also stops anything it spawned
            )
        finally:
            log.close()

    def run_in_foreground(self) -> int:
        """Start the process and return its exit code once it ends."""
        self.start()
        return self.process.wait()

    def is_ready(self) -> bool:
        """Say whether the ready URL answers (any HTTP status below 500 counts)."""
        if self.ready_url is None:
            return True
        try:
            with urllib.request.urlopen(self.ready_url, timeout=1) as response:
                return response.status < 500
        except urllib.error.HTTPError as error:
            return error.code < 500
        except (urllib.error.URLError, OSError):
            return False

    def wait_ready(self, timeout: float) -> None:
        """Block until ready; raise StartupError if the process dies or time runs out."""
        if self.ready_url is None:  # nothing to ask: started is ready
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise StartupError(
                    f"{self.name} exited with code {self.process.returncode}; see {self.log_path}"
                )
            if self.is_ready():
                return
            time.sleep(0.1)
        raise StartupError(f"{self.name} not ready after {timeout:.0f} s; see {self.log_path}")

    def stop(self, grace: float = 10.0) -> None:
        """Stop the process group: SIGTERM, then SIGKILL after `grace` seconds."""
        if self.process is None or self.process.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
            self.process.wait(timeout=grace)

    def kill(self) -> None:
        """Kill the process group at once, as a crash would (for fault tests)."""
        if self.process is not None and self.process.poll() is None:
            self._signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def _signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            if self.foreground:  # its group is ours: signal the process alone
                self.process.send_signal(signum)
            else:
                os.killpg(self.process.pid, signum)
