"""Simulated students: concurrent REST conversations through the balancer, replies timed."""

import logging
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests

from bot.scale.nginx import MESSAGE_HEADER, SENDER_HEADER, UPSTREAM_HEADER
from loadtest.questions import STUDENT_QUESTIONS as QUESTIONS

logger = logging.getLogger(__name__)

REQUEST_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class LoadPlan:
    """How many students send how many messages, and how.

    In burst mode a student does not wait for answers: message k leaves `stagger_s` after
    message k-1, so consecutive messages of one conversation are in flight at once.
    """

    run_id: str
    students: int = 16
    messages: int = 10
    concurrency: int = 16
    burst: bool = False
    stagger_s: float = 0.02
    # Sender ids chosen beforehand (see spread_senders); empty: numbered from run_id.
    sender_ids: tuple[str, ...] = ()

    def sender(self, student: int) -> str:
        if self.sender_ids:
            return self.sender_ids[student]
        return f"{self.run_id}-s{student:03d}"

    @property
    def senders(self) -> list[str]:
        return [self.sender(student) for student in range(self.students)]

    def text(self, student: int, index: int) -> str:
        """Return message `index` of a student: a real question plus a tag that makes it unique."""
        return f"{QUESTIONS[index % len(QUESTIONS)]} (ref {student}-{index})"


@dataclass
class LoadResult:
    """What the students saw: acknowledged texts by sender and number, failures, replicas."""

    acknowledged: dict[str, dict[int, str]] = field(default_factory=dict)
    failed: int = 0
    upstreams: Counter = field(default_factory=Counter)
    replicas_per_sender: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    seconds: float = 0.0

    def in_order(self, arrivals: dict[str, list[int]] | None = None) -> dict[str, list[str]]:
        """Return acknowledged texts per sender in send order, or in `arrivals` order if given."""
        ordered = {}
        for sender, texts in self.acknowledged.items():
            numbers = (arrivals or {}).get(sender) or sorted(texts)
            ordered[sender] = [texts[number] for number in numbers if number in texts]
        return ordered

    @property
    def throughput(self) -> float:
        total = sum(len(texts) for texts in self.acknowledged.values())
        return total / self.seconds if self.seconds else 0.0


class _Recorder:
    """Thread-safe collection of outcomes, keyed by (sender, index) to restore send order."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.acked: dict[str, dict[int, str]] = defaultdict(dict)
        self.failed = 0
        self.upstreams: Counter = Counter()
        self.replicas_per_sender: dict[str, set[str]] = defaultdict(set)

    def record(
        self, sender: str, index: int, text: str, response: requests.Response | None
    ) -> None:
        with self.lock:
            if response is None or response.status_code != 200:
                self.failed += 1
                return
            self.acked[sender][index] = text
            upstream = response.headers.get(UPSTREAM_HEADER, "?")
            self.upstreams[upstream] += 1
            self.replicas_per_sender[sender].add(upstream)


def _post(
    session: requests.Session, url: str, sender: str, index: int, text: str
) -> requests.Response | None:
    try:
        return session.post(
            url,
            params={"sender": sender},
            headers={SENDER_HEADER: sender, MESSAGE_HEADER: str(index)},
            json={"sender": sender, "message": text},
            timeout=REQUEST_TIMEOUT_S,
        )
    except requests.RequestException as error:
        logger.warning("message from %s failed: %s", sender, error)
        return None


def _student(plan: LoadPlan, url: str, student: int, recorder: _Recorder) -> None:
    sender = plan.sender(student)
    texts = [plan.text(student, index) for index in range(plan.messages)]
    if not plan.burst:
        with requests.Session() as session:
            for index, text in enumerate(texts):
                recorder.record(sender, index, text, _post(session, url, sender, index, text))
        return

    def send(index: int) -> None:
        with requests.Session() as session:
            response = _post(session, url, sender, index, texts[index])
            recorder.record(sender, index, texts[index], response)

    threads = []
    for index in range(plan.messages):
        thread = threading.Thread(target=send, args=(index,), daemon=True)
        thread.start()
        threads.append(thread)
        time.sleep(plan.stagger_s)
    for thread in threads:
        thread.join()


def spread_senders(
    base_url: str, run_id: str, students: int, replicas: int, *, max_probes: int = 500
) -> tuple[str, ...]:
    """Return `students` sender ids that the balancer's hash ring spreads over every replica.

    With consistent hashing a handful of random ids can all land on one replica. Each candidate
    is probed with a GET of Rasa's root (no conversation is created) and the replica that
    answered is read from the upstream header; ids are taken so that every replica gets at
    least one student, then in probe order.
    """
    by_upstream: dict[str, list[str]] = defaultdict(list)
    with requests.Session() as session:
        for number in range(max_probes):
            sender = f"{run_id}-s{number:03d}"
            response = session.get(
                f"{base_url}/", headers={SENDER_HEADER: sender}, timeout=REQUEST_TIMEOUT_S
            )
            by_upstream[response.headers.get(UPSTREAM_HEADER, "?")].append(sender)
            probed = sum(len(ids) for ids in by_upstream.values())
            if len(by_upstream) >= min(replicas, students) and probed >= students:
                break
    if len(by_upstream) < min(replicas, students):
        raise RuntimeError(f"{max_probes} sender ids reached only {len(by_upstream)} replica(s)")
    chosen = [ids[0] for ids in by_upstream.values()][:students]
    rest = sorted(sender for ids in by_upstream.values() for sender in ids if sender not in chosen)
    return tuple(sorted(chosen + rest[: students - len(chosen)]))


def run_load(base_url: str, plan: LoadPlan) -> LoadResult:
    """Run every student's conversation against `base_url` and return what they saw."""
    url = f"{base_url}/webhooks/rest/webhook"
    recorder = _Recorder()
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=plan.concurrency) as pool:
        for future in [
            pool.submit(_student, plan, url, student, recorder) for student in range(plan.students)
        ]:
            future.result()
    seconds = time.monotonic() - started
    return LoadResult(
        acknowledged=dict(recorder.acked),
        failed=recorder.failed,
        upstreams=recorder.upstreams,
        replicas_per_sender=recorder.replicas_per_sender,
        seconds=seconds,
    )
