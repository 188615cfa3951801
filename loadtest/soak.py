"""Soak test: many students at once, Rasa killed with SIGKILL midway, nothing lost or reordered.

`python -m bot.soak --students 50 --messages 10000` starts its own stack on free loopback ports
with a fresh tracker store, runs the conversations, kills and restarts the Rasa server once half
the messages are acknowledged, retries what failed meanwhile, then checks the tracker store:
every message answered with HTTP 200 must be stored, in the order the student sent it.
"""

import argparse
import json
import logging
import random
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bot.load_questions import STUDENT_QUESTIONS as QUESTIONS
from bot.processes import ManagedProcess

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
    deadline = time.monotonic() + RETRY_FOR_S
    delay = 0.2
    while True:
        try:
            response = session.post(
                url, json={"sender": sender, "message": text}, timeout=REQUEST_TIMEOUT_S
            )
            if response.status_code == 200:
                return response.json()
            if response.status_code >= 500:
                result.server_errors += 1
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            return None
        result.retries += 1
        time.sleep(delay)
        delay = min(delay * 2, 2.0)


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


def stored_user_texts(tracker_db: Path, senders: list[str]) -> dict[str, list[str]]:
    """Return every stored user message per sender, in storage order."""
    stored: dict[str, list[str]] = {sender: [] for sender in senders}
    with sqlite3.connect(f"file:{tracker_db}?mode=ro", uri=True, timeout=30) as connection:
        rows = connection.execute(
            "select sender_id, data from events where type_name = 'user' order by id"
        )
        for sender, data in rows:
            if sender in stored:
                stored[sender].append(json.loads(data).get("text"))
    return stored


def count_lost_and_reordered(acknowledged: list[str], stored: list[str]) -> tuple[int, int]:
    """Count acknowledged texts missing from `stored`, and those stored out of order."""
    lost = out_of_order = 0
    position = -1
    for text in acknowledged:
        if text not in stored:
            lost += 1
            continue
        # A retried message may be stored twice; take its first copy after the previous one.
        later = [i for i, candidate in enumerate(stored) if candidate == text and i > position]
        if later:
            position = later[0]
        else:
            out_of_order += 1
    return lost, out_of_order


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
    stored = stored_user_texts(tracker_db, list(plan))
    for sender, texts in acknowledged.items():
        lost, reordered = count_lost_and_reordered(texts, stored[sender])
        result.lost += lost
        result.out_of_order += reordered
        if lost or reordered:
            result.details.append(f"{sender}: lost {lost}, out of order {reordered}")
    return result


_ALPHABETS = (
    (0x20, 0x7E),  # ASCII
    (0x00, 0x1F),  # control characters, NUL included
    (0xA0, 0x24F),  # Latin
    (0x590, 0x6FF),  # Hebrew, Arabic
    (0x200B, 0x206F),  # invisible marks, bidi overrides and isolates
    (0x4E00, 0x4FFF),  # CJK
    (0x1F300, 0x1FAFF),  # emoji
    (0xD800, 0xDFFF),  # lone surrogates
)
_NASTY = ("{{7*7}}", "{programme}", "'; DROP TABLE events;--", "<script>", "%s%n", "/greet", "\\")


def random_message(rng: random.Random) -> str:
    """Return a random message: mixed scripts, controls, injections, 0 to 1,200 characters."""
    length = rng.choice((0, 1, 5, 20, 80, 300, 1200))
    chars = []
    for _ in range(length):
        low, high = rng.choice(_ALPHABETS)
        chars.append(chr(rng.randint(low, high)))
    text = "".join(chars)
    if rng.random() < 0.2:
        text = rng.choice(_NASTY) + text
    return text


@dataclass
class FuzzResult:
    """How the REST channel answered random strings."""

    sent: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.errors == 0 and not any(status >= 500 for status in self.statuses)

    def summary(self) -> str:
        """Return one line: how many, which statuses, how fast."""
        rate = self.sent / self.seconds if self.seconds else 0.0
        return (
            f"fuzz {self.sent} strings: statuses {dict(sorted(self.statuses.items()))}, "
            f"errors {self.errors}, {rate:.1f} messages/s"
        )


def fuzz_rest(rest_url: str, *, count: int, seed: int = 7, workers: int = 8) -> FuzzResult:
    """Send `count` random strings through the REST channel with `workers` threads."""
    rng = random.Random(seed)
    texts = [random_message(rng) for _ in range(count)]
    result = FuzzResult(sent=count)
    lock = threading.Lock()
    local = threading.local()

    def send(number: int) -> None:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        # Ten messages per conversation, like a student's visit; long ones slow the SQL store.
        body = {"sender": f"fuzz-{seed}-{number // 10}", "message": texts[number]}
        try:
            status = local.session.post(rest_url, json=body, timeout=REQUEST_TIMEOUT_S).status_code
        except requests.RequestException:
            with lock:
                result.errors += 1
            return
        with lock:
            result.statuses[status] = result.statuses.get(status, 0) + 1

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(send, range(count)))
    result.seconds = time.monotonic() - started
    return result


def _restart(rasa: ManagedProcess) -> None:
    rasa.start()
    rasa.wait_ready(RESTART_TIMEOUT_S)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=50, help="simulated students at once")
    parser.add_argument("--messages", type=int, default=10_000, help="messages in total")
    parser.add_argument("--fuzz", type=int, default=10_000, help="random strings to send after")
    parser.add_argument("--seed", type=int, default=7, help="seed of the messages and strings")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Start a stack on free ports, soak it, fuzz it, print the figures; 1 if anything failed."""
    from bot.runtime import Stack
    from bot.settings import Settings, isolated_settings
    from bot.training import ensure_model

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = _parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="advisor-soak-"))
    base = Settings()
    settings = isolated_settings(workdir, kb_path=base.kb_path)
    stack = Stack(settings, ensure_model(settings), with_chat_page=False)
    stack.start()
    rest_url = f"{settings.rasa_url}/webhooks/rest/webhook"
    try:
        result = run_soak(
            rest_url,
            settings.tracker_db,
            stack.rasa,
            students=args.students,
            messages=args.messages,
            seed=args.seed,
        )
        sys.stdout.write("\n".join([result.summary(), *result.details]) + "\n")
        sys.stdout.flush()
        fuzz = fuzz_rest(rest_url, count=args.fuzz, seed=args.seed) if args.fuzz else None
    finally:
        stack.stop()
    if fuzz is not None:
        sys.stdout.write(fuzz.summary() + "\n")
    sys.stdout.write(f"logs in {settings.log_dir}\n")
    failed = result.lost or result.out_of_order or result.failed
    return 1 if failed or (fuzz is not None and not fuzz.ok) else 0


if __name__ == "__main__":
    sys.exit(main())
