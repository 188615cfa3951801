"""Graph runs in a precomputed order give dask's results, on a small graph and on our model."""

import pytest
from rasa.engine.graph import GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer

from bot.rasa.graph_runner import _original_run, sequential_run

NEEDS = {
    "a": {"x": "__input__"},
    "b": {"x": "a"},
    "c": {"x": "a", "y": "b"},
    "d": {"x": "c", "y": "__input__"},
    "unused": {"x": "b"},
}


class _Node:
    """Stands for a GraphNode: returns (its name, what it made of its inputs)."""

    def __init__(self, name: str, calls: list) -> None:
        self.name, self.calls = name, calls

    def __call__(self, *inputs):
        self.calls.append(self.name)
        return self.name, (self.name, tuple(output for _, output in inputs))


def _runner(calls: list) -> DaskGraphRunner:
    runner = object.__new__(DaskGraphRunner)  # nodes without models: skip loading them
    runner._graph_schema = GraphSchema(
        {name: SchemaNode(needs, WhitespaceTokenizer, "create", "process", {},
                          is_target=name == "d") for name, needs in NEEDS.items()}
    )  # fmt: skip
    runner._instantiated_nodes = {name: _Node(name, calls) for name in NEEDS}
    runner._execution_context = None
    return runner


@pytest.mark.parametrize("targets", [None, ["d"], ["b", "d"], ["a"]])
def test_results_equal_dasks_and_each_needed_node_runs_once(targets):
    dask_calls, our_calls = [], []
    expected = _original_run(_runner(dask_calls), {"__input__": 1}, targets)
    runner = _runner(our_calls)
    assert sequential_run(runner, {"__input__": 1}, targets) == expected
    assert sorted(our_calls) == sorted(dask_calls) and "unused" not in our_calls
    assert sequential_run(runner, {"__input__": 2}, targets) != expected  # order kept, not results


def test_an_input_named_like_a_node_is_left_to_dask():
    calls = []
    expected = _original_run(_runner([]), {"__input__": 1, "a": 5}, ["d"])
    assert sequential_run(_runner(calls), {"__input__": 1, "a": 5}, ["d"]) == expected
    assert "a" not in calls
