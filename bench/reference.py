"""Reference bots served in the same benchmark run, under the same load as ours.

- The stock bot: Rasa's `rasa init` pipeline and policies (bench/pipelines/rasa_default.yml:
  DIET with a transformer, ResponseSelector, MemoizationPolicy, TEDPolicy, RulePolicy) on our
  domain and data, served by plain `rasa run` (REST channel, in-memory tracker store), calling
  our action server: every message still runs the same custom action. Its model is cached
  under bench/cache/ by a hash of config, domain and data.
- The baseline commit (bench/baseline.txt): a `git worktree` of that commit under
  bench/cache/, its knowledge base built and its model trained once (cached by the sha),
  started with its own `advisor run` from the same virtual environment.

Absolute times differ between machines; a ratio to a reference measured in the same run does
not (much).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.paths import CACHE
from bot.rasa.training import DETERMINISTIC_ENV, training_fingerprint
from settings import PROJECT_ROOT, free_port

logger = logging.getLogger(__name__)

STOCK_CONFIG = PROJECT_ROOT / "bench" / "pipelines" / "rasa_default.yml"
BASELINE_FILE = PROJECT_ROOT / "bench" / "baseline.txt"
REST_PATH = "/webhooks/rest/webhook"
READY_TIMEOUT_S = 300.0
STOCK_CREDENTIALS = "rest:\n"
STOCK_ENDPOINTS = "action_endpoint:\n  url: http://127.0.0.1:{port}/webhook\n"


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2",
               PYTHONWARNINGS="ignore", SQLALCHEMY_SILENCE_UBER_WARNING="1")  # fmt: skip
    return env


def _rasa() -> str:
    return str(Path(sys.executable).with_name("rasa"))


def stock_model(cache: Path = CACHE) -> tuple[Path, dict]:
    """Return the stock bot's model (trained with `rasa train` on a cache miss) and its meta."""
    digest = hashlib.sha256(STOCK_CONFIG.read_bytes())
    digest.update(training_fingerprint().encode())
    name = f"stock-{digest.hexdigest()[:16]}"
    folder = cache / "stock"
    model, meta_path = folder / f"{name}.tar.gz", folder / f"{name}.json"
    if model.exists() and meta_path.exists():
        return model, {**json.loads(meta_path.read_text(encoding="utf-8")), "cached": True}
    folder.mkdir(parents=True, exist_ok=True)
    command = [
        _rasa(), "train", "--config", str(STOCK_CONFIG), "--domain", "domain.yml",
        "--data", "data", "--out", str(folder), "--fixed-model-name", name,
    ]  # fmt: skip
    # Not single-threaded: it is a speed reference, trained as a stock user would train it.
    env = {**_environment(), "RASA_MAX_CACHE_SIZE": "0"}
    start = time.perf_counter()
    subprocess.run(command, cwd=PROJECT_ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    meta = {"train_s": time.perf_counter() - start,
            "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}  # fmt: skip
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    return model, {**meta, "cached": False}


def _wait_ready(url: str, processes: list[subprocess.Popen], started: float) -> float:
    """Wait until a REST message gets an answer; return seconds since `started`."""
    import requests

    while time.perf_counter() - started < READY_TIMEOUT_S:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"reference server exited with {process.returncode}")
        try:
            response = requests.post(
                url, json={"sender": "bench-ready", "message": "How much is tuition for "
                           "ST4Health?"}, timeout=10,
            )  # fmt: skip
            if response.status_code == 200 and response.json():
                return time.perf_counter() - started
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"reference server not answering after {READY_TIMEOUT_S:.0f} s")


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _spawn(command: list[str], *, cwd: Path, env: dict, log: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)  # fmt: skip


def serve_stock(workdir: Path, *, kb_path: Path, measure) -> dict:
    """Serve the stock bot with our action server; return measure(url) plus its costs."""
    from bench.memory import group_rss_mb

    model, meta = stock_model()
    actions_port, rasa_port = free_port(), free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "credentials.yml").write_text(STOCK_CREDENTIALS, encoding="utf-8")
    (workdir / "endpoints.yml").write_text(STOCK_ENDPOINTS.format(port=actions_port),
                                           encoding="utf-8")  # fmt: skip
    env = {**_environment(), "ADVISOR_KB": str(kb_path), "SANIC_HOST": "127.0.0.1"}
    started = time.perf_counter()
    processes = [
        _spawn([sys.executable, "-m", "bot.rasa.action_server", "--actions", "actions", "--port",
                str(actions_port), "--quiet"], cwd=PROJECT_ROOT, env=env,
               log=workdir / "actions.log"),
        _spawn([_rasa(), "run", "--model", str(model), "--endpoints",
                str(workdir / "endpoints.yml"), "--credentials", str(workdir / "credentials.yml"),
                "--interface", "127.0.0.1", "--port", str(rasa_port)],
               cwd=PROJECT_ROOT, env=env, log=workdir / "rasa.log"),
    ]  # fmt: skip
    url = f"http://127.0.0.1:{rasa_port}{REST_PATH}"
    try:
        ready = _wait_ready(url, processes, started)
        result = measure(url)
        result["rss_mb"] = {"rasa": group_rss_mb(processes[1].pid)}
    finally:
        _stop(processes)
    result.update(
        ready_s=ready, train_s=meta["train_s"], train_cached=meta["cached"],
        trained_at=meta.get("trained_at"), config=str(STOCK_CONFIG.relative_to(PROJECT_ROOT)),
    )  # fmt: skip
    return result


def _advisor_cli() -> list[str]:
    """Return the `advisor` CLI of whichever checkout is the working directory.

    With `-c` the working directory comes first on sys.path, so a worktree's own bot/,
    actions/ and knowledge/ are imported rather than this checkout's (installed editable).
    """
    return [sys.executable, "-c", "from bot.cli import main; main()"]


def baseline_sha() -> str:
    """Return the commit later issues compare against (bench/baseline.txt's first word)."""
    return BASELINE_FILE.read_text(encoding="utf-8").split()[0]


def baseline_checkout(sha: str, cache: Path = CACHE) -> Path:
    """Return a worktree of `sha` with its knowledge base built and model trained (cached)."""
    folder = (cache / f"baseline-{sha[:12]}").resolve()
    env = _environment()
    if not (folder / ".git").exists():
        subprocess.run(["git", "worktree", "prune"], cwd=PROJECT_ROOT, check=True)
        subprocess.run(["git", "worktree", "add", "--detach", str(folder), sha],
                       cwd=PROJECT_ROOT, check=True, capture_output=True)  # fmt: skip
    python = _advisor_cli()
    # `advisor run` also serves the chat page, whose npm assets are not in git: reuse ours.
    vendor = Path("bot") / "web" / "static" / "vendor"
    if (PROJECT_ROOT / vendor).is_dir() and not (folder / vendor).exists():
        (folder / vendor).symlink_to(PROJECT_ROOT / vendor, target_is_directory=True)
    elif not (folder / vendor).exists():
        subprocess.run([sys.executable, "-m", "bot.web_assets"], cwd=folder, env=env,
                       check=True, capture_output=True)  # fmt: skip
    if not (folder / "knowledge.db").exists():
        subprocess.run([*python, "kb", "build", "--db", "knowledge.db"], cwd=folder, env=env,
                       check=True, capture_output=True)  # fmt: skip
        subprocess.run([*python, "nlu-data", "--db", "knowledge.db"], cwd=folder, env=env,
                       check=True, capture_output=True)  # fmt: skip
    if not list((folder / "models").glob("*.tar.gz")):
        subprocess.run([*python, "train"], cwd=folder, env={**env, **DETERMINISTIC_ENV},
                       check=True, capture_output=True)  # fmt: skip
    return folder


def serve_baseline(workdir: Path, *, measure, sha: str | None = None) -> dict:
    """Serve the baseline commit with its own `advisor run`; return measure(url) and ready s."""
    sha = sha or baseline_sha()
    folder = baseline_checkout(sha)
    rasa_port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    env = {
        **_environment(),
        "ADVISOR_RASA_PORT": str(rasa_port), "ADVISOR_ACTIONS_PORT": str(free_port()),
        "ADVISOR_WEB_PORT": str(free_port()), "ADVISOR_KB": str(folder / "knowledge.db"),
        "ADVISOR_TRACKER_DB": str(workdir / "tracker.db"),
        "ADVISOR_LOG_DIR": str(workdir / "logs"),
    }  # fmt: skip
    started = time.perf_counter()
    process = _spawn([*_advisor_cli(), "run"], cwd=folder, env=env,
                     log=workdir / "advisor-run.log")  # fmt: skip
    url = f"http://127.0.0.1:{rasa_port}{REST_PATH}"
    try:
        ready = _wait_ready(url, [process], started)
        result = measure(url)
    finally:
        _stop([process])
    result.update(sha=sha, ready_s=ready)
    return result
