"""Faults: action server down or hung, Rasa killed with SIGKILL; students are told, nothing lost."""

import socket
import threading
import time

import pytest
import requests

from tests.hardening.conftest import (
    APOLOGY,
    TUITION_ANSWER,
    TUITION_QUESTION,
    post,
    reply_text,
    stored_user_texts,
)

pytestmark = pytest.mark.slow


def test_action_server_down_gets_an_apology_then_answers_resume(healthy_stack) -> None:
    actions = healthy_stack.stack.actions
    assert TUITION_ANSWER in reply_text(healthy_stack.ask("fault-down", TUITION_QUESTION))

    actions.stop()
    down = healthy_stack.ask("fault-down", TUITION_QUESTION)
    actions.start()
    actions.wait_ready(120)
    back = healthy_stack.ask("fault-down", TUITION_QUESTION)

    assert APOLOGY in reply_text(down)
    assert TUITION_ANSWER in reply_text(back)


def test_apology_is_stored_so_transcripts_show_the_failed_turn(healthy_stack) -> None:
    healthy_stack.stack.actions.stop()
    healthy_stack.ask("fault-stored", TUITION_QUESTION)
    healthy_stack.stack.actions.start()
    healthy_stack.stack.actions.wait_ready(120)

    import json
    import sqlite3

    with sqlite3.connect(healthy_stack.settings.tracker_db) as connection:
        rows = connection.execute(
            "select data from events where sender_id = 'fault-stored' and type_name = 'bot'"
        ).fetchall()
    assert [json.loads(data)["metadata"]["utter_action"] for (data,) in rows] == [
        "utter_action_unavailable"
    ]


class _HungServer:
    """A TCP server on the action server's port that accepts connections and never answers."""

    def __init__(self, port: int) -> None:
        self.listener = socket.create_server(("127.0.0.1", port))
        self.connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self) -> None:
        self.listener.close()
        for connection in self.connections:
            connection.close()


def test_hung_action_server_gets_an_apology_within_the_reply_timeout(healthy_stack) -> None:
    from bot.rasa.message_guard import REPLY_TIMEOUT_S

    actions = healthy_stack.stack.actions
    actions.stop()
    hung = _HungServer(healthy_stack.settings.actions_port)
    try:
        started = time.monotonic()
        replies = healthy_stack.ask("fault-hung", TUITION_QUESTION)
        waited = time.monotonic() - started
    finally:
        hung.close()
        actions.start()
        actions.wait_ready(120)

    assert APOLOGY in reply_text(replies)
    assert REPLY_TIMEOUT_S - 1 < waited < REPLY_TIMEOUT_S + 10
    assert TUITION_ANSWER in reply_text(healthy_stack.ask("fault-hung-after", TUITION_QUESTION))


def test_rasa_killed_mid_conversation_keeps_context_and_every_acknowledged_message(
    healthy_stack,
) -> None:
    sender = "fault-kill"
    rasa = healthy_stack.stack.rasa_for(sender)  # with several, the one holding this student
    acknowledged = []
    for text in (TUITION_QUESTION, "What are the deadlines?"):
        assert post(healthy_stack, {"sender": sender, "message": text}).status_code == 200
        acknowledged.append(text)

    rasa.kill()
    # Alone, Rasa's port is closed; behind the router, the router answers 502.
    try:
        status = post(healthy_stack, {"sender": sender, "message": "lost while down"}).status_code
    except requests.ConnectionError:
        status = None
    assert status in (None, 502) and (status is None) == (healthy_stack.stack.router is None)
    rasa.start()
    rasa.wait_ready(300)
    # The programme comes from the slot kept before the crash: this question names none.
    response = post(healthy_stack, {"sender": sender, "message": "How much are the fees?"})
    acknowledged.append("How much are the fees?")

    assert response.status_code == 200
    assert TUITION_ANSWER in reply_text(response.json())
    assert stored_user_texts(healthy_stack.settings.tracker_db, sender) == acknowledged


def test_soak_with_kill_loses_nothing_and_keeps_order(healthy_stack) -> None:
    from loadtest.soak import kill_rasa_and_restart, run_soak

    result = run_soak(
        healthy_stack.rest_url,
        healthy_stack.settings.tracker_db,
        students=10,
        messages=200,
        seed=11,
        at_halfway=kill_rasa_and_restart(healthy_stack.stack.rasa),
    )

    assert result.restarts["Rasa server"] > 0
    assert (result.acknowledged, result.failed) == (200, 0)
    assert (result.lost, result.out_of_order) == (0, 0), result.details
