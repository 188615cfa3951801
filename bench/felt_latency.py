"""Latency as a student feels it: by conversation length, and under open-loop load.

- By length: one student holds one long conversation (the serving benchmark's five questions
  in a loop, 300 messages); the p50 of every window of 50 turns shows whether a message costs
  more late in a conversation than early.
- Open loop: messages arrive at a fixed rate (Poisson arrivals, a fixed seed), whether or not
  earlier ones were answered, as students on many devices would send them. Each arrival belongs
  to one of `rate × THINK_S` students, who each go through the five questions in order, so a
  student's next message usually comes after the previous answer (about THINK_S later), as in
  a real chat. Latency counts from the scheduled arrival, so a server that falls behind is
  charged for the wait (no coordinated omission).
"""

from __future__ import annotations

import asyncio
import math
import random
import statistics
import time
import uuid

from bench.serving import CONVERSATION, REQUEST_TIMEOUT_S
from bench.stats import percentile, quiet_client_heap

WINDOW = 50
THINK_S = 10.0  # mean seconds between one student's messages in the open-loop run
P99_TARGET_MS = 150.0
SEED = 16


def turn_windows(latencies_ms: list[float], width: int = WINDOW) -> list[dict]:
    """Return the p50 of each window of `width` consecutive turns, labelled by turn numbers."""
    if width < 1:
        raise ValueError("window width must be positive")
    return [
        {
            "turns": f"{start + 1}-{start + len(chunk)}",
            "p50": percentile(chunk, 0.5),
        }
        for start in range(0, len(latencies_ms), width)
        if (chunk := latencies_ms[start : start + width])
    ]


def poisson_arrivals(rate: float, duration_s: float, seed: int = SEED) -> list[float]:
    """Return arrival offsets (s) of a Poisson process of `rate`/s over `duration_s` seconds."""
    if rate <= 0 or duration_s <= 0:
        raise ValueError("rate and duration must be positive")
    draw = random.Random(seed)
    arrivals, now = [], draw.expovariate(rate)
    while now < duration_s:
        arrivals.append(now)
        now += draw.expovariate(rate)
    return arrivals


def students_for(rate: float, think_s: float = THINK_S) -> int:
    """Return how many students keep `rate` messages/s coming with `think_s` between each's."""
    return max(1, math.ceil(rate * think_s))


def assign(index: int, students: int) -> tuple[int, int]:
    """Return (student, turn in the five-question conversation) of the index-th arrival."""
    student = index % students
    return student, (index // students) % len(CONVERSATION)


def highest_rate_within(open_loop: dict, p99_limit_ms: float = P99_TARGET_MS) -> float | None:
    """Return the highest rate sustained: it and every lower rate within the limit, no failure.

    With a fine ladder one lucky run past saturation must not count, so the first rate that
    misses ends the climb.
    """
    sustained = None
    for rate, result in sorted(open_loop.items(), key=lambda item: float(item[0])):
        if result["p99_ms"] is None or result["p99_ms"] > p99_limit_ms or result["failures"]:
            break
        sustained = float(rate)
    return sustained


async def _post(session, url: str, sender: str, text: str) -> bool:
    async with session.post(url, json={"sender": sender, "message": text}) as response:
        body = await response.json(content_type=None) if response.status == 200 else None
    return bool(body)


async def _conversation(url: str, turns: int) -> list[float]:
    import aiohttp

    sender, latencies = f"length-{uuid.uuid4().hex[:8]}", []
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for turn in range(turns):
            start = time.perf_counter()
            if not await _post(session, url, sender, CONVERSATION[turn % len(CONVERSATION)]):
                raise RuntimeError(f"turn {turn + 1} of a long conversation got no answer")
            latencies.append((time.perf_counter() - start) * 1000)
    return latencies


def measure_by_length(url: str, *, turns: int, runs: int) -> dict:
    """Return, per window of turns, the median over `runs` conversations of its p50 (ms)."""
    conversations = [turn_windows(asyncio.run(_conversation(url, turns))) for _ in range(runs)]
    windows = []
    for position, window in enumerate(conversations[0]):
        values = [conversation[position]["p50"] for conversation in conversations]
        windows.append({"turns": window["turns"], "p50": statistics.median(values),
                        "runs": values})  # fmt: skip
    first, last = windows[0]["p50"], windows[-1]["p50"]
    return {"turns": turns, "windows": windows, "last_over_first": last / first if first else None}


async def _open_loop(url: str, rate: float, duration_s: float) -> dict:
    import aiohttp

    arrivals = poisson_arrivals(rate, duration_s)
    students, tag = students_for(rate), uuid.uuid4().hex[:6]
    latencies: list[float] = []
    failures = 0
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=0)

    async def one(session, index: int, due: float) -> None:
        nonlocal failures
        student, turn = assign(index, students)
        try:
            answered = await _post(session, url, f"open-{tag}-{student}", CONVERSATION[turn])
        except (TimeoutError, aiohttp.ClientError):
            answered = False
        latencies.append((time.perf_counter() - due) * 1000)
        failures += not answered

    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        start, tasks = time.perf_counter(), []
        for index, offset in enumerate(arrivals):
            delay = start + offset - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.ensure_future(one(session, index, start + offset)))
        await asyncio.gather(*tasks)
        wall = time.perf_counter() - start
    return {
        "offered_msgs_s": rate,
        "messages": len(arrivals),
        "answered_msgs_s": (len(arrivals) - failures) / wall,
        "p50_ms": percentile(latencies, 0.5) if latencies else None,
        "p99_ms": percentile(latencies, 0.99) if latencies else None,
        "failures": failures,
    }


def measure_open_loop(url: str, *, rates: tuple[float, ...], duration_s: float) -> dict:
    """Return each rate's p50 / p99 (ms) and the highest rate with p99 within the target."""
    results = {}
    for rate in rates:
        results[f"{rate:g}"] = asyncio.run(_open_loop(url, rate, duration_s))
        if results[f"{rate:g}"]["p50_ms"] > 10 * P99_TARGET_MS:
            break  # far past saturation: higher rates only queue longer
    return {
        "duration_s": duration_s,
        "rates": results,
        "highest_rate_p99_within_ms": P99_TARGET_MS,
        "highest_rate": highest_rate_within(results),
    }


def measure_felt(url: str, *, turns: int, runs: int, rates: tuple[float, ...],
                 duration_s: float) -> dict:  # fmt: skip
    """Both measures on one running bot (after a warm-up conversation)."""
    asyncio.run(_conversation(url, len(CONVERSATION)))
    with quiet_client_heap():
        return {
            "by_length": measure_by_length(url, turns=turns, runs=runs),
            "open_loop": measure_open_loop(url, rates=rates, duration_s=duration_s),
        }
