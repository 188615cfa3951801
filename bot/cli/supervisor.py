"""The one place the advisor's server processes are started, watched and stopped.

`advisor run`, `advisor shell`, `advisor scale run`, the tests and the harnesses all go through
a Supervisor. It installs its own SIGINT and SIGTERM handlers, so Ctrl-C or a `kill` stops every
child even when the advisor was started with SIGINT ignored (a background job, nohup, some CI
runners): Python leaves an inherited "ignore" in place unless told otherwise.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from types import FrameType
from typing import Protocol

import click

from bot.cli.processes import ManagedProcess, StartupError

logger = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
POLL_S = 0.5


class StopRequested(Exception):  # noqa: N818 - a request, not an error
    """SIGINT or SIGTERM arrived: stop everything and leave."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_stop(signum: int, _frame: FrameType | None) -> None:
    raise StopRequested(signum)


@contextlib.contextmanager
def stop_signals_raise() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into StopRequested for the block, whatever was inherited.

    Children started inside the block start with the default action for both signals (an
    exec resets handled signals, but would keep an ignored one).
    """
    previous = {signum: signal.signal(signum, _raise_stop) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class Supervisor:
    """Processes started in order, watched together, stopped in reverse order.

    Later work (restarts with back-off, several Rasa processes per box) belongs here: `watch`
    is where an exited process is noticed, and `on_exit` decides what happens next.
    """

    def __init__(self, processes: Sequence[ManagedProcess] = ()) -> None:
        self.processes: list[ManagedProcess] = list(processes)

    def add(self, process: ManagedProcess) -> ManagedProcess:
        """Put a process under supervision (it is started by `start` or `launch`)."""
        if process not in self.processes:
            self.processes.append(process)
        return process

    def launch(self, *processes: ManagedProcess) -> None:
        """Start these processes now, without waiting for them."""
        for process in processes:
            self.add(process).start()

    def wait_ready(self, *processes: ManagedProcess, timeout: float) -> None:
        """Wait until each of these processes (default: all) answers its ready URL."""
        for process in processes or self.processes:
            process.wait_ready(timeout)

    def start(self, timeout: float) -> None:
        """Start every process in parallel and wait until each answers; stop all on failure."""
        try:
            self.launch(*self.processes)
            self.wait_ready(timeout=timeout)
        except BaseException:
            self.stop()
            raise

    def replace(self, old: ManagedProcess, new: ManagedProcess, timeout: float) -> None:
        """Stop `old` and start `new` in its place, keeping the stop order."""
        old.stop()
        self.processes[self.processes.index(old)] = new
        new.start()
        new.wait_ready(timeout)

    def stop(self) -> None:
        """Stop every process, last started first."""
        for process in reversed(self.processes):
            process.stop()

    def exited(self) -> list[ManagedProcess]:
        """Return the processes that were started and have exited since."""
        return [p for p in self.processes if p.process is not None and p.process.poll() is not None]

    def watch(
        self, on_exit: Callable[[list[ManagedProcess]], bool] | None = None
    ) -> list[ManagedProcess]:
        """Block until a process exits and `on_exit` (default: always) says to give up.

        Returns the exited processes. SIGINT and SIGTERM raise StopRequested meanwhile.
        """
        give_up = on_exit or (lambda _exited: True)
        while True:
            exited = self.exited()
            if exited and give_up(exited):
                return exited
            time.sleep(POLL_S)

    def __enter__(self) -> Supervisor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def describe_exit(exited: Sequence[ManagedProcess]) -> str:
    """Return one line naming the processes that stopped and their logs."""
    return "; ".join(
        f"{p.name} exited with code {p.process.returncode} (see {p.log_path})" for p in exited
    )


class ServerGroup(Protocol):
    """What `serve_until_stopped` runs: a group of servers under one Supervisor."""

    supervisor: Supervisor

    def start(self) -> None: ...

    def stop(self) -> None: ...


def serve_until_stopped(
    build: Callable[[], ServerGroup], *, announce: Callable[[ServerGroup], None]
) -> int:
    """Build and start a server group, serve until Ctrl-C, SIGTERM or a crash, stop it all.

    Returns the exit status: 0 when stopped on request, 1 when a server failed to start or
    stopped by itself.
    """
    group: ServerGroup | None = None
    status = 1
    with stop_signals_raise():
        try:
            group = build()
            group.start()
            announce(group)
            exited = group.supervisor.watch()
            click.echo(f"A server stopped unexpectedly: {describe_exit(exited)}", err=True)
        except (StartupError, TimeoutError) as error:
            click.echo(f"Error: {error}", err=True)
        except StopRequested:
            click.echo("\nStopping …")
            status = 0
        finally:
            if group is not None:
                group.stop()
    return status
