"""Soak test: many students at once, Rasa killed with SIGKILL midway, nothing lost or reordered.

`python -m loadtest soak --students 50 --messages 10000` starts its own stack on free loopback ports
with a fresh tracker store, runs the conversations, kills and restarts the Rasa server once half
the messages are acknowledged, retries what failed meanwhile, then checks the tracker store:
every message answered with HTTP 200 must be stored, in the order the student sent it.
"""

import logging
import random
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests
from tenacity import RetryCallState, Retrying, retry_if_result, stop_after_delay, wait_exponential

from bot.cli.processes import ManagedProcess
from bot.cli.runtime import Stack
from bot.cli.supervisor import stop_signals_raise
from bot.rasa.training import ensure_model
from loadtest.delivery import check_conversation
from loadtest.fuzz import fuzz_rest
from loadtest.questions import STUDENT_QUESTIONS as QUESTIONS
from loadtest.tracker import stored_user_texts
from settings import Settings, isolated_settings, tracker_url

logger = logging.getLogger(__name__)

RETRY_FOR_S = 300.0  # a message is retried for at most this long (covers one restart)
REQUEST_TIMEOUT_S = 60.0
RESTART_TIMEOUT_S = 300.0


@dataclass
class SoakResult:
    """What a soak run measured."""

    acknowledged: int = 0
    failed: int = 0
    retries: int = 0
    apologies: int = 0
    lost: int = 0
    duplicated: int = 0
    out_of_order: int = 0
    seconds: float = 0.0
    restart_seconds: float = 0.0
    server_errors: int = 0
    details: list[str] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return self.acknowledged / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        """Return the result as the lines `make soak` prints."""
        return "\n".join(
            [
                f"acknowledged {self.acknowledged}",
                f"failed {self.failed}",
                f"retries {self.retries}",
                f"server_errors {self.server_errors}",
                f"apologies {self.apologies}",
                f"lost {self.lost}",
                f"duplicated {self.duplicated} (retries stored twice: allowed)",
                f"out_of_order {self.out_of_order}",
                f"restart {self.restart_seconds:.1f} s",
                f"throughput {self.throughput:.1f} messages/s over {self.seconds:.1f} s",
            ]
        )


class _Progress:
    """Count acknowledged messages across threads; wake the killer at the halfway mark."""

    def __init__(self, halfway: int) -> None:
        self._lock = threading.Lock()
        self.count = 0
        self.halfway = threading.Event()
        self._target = halfway

    def acknowledge(self) -> None:
        with self._lock:
            self.count += 1
            if self.count >= self._target:
                self.halfway.set()


def _send_with_retry(
    session: requests.Session, url: str, sender: str, text: str, result: SoakResult
) -> list[dict] | None:
    """Post one message until it is acknowledged or RETRY_FOR_S passes; return the replies."""

    def send() -> list[dict] | None:
        try:
            response = session.post(
                url, json={"sender": sender, "message": text}, timeout=REQUEST_TIMEOUT_S
            )
        except requests.RequestException:
            return None
        if response.status_code >= 500:
            result.server_errors += 1
        return response.json() if response.status_code == 200 else None

    def count_retry(_state: RetryCallState) -> None:
        result.retries += 1

    retrying = Retrying(
        retry=retry_if_result(lambda replies: replies is None),
        wait=wait_exponential(multiplier=0.2, max=2.0),
        stop=stop_after_delay(RETRY_FOR_S),
        before_sleep=count_retry,
        retry_error_callback=lambda _state: None,
    )
    return retrying(send)


def _student(
    url: str,
    sender: str,
    texts: list[str],
    result: SoakResult,
    progress: _Progress,
    acknowledged: list[str],
) -> None:
    """Send one student's messages in order, each after the previous was answered."""
    with requests.Session() as session:
        for text in texts:
            replies = _send_with_retry(session, url, sender, text, result)
            if replies is None:
                result.failed += 1
                continue
            if any("can't look that up" in (reply.get("text") or "") for reply in replies):
                result.apologies += 1
            acknowledged.append(text)
            progress.acknowledge()


def plan_messages(students: int, messages: int, *, seed: int = 7) -> dict[str, list[str]]:
    """Return each simulated student's messages, each text unique within its conversation."""
    rng = random.Random(seed)
    run = f"{rng.getrandbits(32):08x}"
    plan: dict[str, list[str]] = {f"soak-{run}-{i:03d}": [] for i in range(students)}
    senders = list(plan)
    for number in range(messages):
        sender = senders[number % students]
        plan[sender].append(f"{rng.choice(QUESTIONS)} (q{len(plan[sender])})")
    return plan


def run_soak(
    rest_url: str,
    tracker_db: Path,
    rasa: ManagedProcess | None,
    *,
    students: int,
    messages: int,
    seed: int = 7,
    restart: Callable[[], None] | None = None,
) -> SoakResult:
    """Run the conversations, kill -9 and restart `rasa` halfway, and check the tracker store."""
    plan = plan_messages(students, messages, seed=seed)
    result = SoakResult()
    progress = _Progress(halfway=messages // 2)
    acknowledged: dict[str, list[str]] = {sender: [] for sender in plan}
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=students) as pool:
        futures = [
            pool.submit(_student, rest_url, s, texts, result, progress, acknowledged[s])
            for s, texts in plan.items()
        ]
        if rasa is not None:
            halfway_timeout = RETRY_FOR_S * 4
            if progress.halfway.wait(timeout=halfway_timeout):
                logger.info("kill -9 the Rasa server after %d messages", progress.count)
                rasa.kill()
                down = time.monotonic()
                (restart or (lambda: _restart(rasa)))()
                result.restart_seconds = time.monotonic() - down
        for future in futures:
            future.result()
    result.seconds = time.monotonic() - started
    result.acknowledged = sum(len(texts) for texts in acknowledged.values())
    stored = stored_user_texts(tracker_url(str(tracker_db)), plan)
    for sender, texts in acknowledged.items():
        # A retried message may be stored twice (its first answer was lost in the crash):
        # duplicates are counted but not a failure.
        report = check_conversation(texts, stored[sender])
        result.lost += report.lost
        result.duplicated += report.duplicated
        result.out_of_order += report.out_of_order
        if report.lost or report.out_of_order:
            result.details.append(
                f"{sender}: lost {report.lost}, out of order {report.out_of_order}"
            )
    return result


def _restart(rasa: ManagedProcess) -> None:
    rasa.start()
    rasa.wait_ready(RESTART_TIMEOUT_S)


def soak_fresh_stack(
    *, students: int, messages: int, fuzz_count: int, seed: int, say: Callable[[str], None]
) -> bool:
    """Start a stack on free ports, soak it, fuzz it, `say` the figures; True if all passed."""
    workdir = Path(tempfile.mkdtemp(prefix="advisor-soak-"))
    settings = isolated_settings(workdir, kb_path=Settings().kb_path)
    stack = Stack(settings, ensure_model(settings), with_chat_page=False)
    rest_url = f"{settings.rasa_url}/webhooks/rest/webhook"
    fuzz = None
    with stop_signals_raise():
        try:
            stack.start()
            result = run_soak(
                rest_url, settings.tracker_db, stack.rasa,
                students=students, messages=messages, seed=seed,
            )  # fmt: skip
            say("\n".join([result.summary(), *result.details]))
            if fuzz_count:
                fuzz = fuzz_rest(rest_url, count=fuzz_count, seed=seed)
                say(fuzz.summary())
        finally:
            stack.stop()
            say(f"logs in {settings.log_dir}")
    failed = result.lost or result.out_of_order or result.failed
    return not failed and (fuzz is None or fuzz.ok)
