"""The scale profile's environment matches what endpoints.scale.yml reads."""

import re

import pytest

from bot.scale.profile import ENDPOINTS_FILE, ScaleProfile
from settings import PROJECT_ROOT


def test_environment_sets_every_variable_the_endpoints_file_reads():
    names = set(re.findall(r"\$\{(ADVISOR_\w+)\}", (PROJECT_ROOT / ENDPOINTS_FILE).read_text()))
    environment = ScaleProfile().environment("http://127.0.0.1:1/webhook")
    assert names <= set(environment)
    assert environment["RASA_TELEMETRY_ENABLED"] == "false"


def test_endpoint_values_are_unquoted():
    # Rasa expands ${VAR} only in plain (unquoted) YAML scalars.
    text = (PROJECT_ROOT / ENDPOINTS_FILE).read_text()
    assert not re.search(r"['\"]\$\{", text)


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("", "postgresql://postgres@127.0.0.1:5432/advisor_scale_abc"),
        ("s3cret", "postgresql://postgres:s3cret@127.0.0.1:5432/advisor_scale_abc"),
    ],
)
def test_database_url(monkeypatch, password, expected):
    for name in ("ADVISOR_PG_HOST", "ADVISOR_PG_PORT", "ADVISOR_PG_USER", "ADVISOR_PG_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ADVISOR_PG_PASSWORD", password)
    assert ScaleProfile().for_run("abc").database_url() == expected


def test_for_run_isolates_database_lock_keys_and_queue():
    profile = ScaleProfile().for_run("1a2b")
    assert (profile.pg_database, profile.redis_key_prefix, profile.rabbitmq_queue) == (
        "advisor_scale_1a2b",
        "advisorscale1a2b",
        "advisor_events_1a2b",
    )
    assert profile.redis_key_prefix.isalnum()
