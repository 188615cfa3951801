"""Start-up costs: time to the first answered REST message, and training from clean."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench.stack import bench_settings, rest_url
from bench.stats import summarize

logger = logging.getLogger(__name__)

FIRST_MESSAGE = "How much is tuition for ST4Health?"
READY_TIMEOUT_S = 240.0


def _answered(url: str) -> bool:
    import requests

    try:
        response = requests.post(
            url, json={"sender": "bench-ready", "message": FIRST_MESSAGE}, timeout=10
        )
    except requests.RequestException:
        return False
    return response.status_code == 200 and bool(response.json())


def time_to_first_answer(workdir: Path, *, kb_path: Path, model: Path) -> float:
    """Start a stack and return seconds until it answers a REST message that runs an action."""
    from bot.cli.runtime import Stack

    settings = bench_settings(workdir, kb_path=kb_path)
    stack = Stack(settings, model, with_chat_page=False)
    settings.tracker_db.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    try:
        for process in stack.processes:
            process.start()
        while time.perf_counter() - start < READY_TIMEOUT_S:
            for process in stack.processes:
                if process.process is not None and process.process.poll() is not None:
                    raise RuntimeError(f"{process.name} exited; see {process.log_path}")
            if _answered(rest_url(settings)):
                return time.perf_counter() - start
            time.sleep(0.1)
        raise TimeoutError(f"no answer after {READY_TIMEOUT_S:.0f} s; see {settings.log_dir}")
    finally:
        stack.stop()


def measure_ready(workdir: Path, *, kb_path: Path, model: Path, runs: int) -> dict:
    """Return ready-time summaries over `runs` fresh starts (fresh tracker store each time)."""
    seconds = []
    for number in range(runs):
        seconds.append(
            time_to_first_answer(workdir / f"ready-{number}", kb_path=kb_path, model=model)
        )
        logger.info("ready run %d: %.1f s", number, seconds[-1])
    return summarize(seconds)


@contextlib.contextmanager
def output_to(log_path: Path) -> Iterator[None]:
    """Send this process's stdout and stderr (and its children's) to log_path for a while."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with log_path.open("ab") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


@contextlib.contextmanager
def rasa_cache_disabled() -> Iterator[None]:
    """Turn Rasa's training cache off (RASA_MAX_CACHE_SIZE=0) so training starts from clean."""
    previous = os.environ.get("RASA_MAX_CACHE_SIZE")
    os.environ["RASA_MAX_CACHE_SIZE"] = "0"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("RASA_MAX_CACHE_SIZE", None)
        else:
            os.environ["RASA_MAX_CACHE_SIZE"] = previous


def measure_training(workdir: Path, *, kb_path: Path, runs: int) -> dict:
    """Return `rasa train` wall seconds from clean (no cache, empty models dir) over runs."""
    from bot.rasa.training import ensure_model

    seconds = []
    for number in range(runs):
        models = workdir / f"models-{number}"
        settings = bench_settings(workdir, kb_path=kb_path, models_dir=models)
        start = time.perf_counter()
        with rasa_cache_disabled(), output_to(workdir / "train.log"):
            ensure_model(settings, force=True)
        seconds.append(time.perf_counter() - start)
        logger.info("training run %d: %.1f s", number, seconds[-1])
    return summarize(seconds)
