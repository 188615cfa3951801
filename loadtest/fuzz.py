"""Random strings for the REST channel: mixed scripts, controls, injections, very long ones."""

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests

REQUEST_TIMEOUT_S = 60.0

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
    conversations = max(1, count // 10)
    result = FuzzResult(sent=count)
    lock = threading.Lock()
    local = threading.local()

    def send(number: int) -> None:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        # Ten messages per conversation, like a student's visit; long ones slow the SQL store.
        # Consecutive strings go to different conversations: the workers send at the same time,
        # and a student does not send eight messages at once (Rasa would queue them on the
        # conversation's lock, which is measured elsewhere, not here).
        body = {"sender": f"fuzz-{seed}-{number % conversations}", "message": texts[number]}
        try:
            status = local.session.post(rest_url, json=body, timeout=REQUEST_TIMEOUT_S).status_code
        except requests.RequestException:
            with lock:
                result.errors += 1
            return
        with lock:
            result.statuses[status] = result.statuses.get(status, 0) + 1

    started = time.monotonic()
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        list(pool.map(send, range(count)))
    finally:
        # On a stop signal, drop the strings not sent yet instead of sending them all first.
        pool.shutdown(wait=False, cancel_futures=True)
    result.seconds = time.monotonic() - started
    return result
