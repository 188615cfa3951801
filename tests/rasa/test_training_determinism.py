"""Two trainings on the same data give the same model: NLU floors cannot flake."""

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from bench.compare_pipelines import load_examples, raw_prediction
from bench.paths import NLU_DEV
from bot.rasa.training import DETERMINISTIC_ENV
from settings import PROJECT_ROOT, Settings

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]


def _train_nlu(out: Path) -> Path:
    """Train the NLU part of config.yml exactly as `advisor train` would, into `out`."""
    command = [
        str(Path(sys.executable).with_name("rasa")), "train", "nlu",
        "--config", "config.yml", "--nlu", "data/nlu", "--out", str(out),
        "--fixed-model-name", "nlu",
    ]  # fmt: skip
    env = {**Settings().child_environment(), **DETERMINISTIC_ENV, "RASA_MAX_CACHE_SIZE": "0"}
    subprocess.run(command, cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    return out / "nlu.tar.gz"


def _predictions(model: Path) -> list[tuple[str, float]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    texts = [example["text"] for example in load_examples(NLU_DEV)]

    async def parse_all() -> list[tuple[str, float]]:
        parsed = [raw_prediction(await agent.parse_message(text)) for text in texts]
        return [(p["intent"], round(p["confidence"], 5)) for p in parsed]

    return asyncio.run(parse_all())


def test_training_twice_gives_the_same_dev_predictions(tmp_path):
    first = _predictions(_train_nlu(tmp_path / "first"))
    second = _predictions(_train_nlu(tmp_path / "second"))
    differing = [(a, b) for a, b in zip(first, second, strict=True) if a != b]
    assert not differing, f"{len(differing)} of {len(first)} differ: {differing[:5]}"
