"""Staff chat in the terminal: `advisor shell` (rasa shell + action server) under a pty."""

import os
import signal
import sys
from pathlib import Path

import pexpect
import psutil
import pytest

from settings import free_port
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def shell_environment(advisor_stack, tmp_path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        ADVISOR_RASA_PORT=str(free_port()),
        ADVISOR_ACTIONS_PORT=str(free_port()),
        ADVISOR_KB=str(advisor_stack.settings.kb_path),
        ADVISOR_TRACKER_DB=str(tmp_path / "shell-tracker.db"),
        ADVISOR_LOG_DIR=str(tmp_path / "logs"),
        TERM="xterm",
    )
    return env


def ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def test_staff_shell_answers_and_exits_cleanly(advisor_stack, tmp_path):
    env = shell_environment(advisor_stack, tmp_path)
    advisor = str(Path(sys.executable).with_name("advisor"))
    shell = pexpect.spawn(advisor, ["shell"], cwd=str(ROOT), env=env, encoding="utf-8", timeout=240)
    shell.logfile_read = (tmp_path / "shell.log").open("w")
    try:
        shell.expect("Your input ->")
        shell.sendline("How much is tuition for ST4Health?")
        shell.expect("€250", timeout=60)
        shell.expect("Your input ->")
        shell.sendline("and when are the deadlines?")
        # The page writes "ROUND 1" … "ROUND 3"; the answer quotes a round (which one depends on
        # today's date: the next open one, else the closed ones are said to be closed).
        shell.expect("(?i)round [123]", timeout=60)
        # An answer with a "more" button shows a menu; its last entry lets staff type again.
        if shell.expect(["Your input ->", "Type out your own message"]) == 1:
            shell.send("\x1b[B\r")  # arrow down to "Type out your own message…", Enter
            shell.expect("Your input ->")
        shell.sendline("/stop")
        shell.expect(pexpect.EOF, timeout=60)
    finally:
        shell.close(force=True)
    assert shell.exitstatus == 0


def test_staff_shell_stops_its_servers_on_sigint_even_when_ignored(advisor_stack, tmp_path):
    env = shell_environment(advisor_stack, tmp_path)
    advisor = str(Path(sys.executable).with_name("advisor"))
    shell = pexpect.spawn(
        advisor, ["shell"], cwd=str(ROOT), env=env, encoding="utf-8", timeout=240,
        preexec_fn=ignore_sigint,
    )  # fmt: skip
    shell.logfile_read = (tmp_path / "shell.log").open("w")
    try:
        shell.expect("Your input ->")
        children = psutil.Process(shell.pid).children(recursive=True)
        assert len(children) >= 2  # the action server and rasa shell
        os.kill(shell.pid, signal.SIGINT)
        shell.expect(pexpect.EOF, timeout=60)
    finally:
        shell.close(force=True)
    _, alive = psutil.wait_procs(children, timeout=10)
    assert alive == []
