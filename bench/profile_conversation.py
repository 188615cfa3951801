"""Where one message's time goes, at turn 1 and at turn n: `python -m bench.profile_conversation`.

Loads Rasa's agent in this process (our endpoints: the SQLite tracker store, the lock store,
a real action server started beside it), holds one long conversation (the serving benchmark's
five questions in a loop) and times each stage of every message by wrapping Rasa's own methods:
NLU, tracker load (query + replay), policies, the action round trip (with the tracker's
serialisation for the action server), store writes. It then replays a turn-1 and a turn-n
action-server payload through rasa-sdk in this process to split the action server's side
(JSON parsing, tracker building, the action itself). `--cprofile FILE` also writes a cProfile of
the whole run for pstats.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

import click

from bench.serving import CONVERSATION
from bench.stage_timer import StageTimer, window_medians

PROMPT_LOCK = "bot.rasa.lock_store.PromptInMemoryLockStore"
ENDPOINTS = """action_endpoint:
  url: http://127.0.0.1:{port}/webhook
tracker_store:
  type: bot.rasa.tracker_store.AdvisorSQLTrackerStore
  dialect: sqlite
  db: {db}
  cache_conversations: {cache}
lock_store:
  type: {lock}
"""


async def _converse(agent, turns: int, timer: StageTimer, payloads: dict) -> None:
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    sender = "profile-student"
    for turn in range(turns):
        text = CONVERSATION[turn % len(CONVERSATION)]
        output = CollectingOutputChannel()
        await agent.handle_message(UserMessage(text, output, sender))
        timer.close_message()
        if not output.messages:
            raise RuntimeError(f"turn {turn + 1}: no reply")
        if turn in (0, turns - 1):
            payloads[turn + 1] = payloads.get("last")


def _capture_payloads(payloads: dict) -> None:
    """Keep the last JSON body Rasa posts to the action server."""
    from rasa.utils import endpoints

    original = endpoints.EndpointConfig.request

    async def request(self, *args, **kwargs):
        if kwargs.get("json") is not None:
            payloads["last"] = kwargs["json"]
        return await original(self, *args, **kwargs)

    endpoints.EndpointConfig.request = request


def _install_window_check() -> dict:
    """Predict every action on the full tracker as well; count where the window differs."""
    from rasa.core.processor import MessageProcessor

    from bot.rasa import policy_window

    check = {"predictions": 0, "windowed": 0, "different": []}

    def both(self, tracker):
        if tracker.followup_action:
            return policy_window._original_predict(self, tracker)
        recent = policy_window.recent_tracker(tracker)
        windowed = policy_window._original_predict(self, recent)
        full = policy_window._original_predict(self, tracker)
        check["predictions"] += 1
        check["windowed"] += recent is not tracker
        if (windowed.max_confidence_index, windowed.policy_name, windowed.probabilities) != (
            full.max_confidence_index,
            full.policy_name,
            full.probabilities,
        ):
            check["different"].append(len(tracker.events))
        return full

    MessageProcessor._predict_next_with_tracker = both
    return check


def sdk_side_ms(payload: dict, repeats: int = 20) -> dict[str, float]:
    """Time the action server's work on one payload: JSON parse, then the action run."""
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    body = json.dumps(payload)
    parse, run = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        action_call = json.loads(body)
        parse.append(time.perf_counter() - start)
        start = time.perf_counter()
        asyncio.run(executor.run(action_call))
        run.append(time.perf_counter() - start)
    return {
        "payload_kb": len(body) / 1024,
        "events": len(payload["tracker"]["events"]),
        "json_parse_ms": statistics.median(parse) * 1000,
        "run_ms": statistics.median(run) * 1000,
    }


async def _profile(model: Path, endpoints: Path, turns: int, timer: StageTimer) -> dict:
    from rasa.core.agent import load_agent
    from rasa.core.utils import AvailableEndpoints

    agent = await load_agent(
        model_path=str(model), endpoints=AvailableEndpoints.read_endpoints(str(endpoints))
    )
    payloads: dict = {}
    _capture_payloads(payloads)
    await _converse(agent, turns, timer, payloads)
    return payloads


def _write_endpoints(workdir: Path, settings, *, before: bool) -> Path:
    """Write the endpoints the agent loads: Rasa's own lock store and no cache when `before`."""
    endpoints_file = workdir / "endpoints.yml"
    endpoints_file.write_text(
        ENDPOINTS.format(port=settings.actions_port, db=settings.tracker_db,
                         cache=0 if before else 2000,
                         lock="in_memory" if before else PROMPT_LOCK),
        encoding="utf-8",
    )  # fmt: skip
    return endpoints_file


def _converse_profiled(
    model: Path, endpoints: Path, turns: int, timer: StageTimer, cprofile: Path | None
) -> dict:
    """Hold the conversation, under cProfile when a file is given; return the payloads."""
    import cProfile

    profiler = cProfile.Profile() if cprofile else None
    if profiler:
        profiler.enable()
    payloads = asyncio.run(_profile(model, endpoints, turns, timer))
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(cprofile))
    return payloads


@click.command(help=__doc__.splitlines()[0])
@click.option("--turns", default=300, show_default=True)
@click.option("--window", default=50, show_default=True)
@click.option("--before", is_flag=True, help="Rasa's own paths: no tracker cache, full payload")
@click.option("--check-window", is_flag=True, help="also predict on the full tracker; compare")
@click.option("--cprofile", type=click.Path(path_type=Path), default=None)
@click.option("--out", type=click.Path(path_type=Path), default=None, help="JSON results file")
def main(
    turns: int,
    window: int,
    before: bool,
    check_window: bool,
    cprofile: Path | None,
    out: Path | None,
):
    import os

    from bench.context import quiet_rasa
    from bench.stack import build_kb
    from bot.cli.runtime import action_server
    from bot.rasa import server
    from bot.rasa.training import ensure_model
    from settings import isolated_settings

    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    quiet_rasa()
    if before:  # only the schema cache that was already there
        server.jsonschema.validate = server.cached_validate
    else:
        server.install_speedups()
    with tempfile.TemporaryDirectory(prefix="advisor-profile-") as scratch:
        workdir = Path(scratch)
        settings = isolated_settings(workdir, kb_path=build_kb(workdir / "knowledge.db"))
        os.environ.update(settings.child_environment())
        model = ensure_model(settings)
        endpoints_file = _write_endpoints(workdir, settings, before=before)
        actions = action_server(settings)
        actions.start()
        timer = StageTimer()
        timer.install()
        window_check = _install_window_check() if check_window else None
        try:
            payloads = _converse_profiled(model, endpoints_file, turns, timer, cprofile)
        finally:
            actions.stop()
        first, last = 1, turns
        result = {
            "mode": "before" if before else "after",
            "window_check": window_check,
            "turns": turns,
            "windows_ms": window_medians(timer.per_message, window),
            "sdk_side": {
                f"turn {first}": sdk_side_ms(payloads[first]),
                f"turn {last}": sdk_side_ms(payloads[last]),
            },
        }
    text = json.dumps(result, indent=2)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    click.echo(text)


if __name__ == "__main__":
    main()
