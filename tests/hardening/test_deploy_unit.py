"""The production systemd unit restarts on failure, runs unprivileged, and ships no secret."""

import configparser
import re

from bot.cli.processes import ManagedProcess
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(DEPLOY / "advisor.service")
    return parser


def test_the_unit_restarts_advisor_run_on_failure_only_and_lets_it_stop_its_servers():
    service = unit()["Service"]
    assert service["ExecStart"].endswith("/.venv/bin/advisor run")
    assert service["Restart"] == "on-failure"  # advisor run exits 0 only when asked to stop
    # SIGTERM to advisor run alone, which stops its servers in order, with time to do it.
    assert (service["KillMode"], service["KillSignal"]) == ("mixed", "SIGTERM")
    grace = ManagedProcess.stop.__defaults__[0]
    assert int(service["TimeoutStopSec"]) >= 3 * grace
    assert int(unit()["Unit"]["StartLimitBurst"]) > 0


def test_the_unit_runs_as_a_dedicated_user_with_private_files():
    service = unit()["Service"]
    assert service["User"] not in ("", "root")
    assert service["UMask"] == "0077"
    assert service["WorkingDirectory"].startswith("/")
    assert service["EnvironmentFile"].startswith("/etc/")


def test_the_example_environment_file_holds_no_secret_and_only_known_settings():
    settings_source = "\n".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "settings").glob("*.py")
    )
    assignments = re.findall(
        r"^([A-Z_]+)=(.*)$", (DEPLOY / "advisor.env.example").read_text(), re.MULTILINE
    )
    assert assignments
    for name, value in assignments:
        assert name in settings_source, name
        assert not re.search(r"TOKEN|PASSWORD|SECRET|KEY", name), (name, value)
