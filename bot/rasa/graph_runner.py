"""Rasa's model graph run node after node in a fixed order, without dask's scheduler per run.

Every message runs the model's graph three times (NLU, then a prediction before each action).
Rasa hands each run to dask's local scheduler, which rebuilds the task graph, orders it and
manages its state for a dozen nodes that run one after another in this one thread anyway: about
a tenth of a message's CPU here. The nodes are pure functions of their inputs, so running them
in any order that puts a node after what it needs gives the same results. Here the order is
computed once per set of targets and each run calls the nodes in it; a node's argument is the
result of the node or input it names, or the name itself when nothing by that name exists
(as dask passes it).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

_ORDERS = "_advisor_orders"
_original_run = DaskGraphRunner.run


def _order(schema: Any, targets: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Return (node, the names it needs) for every node the targets need, needs first."""
    ordered: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen or name not in schema.nodes:
            return
        seen.add(name)
        needs = tuple(schema.nodes[name].needs.values())
        for need in needs:
            visit(need)
        ordered.append((name, needs))

    for target in targets:
        visit(target)
    return ordered


def sequential_run(
    self: DaskGraphRunner, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
) -> dict[str, Any]:
    """Run the graph like `DaskGraphRunner.run`, calling the nodes in one precomputed order."""
    run_targets = targets if targets else self._graph_schema.target_names
    orders = self.__dict__.setdefault(_ORDERS, {})
    key = tuple(run_targets)
    if key not in orders:
        orders[key] = _order(self._graph_schema.minimal_graph_schema(run_targets), run_targets)
    nodes = self._graph_schema.nodes
    if any(
        name in nodes or (isinstance(value, str) and value in nodes)
        for name, value in (inputs or {}).items()
    ) or not all(t in nodes for t in key):
        # An input named like a node, or a target that is no node: dask's own way, exactly.
        return _original_run(self, inputs, targets)
    results = {name: (name, value) for name, value in (inputs or {}).items()}
    try:
        for name, needs in orders[key]:
            node = self._instantiated_nodes[name]
            results[name] = node(*(results.get(need, need) for need in needs))
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    return dict(results[target] for target in run_targets)


def install_sequential_graph_runs() -> None:
    """Make every graph run call its nodes in a precomputed order."""
    DaskGraphRunner.run = sequential_run
