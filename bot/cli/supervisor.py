"""The one place the advisor's server processes are started, watched and stopped.

`advisor run`, `advisor shell`, `advisor scale run`, the tests and the harnesses all go through
a Supervisor. It installs its own SIGINT and SIGTERM handlers, so Ctrl-C or a `kill` stops every
child even when the advisor was started with SIGINT ignored (a background job, nohup, some CI
runners): Python leaves an inherited "ignore" in place unless told otherwise. While it
watches, a child that dies is started again with back-off (bot/cli/restarts.py), so one crash
does not take the advisor down, and a child that keeps failing ends it with a non-zero status
for the service manager to see.
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
from bot.cli.restarts import RestartPolicy, RestartState, describe_code

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
    """Processes started in order, watched together, restarted when they die, stopped in
    reverse order.

    While `watch` runs, a child that exits (crash, kill -9, or exit 0 nobody asked for) is
    started again after an exponential back-off, each time with a line naming its exit code and
    log file; past the policy's budget the supervisor gives up and `watch` returns it. A
    foreground child (the staff's terminal) is never restarted: its exit ends the watch.
    """

    def __init__(
        self,
        processes: Sequence[ManagedProcess] = (),
        *,
        policy: RestartPolicy | None = None,
        say: Callable[[str], None] | None = None,
    ) -> None:
        self.processes: list[ManagedProcess] = list(processes)
        self.policy = policy or RestartPolicy()
        self.say = say or _say
        self._restarts: dict[int, RestartState] = {}

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
        self._restarts.pop(id(old), None)
        new.start()
        new.wait_ready(timeout)

    def stop(self) -> None:
        """Stop every process, last started first."""
        for process in reversed(self.processes):
            process.stop()

    def exited(self) -> list[ManagedProcess]:
        """Return the processes that were started and have exited since."""
        return [p for p in self.processes if p.process is not None and p.process.poll() is not None]

    def watch(self) -> list[ManagedProcess]:
        """Restart processes that exit, until one is given up on; return the given-up ones.

        SIGINT and SIGTERM raise StopRequested meanwhile.
        """
        while True:
            given_up = self.check()
            if given_up:
                return given_up
            time.sleep(POLL_S)

    def check(self) -> list[ManagedProcess]:
        """One pass of the watch: notice exits, start restarts that are due, note recoveries.

        Returns the processes given up on (budget spent, or a foreground process ended).
        """
        given_up = []
        now = time.monotonic()
        for process in self.processes:
            if process.process is None:
                continue
            state = self._restarts.setdefault(id(process), RestartState())
            if state.due is not None:
                if now >= state.due:
                    self._restart(process, state, now)
            elif process.process.poll() is not None:
                if process.foreground or not self._schedule(process, state, now):
                    given_up.append(process)
            elif state.started is not None:
                self._check_recovery(process, state, now)
        return given_up

    def _schedule(self, process: ManagedProcess, state: RestartState, now: float) -> bool:
        """Record the exit; schedule a restart and say so, or return False to give up."""
        failures = state.record_failure(now, self.policy)
        state.started = None
        exit_line = f"{process.name} exited with {describe_code(process.process.returncode)}"
        if failures > self.policy.max_restarts:
            self.say(
                f"{exit_line}; giving up after {failures} failures within "
                f"{self.policy.window_s:.0f} s (see {process.log_path})"
            )
            return False
        delay = self.policy.delay(failures)
        state.due = now + delay
        self.say(
            f"{exit_line}; restart {failures} of at most {self.policy.max_restarts} "
            f"in {delay:.1f} s (see {process.log_path})"
        )
        return True

    def _restart(self, process: ManagedProcess, state: RestartState, now: float) -> None:
        state.due = None
        state.started = now
        process.start()

    def _check_recovery(self, process: ManagedProcess, state: RestartState, now: float) -> None:
        """Say when a restarted process answers again; kill it if it never does in time."""
        if process.is_ready():
            self.say(f"{process.name} is back after {now - state.started:.1f} s")
            state.started = None
        elif now - state.started > self.policy.ready_timeout_s:
            self.say(f"{process.name} not ready after {self.policy.ready_timeout_s:.0f} s")
            process.kill()  # noticed as an exit on the next pass, and counted

    def __enter__(self) -> Supervisor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _say(message: str) -> None:
    """Write a supervision event to stderr with the time it happened."""
    click.echo(f"{time.strftime('%H:%M:%S')} {message}", err=True)


def describe_exit(exited: Sequence[ManagedProcess]) -> str:
    """Return one line naming the processes that stopped and their logs."""
    return "; ".join(
        f"{p.name} exited with {describe_code(p.process.returncode)} (see {p.log_path})"
        for p in exited
    )


class ServerGroup(Protocol):
    """What `serve_until_stopped` runs: a group of servers under one Supervisor."""

    supervisor: Supervisor

    def start(self) -> None: ...

    def stop(self) -> None: ...


def serve_until_stopped(
    build: Callable[[], ServerGroup],
    *,
    announce: Callable[[ServerGroup], None],
    policy: RestartPolicy | None = None,
) -> int:
    """Build and start a server group, serve until Ctrl-C or SIGTERM, stop it all.

    A server that dies meanwhile is restarted with back-off (`policy`, default RestartPolicy()).
    Returns the exit status: 0 only when stopped on request; 1 when a server failed to start
    or kept failing past the restart budget.
    """
    group: ServerGroup | None = None
    status = 1
    with stop_signals_raise():
        try:
            group = build()
            if policy is not None:
                group.supervisor.policy = policy
            group.start()
            announce(group)
            given_up = group.supervisor.watch()
            click.echo(
                f"Error: {describe_exit(given_up)}, and kept failing: stopping the rest.",
                err=True,
            )
        except (StartupError, TimeoutError) as error:
            click.echo(f"Error: {error}", err=True)
        except StopRequested:
            click.echo("\nStopping …")
            status = 0
        finally:
            if group is not None:
                group.stop()
    return status
