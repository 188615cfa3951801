"""Rasa's own checks: the data validates and the conversation tests pass with the trained model."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.slow

RASA = str(Path(sys.executable).with_name("rasa"))


def test_rasa_data_validates():
    completed = subprocess.run(
        [RASA, "data", "validate", "--fail-on-warnings"],
        cwd=PROJECT_ROOT,
        env=Settings().child_environment(),
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]


def test_conversation_stories_pass(trained_model, tmp_path):
    completed = subprocess.run(
        [
            RASA,
            "test",
            "core",
            "--model",
            str(trained_model),
            "--stories",
            "tests/stories",
            "--out",
            str(tmp_path),
            "--fail-on-prediction-errors",
        ],  # fmt: skip
        cwd=PROJECT_ROOT,
        env=Settings().child_environment(),
        capture_output=True,
        text=True,
    )
    failed = (tmp_path / "failed_test_stories.yml").read_text() if completed.returncode else ""
    assert completed.returncode == 0, failed + completed.stdout[-2000:]
    report = json.loads((tmp_path / "story_report.json").read_text())
    assert report["conversation_accuracy"]["accuracy"] == 1.0
