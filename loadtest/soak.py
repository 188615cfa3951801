"""Soak: many students at once, servers killed with SIGKILL midway, nothing lost or reordered.

`run_soak` runs the conversations, calls the faults once half the messages are acknowledged,
retries what failed meanwhile, then checks the tracker store: every message answered with
HTTP 200 must be stored, in the order the student sent it. loadtest/soak_stack.py runs it
against a fresh `advisor run` whose supervisor brings the killed servers back.
"""

import logging
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_result,
    stop_after_delay,
    stop_when_event_set,
    wait_exponential,
)

from bot.cli.processes import ManagedProcess
from loadtest.delivery import check_conversation
from loadtest.questions import STUDENT_QUESTIONS as QUESTIONS
from loadtest.tracker import stored_user_texts
from settings import tracker_url

logger = logging.getLogger(__name__)

RETRY_FOR_S = 300.0  # a message is retried for at most this long (covers one restart)
REQUEST_TIMEOUT_S = 60.0
RESTART_TIMEOUT_S = 300.0
APOLOGY = "can't look that up"  # utter_action_unavailable: the action server was down


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
    restarts: dict[str, float] = field(default_factory=dict)  # server: seconds until back
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
                *(
                    f"{name} back {seconds:.1f} s after kill -9"
                    for name, seconds in self.restarts.items()
                ),
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
    session: requests.Session,
    url: str,
    sender: str,
    text: str,
    result: SoakResult,
    stop: threading.Event,
) -> list[dict] | None:
    """Post one message until it is acknowledged, RETRY_FOR_S passes or the soak is stopped;
    return the replies."""

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
        stop=stop_after_delay(RETRY_FOR_S) | stop_when_event_set(stop),
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
    stop: threading.Event,
) -> None:
    """Send one student's messages in order, each after the previous was answered."""
    with requests.Session() as session:
        for text in texts:
            if stop.is_set():
                return
            replies = _send_with_retry(session, url, sender, text, result, stop)
            if replies is None:
                result.failed += 1
                continue
            if any(APOLOGY in (reply.get("text") or "") for reply in replies):
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


Faults = Callable[[SoakResult], None]


def run_soak(
    rest_url: str,
    tracker_db: Path,
    *,
    students: int,
    messages: int,
    seed: int = 7,
    at_halfway: Faults | None = None,
) -> SoakResult:
    """Run the conversations, call `at_halfway` (the faults) halfway, check the tracker store.

    An exception meanwhile (a stop signal, a timeout) stops the students before it propagates.
    """
    plan = plan_messages(students, messages, seed=seed)
    result = SoakResult()
    progress = _Progress(halfway=messages // 2)
    acknowledged: dict[str, list[str]] = {sender: [] for sender in plan}
    stop = threading.Event()
    started = time.monotonic()
    pool = ThreadPoolExecutor(max_workers=students)
    try:
        futures = [
            pool.submit(_student, rest_url, s, texts, result, progress, acknowledged[s], stop)
            for s, texts in plan.items()
        ]
        if at_halfway is not None and progress.halfway.wait(timeout=RETRY_FOR_S * 4):
            logger.info("faults after %d acknowledged messages", progress.count)
            at_halfway(result)
        for future in futures:
            future.result()
    finally:
        # On an exception the students end at their next message or retry; the caller stops
        # the servers, which ends the requests in flight.
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
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


def kill_rasa_and_restart(rasa: ManagedProcess) -> Faults:
    """Return faults for a stack nobody supervises: kill -9 Rasa, start it again by hand."""

    def fault(result: SoakResult) -> None:
        rasa.kill()
        down = time.monotonic()
        rasa.start()
        rasa.wait_ready(RESTART_TIMEOUT_S)
        result.restarts["Rasa server"] = time.monotonic() - down

    return fault
