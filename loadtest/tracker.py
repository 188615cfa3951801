"""What the tracker store holds for the simulated students: their messages in stored order."""

import logging
import time
from collections.abc import Iterable

from bot.transcripts.source import TrackerSource

logger = logging.getLogger(__name__)


def stored_user_texts(url: str, senders: Iterable[str]) -> dict[str, list[str]]:
    """Return each sender's user messages in the order the tracker store holds them."""
    stored: dict[str, list[str]] = {sender: [] for sender in senders}
    source = TrackerSource(url)
    try:
        for event in source.events(list(stored)):
            if event.type_name == "user":
                stored[event.sender_id].append(event.data.get("text") or "")
    finally:
        source.close()
    return stored


def wait_until_settled(
    url: str, senders: Iterable[str], quiet_s: float = 3.0, timeout: float = 90
) -> None:
    """Wait until no user message was stored for `quiet_s` (turns finish in the background)."""
    senders = list(senders)
    deadline = time.monotonic() + timeout
    last = -1
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        total = sum(len(texts) for texts in stored_user_texts(url, senders).values())
        if total != last:
            last, quiet_since = total, time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_s:
            return
        time.sleep(0.5)
    logger.warning("tracker store still changing after %.0f s", timeout)
