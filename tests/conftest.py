"""Fixtures shared across the suite: the knowledge base built in memory, the domain."""

import os
from pathlib import Path

import pytest
import yaml

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "knowledge" / "sources"
REGISTRY = ROOT / "knowledge" / "programmes.yml"
OVERRIDES = ROOT / "knowledge" / "overrides.yml"


@pytest.fixture(scope="session")
def kb():
    """Return the knowledge base built from the shipped pages, in memory."""
    from tests.helpers import build_in_memory

    return build_in_memory(SOURCES, REGISTRY, OVERRIDES)


@pytest.fixture(scope="session")
def domain() -> dict:
    """Return domain.yml as the action server receives it."""
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


class RunningAdvisor:
    """A started stack on free ports, with its URLs and a way to restart it."""

    def __init__(self, settings, model) -> None:
        from bot.cli.runtime import Stack

        self.settings = settings
        self.model = model
        self.stack = Stack(settings, model)
        self.stack.start()

    @property
    def chat_url(self) -> str:
        return self.settings.chat_url

    @property
    def rasa_url(self) -> str:
        return self.settings.rasa_url

    @property
    def rest_url(self) -> str:
        return f"{self.settings.rasa_url}/webhooks/rest/webhook"

    def restart(self) -> None:
        """Stop every process and start them again on the same ports and files."""
        from bot.cli.runtime import Stack

        self.stack.stop()
        self.stack = Stack(self.settings, self.model)
        self.stack.start()

    def ask(self, sender: str, message: str) -> list[dict]:
        """Send one message over REST and return the bot's replies."""
        import requests

        response = requests.post(
            self.rest_url, json={"sender": sender, "message": message}, timeout=60
        )
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="session")
def advisor_stack(tmp_path_factory):
    """Run the whole advisor (actions, Rasa, chat page) on free ports for the session."""
    import subprocess
    import sys

    from bot.rasa.training import ensure_model
    from settings import isolated_settings

    workdir = tmp_path_factory.mktemp("advisor")
    kb_path = workdir / "knowledge.db"
    advisor = Path(sys.executable).with_name("advisor")
    subprocess.run([str(advisor), "kb", "build", "--db", str(kb_path)], check=True, cwd=ROOT)
    settings = isolated_settings(workdir, kb_path=kb_path)
    model = ensure_model(settings)
    running = RunningAdvisor(settings, model)
    yield running
    running.stack.stop()
