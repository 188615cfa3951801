"""CPU milliseconds per message of the Rasa server and of the action server, for ours and for the
baseline commit: `python -m bench.cpu_per_message`.

Wall-clock latency on a shared box also measures whatever else runs on it. The CPU seconds the
server processes themselves consume (user + system, the kernel's counters read with psutil
before and after a batch of messages) do not depend on it much, so the cost of a message can
be compared between two stacks measured minutes apart on a busy machine.

Workloads, both over REST (the client's own CPU is not counted):
- short: fresh students each holding one five-turn conversation (the serving benchmark's),
  `--students` of them at once (one by default), which also gives messages per second;
- long: one student, one message at a time, whose conversation is first brought to
  `--long-turns` messages unmeasured, then the next `--measured` messages are measured (turns
  251-300 by default).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import click
import psutil

from bench.serving import CONVERSATION, REQUEST_TIMEOUT_S

WARM_UP_MESSAGES = 10


@dataclass(frozen=True)
class Servers:
    """The process ids of the Rasa server(s), the action server and the router of one stack."""

    rasa: tuple[int, ...]
    actions: int
    router: int | None = None


def cpu_seconds(pid: int) -> float:
    """Return the user + system CPU seconds one process (all its threads) has used so far."""
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def listening_pid(port: int) -> int:
    """Return the id of the process listening on a loopback TCP port."""
    for connection in psutil.net_connections(kind="tcp"):
        listening = connection.status == psutil.CONN_LISTEN and connection.pid is not None
        if listening and connection.laddr.port == port:
            return connection.pid
    raise LookupError(f"no process listens on port {port}")


def is_action_server(command_line: list[str]) -> bool:
    """Say whether a command line starts an action server (ours or rasa-sdk's own)."""
    joined = " ".join(command_line)
    return "action_server" in joined or "rasa_sdk" in joined or " run actions" in joined


def _is_router(command_line: list[str]) -> bool:
    return "bot.router" in command_line


def find_servers(rasa_port: int) -> Servers:
    """Return the Rasa server listening on `rasa_port` (or the router there and the Rasa
    processes behind it) and the action server started beside it."""
    front = psutil.Process(listening_pid(rasa_port))
    parent = front.parent()
    siblings = parent.children() if parent is not None else []
    router = front.pid if _is_router(front.cmdline()) else None
    rasa, actions = ([] if router else [front.pid]), None
    for sibling in siblings:
        try:
            command_line = sibling.cmdline()
        except psutil.Error:
            continue
        if sibling.pid == front.pid:
            continue
        if is_action_server(command_line):
            actions = sibling.pid
        elif router and "bot.rasa.server" in command_line:
            rasa.append(sibling.pid)
    if actions is None or not rasa:
        raise LookupError(f"no action server or Rasa server beside process {front.pid}")
    return Servers(rasa=tuple(rasa), actions=actions, router=router)


def per_message_ms(before: dict[str, float], after: dict[str, float], messages: int) -> dict:
    """Return each process's CPU milliseconds per message between two readings."""
    if messages < 1:
        raise ValueError("at least one message is needed")
    return {name: (after[name] - before[name]) * 1000 / messages for name in before}


def _read(servers: Servers) -> dict[str, float]:
    reading = {
        "rasa": sum(cpu_seconds(pid) for pid in servers.rasa),
        "actions": cpu_seconds(servers.actions),
    }
    if servers.router is not None:
        reading["router"] = cpu_seconds(servers.router)
    return reading


async def _send(session, url: str, sender: str, text: str) -> None:
    async with session.post(url, json={"sender": sender, "message": text}) as response:
        body = await response.json(content_type=None) if response.status == 200 else None
    if not body:
        raise RuntimeError(f"no answer to {text!r} (HTTP {response.status})")


def by_student(plan: list[tuple[str, str]], students: int) -> list[list[tuple[str, str]]]:
    """Deal the plan's conversations (kept whole and in order) to `students` students in turn."""
    conversations: dict[str, list[tuple[str, str]]] = {}
    for sender, text in plan:
        conversations.setdefault(sender, []).append((sender, text))
    shares: list[list[tuple[str, str]]] = [[] for _ in range(max(1, students))]
    for number, messages in enumerate(conversations.values()):
        shares[number % len(shares)].extend(messages)
    return [share for share in shares if share]


async def _messages(url: str, plan: list[tuple[str, str]], students: int = 1) -> None:
    import aiohttp

    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    async with aiohttp.ClientSession(timeout=timeout) as session:

        async def student(share: list[tuple[str, str]]) -> None:
            for sender, text in share:
                await _send(session, url, sender, text)

        await asyncio.gather(*(student(share) for share in by_student(plan, students)))


def short_plan(conversations: int, tag: str) -> list[tuple[str, str]]:
    """Return (sender, text) of `conversations` fresh five-turn conversations, in order."""
    return [(f"cpu-{tag}-{number}", text) for number in range(conversations)
            for text in CONVERSATION]  # fmt: skip


def long_plan(first_turn: int, turns: int, sender: str) -> list[tuple[str, str]]:
    """Return (sender, text) of turns first_turn+1 .. first_turn+turns of one conversation."""
    return [(sender, CONVERSATION[turn % len(CONVERSATION)])
            for turn in range(first_turn, first_turn + turns)]  # fmt: skip


def _measured(url: str, servers: Servers, plan: list[tuple[str, str]], students: int = 1) -> dict:
    before, start = _read(servers), time.perf_counter()
    asyncio.run(_messages(url, plan, students))
    wall, after = time.perf_counter() - start, _read(servers)
    result = per_message_ms(before, after, len(plan))
    result.update(total=result["rasa"] + result["actions"], messages=len(plan),
                  wall_ms_per_message=wall * 1000 / len(plan),
                  msgs_per_s=len(plan) / wall)  # fmt: skip
    return result


def _median_of(runs: list[dict]) -> dict:
    keys = ("rasa", "actions", "total", "wall_ms_per_message", "msgs_per_s")
    return {**{key: statistics.median(run[key] for run in runs) for key in keys},
            "messages": runs[0]["messages"], "runs": runs}  # fmt: skip


def measure_cpu(url: str, rasa_port: int, *, conversations: int, long_turns: int,
                measured: int, repeats: int, long_repeats: int = 1,
                students: int = 1) -> dict:  # fmt: skip
    """Measure a running stack: short and long conversations, medians over the repeats."""
    servers = find_servers(rasa_port)
    tag = uuid.uuid4().hex[:6]
    asyncio.run(_messages(url, short_plan(WARM_UP_MESSAGES // len(CONVERSATION), f"warm-{tag}")))
    idle = _read(servers)
    time.sleep(2.0)
    idle_ms_per_s = per_message_ms(idle, _read(servers), 2)
    short = [_measured(url, servers, short_plan(conversations, f"{tag}-{run}"), students)
             for run in range(repeats)]  # fmt: skip
    result = {"idle_cpu_ms_per_s": idle_ms_per_s, "short": {"students": students,
                                                            **_median_of(short)}}  # fmt: skip
    if long_turns:
        runs = []
        for run in range(long_repeats):
            sender = f"cpu-long-{tag}-{run}"
            asyncio.run(_messages(url, long_plan(0, long_turns - measured, sender)))
            runs.append(_measured(url, servers, long_plan(long_turns - measured, measured, sender)))
        result["long"] = {"turns": f"{long_turns - measured + 1}-{long_turns}", **_median_of(runs)}
    return result


def _serve_ours(workdir: Path, measure) -> dict:
    from bench.stack import bench_settings, build_kb, rest_url
    from bot.cli.runtime import Stack
    from bot.rasa.training import ensure_model
    from settings import Settings

    settings = bench_settings(workdir, kb_path=build_kb(workdir / "knowledge.db"))
    stack = Stack(settings, ensure_model(Settings()), with_chat_page=False)
    stack.start()
    try:
        return measure(rest_url(settings))
    finally:
        stack.stop()


@click.command(help=__doc__.splitlines()[0])
@click.option("--which", type=click.Choice(["ours", "baseline", "both"]), default="both")
@click.option("--conversations", default=20, show_default=True, help="short five-turn ones")
@click.option("--long-turns", default=300, show_default=True, help="0: no long conversation")
@click.option("--measured", default=50, show_default=True, help="last turns of the long one")
@click.option("--repeats", default=3, show_default=True, help="of the short conversations")
@click.option("--long-repeats", default=1, show_default=True)
@click.option("--students", default=1, show_default=True,
              help="short conversations held at once (throughput: msgs_per_s)")  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path), default=None, help="JSON results file")
def main(which: str, conversations: int, long_turns: int, measured: int, repeats: int,
         long_repeats: int, students: int, out: Path | None) -> None:  # fmt: skip
    from urllib.parse import urlparse

    from bench.reference import serve_baseline

    def measure(url: str) -> dict:
        return measure_cpu(url, urlparse(url).port, conversations=conversations,
                           long_turns=long_turns, measured=measured, repeats=repeats,
                           long_repeats=long_repeats, students=students)  # fmt: skip

    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="advisor-cpu-") as scratch:
        if which in ("ours", "both"):
            results["ours"] = _serve_ours(Path(scratch) / "ours", measure)
        if which in ("baseline", "both"):
            results["baseline_commit"] = serve_baseline(Path(scratch) / "baseline", measure=measure)
    text = json.dumps(results, indent=2)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    click.echo(text)


if __name__ == "__main__":
    main()
