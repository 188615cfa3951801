"""REST latency and throughput of the running stack with concurrent simulated students."""

from __future__ import annotations

import asyncio
import logging
import math
import time
import uuid
from dataclasses import dataclass, field

from bench.stats import latency_percentiles, quiet_client_heap, summarize, summarize_each

logger = logging.getLogger(__name__)

# Five turns, each answered by a custom action; the programme is carried across turns.
CONVERSATION = (
    "How much is tuition for ST4Health?",
    "and the deadlines?",
    "what documents do I need?",
    "and for the radiophysics master?",
    "what careers does it lead to?",
)
REQUEST_TIMEOUT_S = 60.0


@dataclass
class LoadRun:
    """What one load run measured."""

    students: int
    latencies_ms: list[float] = field(default_factory=list)
    failures: int = 0
    wall_s: float = 0.0

    @property
    def messages(self) -> int:
        return len(self.latencies_ms)

    @property
    def throughput(self) -> float:
        # Failed or empty replies are failures, not throughput.
        answered = self.messages - self.failures
        return answered / self.wall_s if self.wall_s else 0.0


async def _student(session, url: str, sender: str, conversations: int, run: LoadRun) -> None:
    for number in range(conversations):
        for text in CONVERSATION:
            start = time.perf_counter()
            async with session.post(
                url, json={"sender": f"{sender}-{number}", "message": text}
            ) as r:
                body = await r.json(content_type=None) if r.status == 200 else None
            run.latencies_ms.append((time.perf_counter() - start) * 1000)
            if not body:
                run.failures += 1


async def _load(url: str, students: int, conversations: int) -> LoadRun:
    import aiohttp

    run = LoadRun(students)
    tag = uuid.uuid4().hex[:8]
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=students)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        start = time.perf_counter()
        await asyncio.gather(
            *(
                _student(session, url, f"bench-{tag}-{students}-{index}", conversations, run)
                for index in range(students)
            )
        )
        run.wall_s = time.perf_counter() - start
    return run


def load_run(url: str, students: int, conversations: int) -> LoadRun:
    """Run `students` concurrent students, each holding `conversations` five-turn conversations."""
    return asyncio.run(_load(url, students, conversations))


def conversations_per_student(students: int, total_conversations: int) -> int:
    """Return how many conversations each student holds so a run has about the total."""
    return max(1, math.ceil(total_conversations / students))


def sample_conversation(url: str) -> list[dict]:
    """Hold one conversation and return each turn with the bot's reply texts (also a warm-up)."""
    import requests

    sender = f"bench-sample-{uuid.uuid4().hex[:8]}"
    turns = []
    for text in CONVERSATION:
        response = requests.post(
            url, json={"sender": sender, "message": text}, timeout=REQUEST_TIMEOUT_S
        )
        response.raise_for_status()
        replies = [reply.get("text") or "" for reply in response.json()]
        turns.append({"message": text, "replies": replies})
    return turns


def measure_serving(url: str, *, levels: tuple[int, ...], runs: int, conversations: int) -> dict:
    """Return per-level latency percentiles (ms), throughput (msgs/s) and failure counts."""
    sample = sample_conversation(url)  # warm-up: first messages load lazily initialised parts
    latency, throughput, details = {}, {}, {}
    for students in levels:
        per_student = conversations_per_student(students, conversations)
        with quiet_client_heap():
            results = [load_run(url, students, per_student) for _ in range(runs)]
        for result in results:
            logger.info(
                "%d students: %d messages, %.1f msgs/s, %d failures",
                students, result.messages, result.throughput, result.failures,
            )  # fmt: skip
        latency[str(students)] = summarize_each(
            [latency_percentiles(r.latencies_ms) for r in results]
        )
        throughput[str(students)] = summarize([r.throughput for r in results])
        details[str(students)] = {
            "messages_per_run": results[0].messages,
            "conversations_per_student": per_student,
            "failures": sum(r.failures for r in results),
        }
    return {
        "latency_ms": latency,
        "throughput_msgs_s": throughput,
        "serving_runs": details,
        "sample_conversation": sample,
    }
