"""The felt-latency measures (bench/felt_latency.py) on ours, the stock bot and the baseline.

Each bot is started, measured and stopped in turn, on the same box in the same run, so the
ratios between them hold even where absolute times do not.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

from bench.felt_latency import measure_felt


@dataclass(frozen=True)
class FeltSizes:
    """How long the conversation is and which open-loop rates are offered, for how long."""

    turns: int
    runs: int  # long conversations for ours (references: one)
    rates: tuple[float, ...]
    duration_s: float


FULL_SIZES = FeltSizes(
    turns=300, runs=2, rates=(10, 20, 30, 34, 38, 42, 47, 53, 59, 66, 74, 83), duration_s=8.0
)
QUICK_SIZES = FeltSizes(turns=50, runs=1, rates=(5, 10), duration_s=4.0)


def _measure(sizes: FeltSizes, runs: int):
    def measure(url: str) -> dict:
        return measure_felt(url, turns=sizes.turns, runs=runs, rates=sizes.rates,
                            duration_s=sizes.duration_s)  # fmt: skip

    return measure


def _ours(context, sizes: FeltSizes) -> dict:
    from bench.stack import bench_settings, rest_url
    from bot.cli.runtime import Stack

    settings = bench_settings(context.workdir / "felt-ours", kb_path=context.knowledge_base())
    stack = Stack(settings, context.served_model(), with_chat_page=False)
    stack.start()
    try:
        return _measure(sizes, sizes.runs)(rest_url(settings))
    finally:
        stack.stop()


def measure_felt_bots(context) -> dict:
    """Return {"ours", "stock_bot", "baseline_commit"} felt latencies (None when unavailable)."""
    from bench.reference import serve_baseline, serve_stock

    sizes = QUICK_SIZES if context.config.quick else FULL_SIZES
    results: dict = {"sizes": sizes.__dict__, "notes": []}
    results["ours"] = _ours(context, sizes)
    references = {
        "stock_bot": lambda: serve_stock(context.workdir / "felt-stock",
                                         kb_path=context.knowledge_base(),
                                         measure=_measure(sizes, 1)),
        "baseline_commit": lambda: serve_baseline(context.workdir / "felt-baseline",
                                                  measure=_measure(sizes, 1)),
    }  # fmt: skip
    for name, serve in references.items():
        try:
            results[name] = serve()
        except (OSError, RuntimeError, subprocess.CalledProcessError) as error:
            # A reference that cannot be served must not cost our figures.
            results[name] = None
            results["notes"].append(f"{name} not measured: {error}")
    return results
