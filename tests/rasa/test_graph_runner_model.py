"""On our trained model, graph runs in a precomputed order parse and predict exactly as dask's."""

import asyncio

import pytest
from rasa.engine.runner.dask import DaskGraphRunner

from bot.rasa.graph_runner import _original_run, sequential_run

pytestmark = pytest.mark.slow


def test_our_models_parses_and_predictions_are_dasks(trained_model):
    from rasa.core.agent import Agent
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    agent, loop = Agent.load(str(trained_model)), asyncio.new_event_loop()
    texts = ["How much is tuition for ST4Health?", "and the deadlines?", "hello", "asdf qwer"]

    def outcomes(run) -> list:
        DaskGraphRunner.run = run
        results = []
        for text in texts:
            parsed = loop.run_until_complete(agent.parse_message(text))
            tracker = DialogueStateTracker.from_events("s", [
                ActionExecuted("action_listen"),
                UserUttered(text, parsed["intent"], parsed["entities"], parsed),
            ], agent.domain.slots)  # fmt: skip
            prediction = agent.processor._predict_next_with_tracker(tracker)
            results.append((parsed, prediction.max_confidence_index, prediction.probabilities))
        return results

    try:
        assert outcomes(sequential_run) == outcomes(_original_run)
    finally:
        DaskGraphRunner.run = _original_run
        loop.close()
