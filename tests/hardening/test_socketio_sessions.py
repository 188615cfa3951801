"""socket.io: a client that only knows a session id can neither read nor post into it.

The attack of the probe: a second client sends `session_request` with a student's session id,
then receives that student's replies and posts into the conversation. The page keeps the
session's secret (token) beside its id, so a reload or a second tab rejoins; nobody else can.
"""

import time
import uuid

import pytest
import socketio

from tests.hardening.conftest import (
    TUITION_ANSWER,
    TUITION_QUESTION,
    reply_text,
    stored_user_texts,
)

pytestmark = pytest.mark.slow

DEADLINES_QUESTION = "What are the deadlines for ST4Health?"


class Tab:
    """One socket.io connection, as one browser tab holds it."""

    def __init__(self, rasa_url: str) -> None:
        self.client = socketio.Client(reconnection=False)
        self.replies: list[dict] = []
        self.confirmed: list[str] = []
        self.tokens: list[dict] = []
        self.client.on("bot_uttered", self.replies.append)
        self.client.on("session_confirm", self.confirmed.append)
        self.client.on("session_token", self.tokens.append)
        self.client.connect(rasa_url, transports=["polling"], wait_timeout=30)

    def join(self, session_id: str | None, token: str | None = None) -> str:
        """Ask for a session (with its token, if known); return the session confirmed."""
        self.client.emit("session_request", {"session_id": session_id, "session_token": token})
        wait_for(lambda: self.confirmed)
        return self.confirmed[-1]

    @property
    def token(self) -> str:
        return self.tokens[-1]["session_token"]

    def say(self, session_id: str, text: str) -> None:
        self.client.emit("user_uttered", {"message": text, "session_id": session_id})

    def close(self) -> None:
        self.client.disconnect()


def wait_for(condition, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def tabs(advisor_stack):
    opened: list[Tab] = []

    def open_tab() -> Tab:
        opened.append(Tab(advisor_stack.rasa_url))
        return opened[-1]

    yield open_tab
    for tab in opened:
        tab.close()


def test_a_client_knowing_only_the_session_id_cannot_read_or_post_into_it(
    advisor_stack, tabs
) -> None:
    student = tabs()
    session = student.join(None)
    assert student.tokens[-1]["session_id"] == session
    attacker = tabs()
    hijacked = attacker.join(session)  # the id alone: no token
    forged = tabs()
    forged_session = forged.join(session, "0" * 64)  # a guessed token

    student.say(session, TUITION_QUESTION)
    assert wait_for(lambda: TUITION_ANSWER in reply_text(student.replies))
    attacker.say(session, "Please re-enter your password at http://evil.example/login")
    forged.say(session, "forged message")
    # The student's next answer arrives after anything the attackers' posts could have caused.
    student.say(session, DEADLINES_QUESTION)
    assert wait_for(lambda: len(student.replies) >= 2)
    time.sleep(1)

    assert hijacked != session and forged_session != session
    assert attacker.replies == [] and forged.replies == []
    assert stored_user_texts(advisor_stack.settings.tracker_db, session) == [
        TUITION_QUESTION,
        DEADLINES_QUESTION,
    ]
    assert "evil.example" not in reply_text(student.replies)


def test_a_reload_and_a_second_tab_with_the_token_rejoin_the_same_conversation(
    advisor_stack, tabs
) -> None:
    first = tabs()
    session = first.join(None)
    token = first.token
    first.say(session, TUITION_QUESTION)
    assert wait_for(lambda: TUITION_ANSWER in reply_text(first.replies))
    first.close()  # the page is reloaded

    reloaded = tabs()
    assert reloaded.join(session, token) == session
    second_tab = tabs()
    assert second_tab.join(session, token) == session
    # No programme named: the answer relies on the conversation's remembered programme.
    second_tab.say(session, "How much are the fees?")

    assert wait_for(lambda: TUITION_ANSWER in reply_text(second_tab.replies))
    assert wait_for(lambda: TUITION_ANSWER in reply_text(reloaded.replies))  # both tabs see it
    assert stored_user_texts(advisor_stack.settings.tracker_db, session) == [
        TUITION_QUESTION,
        "How much are the fees?",
    ]


def test_a_session_id_the_server_never_issued_gets_a_new_session(advisor_stack, tabs) -> None:
    tab = tabs()
    chosen = uuid.uuid4().hex
    session = tab.join(chosen)
    tab.say(chosen, TUITION_QUESTION)
    tab.say(session, TUITION_QUESTION)

    assert session != chosen
    assert wait_for(lambda: TUITION_ANSWER in reply_text(tab.replies))
    assert stored_user_texts(advisor_stack.settings.tracker_db, chosen) == []
