"""When a child that died is started again: exponential back-off and a failure budget.

The supervisor watches several children at once and must not block on one child's back-off
while another dies, so the delay is computed here and waited out by the watch loop, rather than
by a blocking retry decorator around one call.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import click

Command = TypeVar("Command", bound=Callable[..., object])


@dataclass(frozen=True)
class RestartPolicy:
    """Back-off doubling from `first_delay_s` up to `max_delay_s`; give up after
    `max_restarts` restarts within `window_s` (the next failure in the window is one too many)."""

    first_delay_s: float = 1.0
    max_delay_s: float = 30.0
    max_restarts: int = 6
    window_s: float = 600.0
    # A restarted child that has not answered its ready URL by then counts as failed.
    ready_timeout_s: float = 300.0

    def delay(self, failures: int) -> float:
        """Return the wait before the restart that follows the `failures`-th recent failure."""
        return min(self.max_delay_s, self.first_delay_s * 2 ** max(failures - 1, 0))


NEVER_RESTART = RestartPolicy(max_restarts=0)


@dataclass
class RestartState:
    """One child's recent failures (monotonic times) and where it stands in its restart."""

    failures: deque[float] = field(default_factory=deque)
    due: float | None = None  # when the pending restart starts; None when none is pending
    started: float | None = None  # when a restart began, until the child answers as ready

    def record_failure(self, now: float, policy: RestartPolicy) -> int:
        """Count a failure at `now` and return how many fall within the policy's window."""
        self.failures.append(now)
        while self.failures and now - self.failures[0] > policy.window_s:
            self.failures.popleft()
        return len(self.failures)


def describe_code(code: int | None) -> str:
    """Return an exit status as an operator reads it: `code 2`, `code -9 (SIGKILL)`."""
    if code is not None and code < 0:
        try:
            return f"code {code} ({signal.Signals(-code).name})"
        except ValueError:
            pass
    return f"code {code}"


def restart_options(command: Command) -> Command:
    """Add --max-restarts and --restart-window to a command that serves until stopped."""
    defaults = RestartPolicy()
    command = click.option(
        "--restart-window",
        type=float,
        default=defaults.window_s,
        show_default=True,
        help="Seconds over which a server's failures are counted.",
    )(command)
    return click.option(
        "--max-restarts",
        type=int,
        default=defaults.max_restarts,
        show_default=True,
        help="Restarts of one server within the window before giving up (exit 1).",
    )(command)


def policy_from_options(max_restarts: int, restart_window: float) -> RestartPolicy:
    """Return the default back-off with the budget given on the command line."""
    return RestartPolicy(max_restarts=max_restarts, window_s=restart_window)
