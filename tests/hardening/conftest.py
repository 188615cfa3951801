"""Helpers for the hardening tests: REST calls with the raw response, the stored user texts."""

from pathlib import Path

import pytest
import requests

from loadtest import tracker
from settings import tracker_url

TUITION_QUESTION = "How much is tuition for ST4Health?"
TUITION_ANSWER = "€250"
APOLOGY = "can't look that up right now"


def post(advisor, body: object, *, raw: bytes | None = None, **headers: str) -> requests.Response:
    """POST a JSON body (or raw bytes) to the REST webhook and return the response."""
    if raw is not None:
        return requests.post(advisor.rest_url, data=raw, headers=headers, timeout=60)
    return requests.post(advisor.rest_url, json=body, headers=headers, timeout=60)


def reply_text(replies: list[dict]) -> str:
    """Return every reply's text, joined."""
    return "\n".join(reply.get("text") or "" for reply in replies)


def stored_user_texts(tracker_db: Path, sender: str) -> list[str]:
    """Return the user messages the tracker store holds for `sender`, in order."""
    return tracker.stored_user_texts(tracker_url(str(tracker_db)), [sender])[sender]


@pytest.fixture
def healthy_stack(advisor_stack):
    """Yield the shared stack and leave it with both servers up, whatever the test did."""
    yield advisor_stack
    for process in advisor_stack.stack.processes:
        if process.process is None or process.process.poll() is not None or not process.is_ready():
            process.stop()
            process.start()
            process.wait_ready(300)
