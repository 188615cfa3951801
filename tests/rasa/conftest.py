"""The trained model, loaded in-process once for the NLU and dialogue checks."""

import asyncio

import pytest

from bot.rasa.training import ensure_model
from settings import Settings


@pytest.fixture(scope="session")
def trained_model():
    """Return the path of a model trained on the current data (training only if needed)."""
    return ensure_model(Settings())


@pytest.fixture(scope="session")
def nlu_parse(trained_model):
    """Return a function parsing a message with the trained model's NLU, as the server would."""
    from rasa.core.agent import Agent

    loop = asyncio.new_event_loop()
    agent = Agent.load(str(trained_model))

    def parse(text: str) -> dict:
        return loop.run_until_complete(agent.parse_message(text))

    yield parse
    loop.close()
