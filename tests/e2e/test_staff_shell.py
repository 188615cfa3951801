"""Staff chat in the terminal: `advisor shell` (rasa shell + action server) under a pty."""

import os
import sys
from pathlib import Path

import pexpect
import pytest

from settings import free_port
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_staff_shell_answers_and_exits_cleanly(advisor_stack, tmp_path):
    env = dict(os.environ)
    env.update(
        ADVISOR_RASA_PORT=str(free_port()),
        ADVISOR_ACTIONS_PORT=str(free_port()),
        ADVISOR_KB=str(advisor_stack.settings.kb_path),
        ADVISOR_TRACKER_DB=str(tmp_path / "shell-tracker.db"),
        ADVISOR_LOG_DIR=str(tmp_path / "logs"),
        TERM="xterm",
    )
    advisor = str(Path(sys.executable).with_name("advisor"))
    shell = pexpect.spawn(advisor, ["shell"], cwd=str(ROOT), env=env, encoding="utf-8", timeout=240)
    shell.logfile_read = (tmp_path / "shell.log").open("w")
    try:
        shell.expect("Your input ->")
        shell.sendline("How much is tuition for ST4Health?")
        shell.expect("€250", timeout=60)
        shell.expect("Your input ->")
        shell.sendline("and when are the deadlines?")
        shell.expect("Round 2", timeout=60)
        shell.expect("Your input ->")
        shell.sendline("/stop")
        shell.expect(pexpect.EOF, timeout=60)
    finally:
        shell.close(force=True)
    assert shell.exitstatus == 0
