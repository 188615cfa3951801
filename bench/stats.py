"""Summaries of repeated measurements: percentiles and median/min/max."""

from __future__ import annotations

import contextlib
import gc
import statistics
import time
from collections.abc import Callable, Iterator, Sequence


def percentile(values: Sequence[float], fraction: float) -> float:
    """Return the `fraction` percentile (0..1) of values by linear interpolation."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction {fraction} is outside [0, 1]")
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def latency_percentiles(values: Sequence[float]) -> dict[str, float]:
    """Return p50, p95 and p99 of values."""
    return {
        "p50": percentile(values, 0.50),
        "p95": percentile(values, 0.95),
        "p99": percentile(values, 0.99),
    }


def summarize(runs: Sequence[float]) -> dict:
    """Return the median, min and max of repeated runs, with the runs themselves."""
    if not runs:
        raise ValueError("summary of no runs")
    values = [float(run) for run in runs]
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": values,
    }


def summarize_each(samples: Sequence[dict[str, float]]) -> dict[str, dict]:
    """Summarize every key of repeated runs that each measured the same keys."""
    return {key: summarize([sample[key] for sample in samples]) for key in samples[0]}


def repeat_timed(action: Callable[[], object], runs: int) -> dict:
    """Run `action` `runs` times and summarize its wall-clock seconds."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return summarize(seconds)


def median_of(value: object) -> float | None:
    """Return the median of a summary, the number itself, or None."""
    if isinstance(value, dict):
        return value.get("median")
    return value if isinstance(value, int | float) else None


@contextlib.contextmanager
def quiet_client_heap() -> Iterator[None]:
    """Keep the load client's own garbage collections out of the latencies it measures.

    The benchmark process has loaded models for the NLU sections by the time it sends load:
    hundreds of thousands of long-lived objects that a full collection walks for a few hundred
    milliseconds, during which no reply is timed and every message in flight looks that much
    slower. Frozen, they are no longer scanned; the same for every bot measured.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
