"""`make soak`: a fresh `advisor run`, students, kill -9 of the action server and of Rasa midway.

Whatever ends the soak (its end, a failure, SIGINT, SIGTERM or its timeout) stops `advisor run`,
which stops every server it started; the soak then checks that none is left.
"""

import contextlib
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import requests

from bot.cli.supervisor import stop_signals_raise
from bot.rasa.training import ensure_model
from loadtest.advisor_run import ACTION_SERVER, RASA_SERVER, AdvisorRun
from loadtest.fuzz import fuzz_rest
from loadtest.soak import APOLOGY, RESTART_TIMEOUT_S, Faults, SoakResult, run_soak
from settings import Settings, isolated_settings

READY_TIMEOUT_S = 300.0
CHECK_QUESTION = "How much is tuition for ST4Health?"


class SoakTimeout(Exception):  # noqa: N818 - the soak's own time limit, not a server error
    """The soak ran longer than its --timeout."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise SoakTimeout in the main thread once `seconds` have passed (0: no limit)."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise SoakTimeout(f"soak timed out after {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _stop_undisturbed(advisor: AdvisorRun) -> list:
    """Stop `advisor run` with the timer off and further stop signals ignored, so a second
    Ctrl-C cannot leave servers running; the caller's handlers come back afterwards."""
    signal.setitimer(signal.ITIMER_REAL, 0)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
    return advisor.stop()


def kill_both_servers(advisor: AdvisorRun, say: Callable[[str], None]) -> Faults:
    """Return the soak's faults: kill -9 the action server, wait until the supervisor brought
    it back, then the same for Rasa."""

    def faults(result: SoakResult) -> None:
        for module, name in ((ACTION_SERVER, "action server"), (RASA_SERVER, "Rasa server")):
            say(f"kill -9 the {name}")
            result.restarts[name] = advisor.kill_and_wait_back(module, RESTART_TIMEOUT_S)
            say(f"{name} back after {result.restarts[name]:.1f} s")

    return faults


def supervision_lines(output: str) -> list[str]:
    """Return what advisor run's supervisor said about exits and restarts."""
    return [line for line in output.splitlines() if " exited with " in line or " is back " in line]


def still_serving(advisor: AdvisorRun, rest_url: str) -> str | None:
    """Return why the stack no longer serves a student, or None when it answers properly."""
    if advisor.process.poll() is not None:
        return f"advisor run exited with code {advisor.process.returncode}"
    try:
        response = requests.post(
            rest_url, json={"sender": "soak-after", "message": CHECK_QUESTION}, timeout=60
        )
        replies = response.json()
    except (requests.RequestException, ValueError) as error:
        return f"REST failed: {error}"
    texts = " ".join(str(reply.get("text") or "") for reply in replies or [])
    if response.status_code != 200 or not texts or APOLOGY in texts:
        return f"REST answered {response.status_code}: {texts[:200]!r}"
    return None


def soak_fresh_stack(
    *,
    students: int,
    messages: int,
    fuzz_count: int,
    seed: int,
    say: Callable[[str], None],
    timeout: float = 0,
) -> bool:
    """Start `advisor run` on free ports, soak it, fuzz it, `say` the figures; True if all
    passed. SoakTimeout or StopRequested propagate once every server is stopped."""
    workdir = Path(tempfile.mkdtemp(prefix="advisor-soak-"))
    settings = isolated_settings(workdir, kb_path=Settings().kb_path)
    rest_url = f"{settings.rasa_url}/webhooks/rest/webhook"
    advisor = AdvisorRun(settings, settings.log_dir / "advisor-run.log")
    started = time.monotonic()
    problems: list[str] = []
    with stop_signals_raise(), time_limit(timeout):
        try:
            ensure_model(settings)
            advisor.start()
            advisor.wait_ready(READY_TIMEOUT_S)
            say(f"advisor run ready in {time.monotonic() - started:.1f} s")
            result = run_soak(
                rest_url, settings.tracker_db,
                students=students, messages=messages, seed=seed,
                at_halfway=kill_both_servers(advisor, say),
            )  # fmt: skip
            say("\n".join([result.summary(), *result.details]))
            say("\n".join(supervision_lines(advisor.output())))
            if result.lost or result.out_of_order or result.failed:
                problems.append("messages lost, failed or out of order")
            if len(result.restarts) < 2:
                problems.append("the servers were not both killed and restarted")
            if fuzz_count:
                fuzz = fuzz_rest(rest_url, count=fuzz_count, seed=seed)
                say(fuzz.summary())
                if not fuzz.ok:
                    problems.append("fuzz: server errors")
            broken = still_serving(advisor, rest_url)
            say(f"still serving: {broken or 'yes'}")
            if broken:
                problems.append(broken)
        finally:
            left = _stop_undisturbed(advisor)
            say(f"stopped advisor run; servers left running: {[p.pid for p in left] or 'none'}")
            say(f"soak took {time.monotonic() - started:.1f} s; logs in {settings.log_dir}")
    if left:
        problems.append("servers left running")
    for problem in problems:
        say(f"FAIL: {problem}")
    return not problems
