"""Messages sent at once on one conversation all get real answers, one turn after another."""

import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bench.serving import CONVERSATION
from bot.rasa.message_guard import RESPONSE_UNAVAILABLE

pytestmark = pytest.mark.slow

AT_ONCE = 16  # as many as the probe that saw 70 apologies in 80 replies


def _apologies(domain: dict) -> set[str]:
    return {variant["text"] for variant in domain["responses"][RESPONSE_UNAVAILABLE]}


def _send(url: str, sender: str, text: str) -> list[str]:
    response = requests.post(url, json={"sender": sender, "message": text}, timeout=60)
    response.raise_for_status()
    return [reply.get("text") or "" for reply in response.json()]


def _stored_turns(tracker_db, sender: str) -> list[tuple[str, str]]:
    with sqlite3.connect(tracker_db) as connection:
        rows = connection.execute(
            "SELECT type_name, data FROM events WHERE sender_id = ? AND type_name IN "
            "('user', 'bot') ORDER BY id",
            (sender,),
        ).fetchall()
    return [(kind, json.loads(data).get("text") or "") for kind, data in rows]


@pytest.mark.parametrize("at_once", [2, AT_ONCE])
def test_messages_sent_at_once_are_each_answered_in_turn(advisor_stack, domain, at_once):
    sender = f"at-once-{at_once}"
    _send(advisor_stack.rest_url, sender, CONVERSATION[0])  # the programme is remembered
    texts = [CONVERSATION[1 + n % (len(CONVERSATION) - 1)] + f" ({n})" for n in range(at_once)]
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        replies = list(pool.map(lambda t: _send(advisor_stack.rest_url, sender, t), texts))

    apologies = _apologies(domain)
    assert all(reply and not set(reply) & apologies for reply in replies), replies
    turns = _stored_turns(advisor_stack.settings.tracker_db, sender)
    users = [text for kind, text in turns if kind == "user"]
    assert sorted(users[1:]) == sorted(texts)
    # one turn after another: every user message is followed by its answer before the next
    kinds = [kind for kind, _ in turns]
    starts = [index for index, kind in enumerate(kinds) if kind == "user"]
    for start, end in zip(starts, [*starts[1:], len(kinds)], strict=True):
        assert "bot" in kinds[start + 1 : end], turns[start:end]
    assert not {text for kind, text in turns if kind == "bot"} & apologies
