"""Several Rasa processes behind one port: each conversation stays on its own process.

On a box with several usable cores `advisor run` starts one Rasa process per core and the
router in front (bot/router/). These tests start two whatever the box, and check what a
student and an operator would: conversations keep their programme, the chat page's socket.io
works through the router (long polling), and a crashed process takes only its
own conversations down until the supervisor brings it back, losing nothing acknowledged.
"""

import pytest
import requests
import socketio

from bot.router.keys import ROUTE_PARAM, pick, sender_key
from tests.hardening.conftest import TUITION_ANSWER, TUITION_QUESTION, reply_text
from tests.hardening.conftest import stored_user_texts as stored_texts
from tests.hardening.test_socketio_sessions import wait_for

pytestmark = pytest.mark.slow

FOLLOW_UP = "and when is the deadline?"
PROGRAMME = "ST4Health"


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory):
    from bot.cli.runtime import Stack
    from bot.rasa.training import ensure_model
    from settings import PROJECT_ROOT, Settings, isolated_settings

    workdir = tmp_path_factory.mktemp("router")
    settings = isolated_settings(workdir, kb_path=PROJECT_ROOT / "knowledge.db")
    stack = Stack(settings, ensure_model(Settings()), with_chat_page=False, rasa_processes=2)
    stack.start()
    yield stack
    stack.stop()


def senders_on_each_process(prefix: str) -> tuple[str, str]:
    """Return two sender ids the router sends to process 1 and process 2 respectively."""
    found: dict[int, str] = {}
    for number in range(100):
        found.setdefault(pick(sender_key(f"{prefix}-{number}"), 2), f"{prefix}-{number}")
    return found[0], found[1]


def ask(stack, sender: str, text: str) -> requests.Response:
    return requests.post(
        f"{stack.settings.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text},
        timeout=60,
    )


def test_conversations_on_either_process_keep_their_programme(two_processes) -> None:
    for sender in senders_on_each_process("router-memory"):
        assert TUITION_ANSWER in reply_text(ask(two_processes, sender, TUITION_QUESTION).json())
        follow_up = ask(two_processes, sender, FOLLOW_UP)
        assert follow_up.status_code == 200
        assert PROGRAMME in reply_text(follow_up.json())


def test_a_crashed_process_takes_down_only_its_own_conversations(two_processes) -> None:
    stays, crashes = senders_on_each_process("router-crash")
    acknowledged = {stays: [], crashes: []}
    for sender in (stays, crashes):
        assert ask(two_processes, sender, TUITION_QUESTION).status_code == 200
        acknowledged[sender].append(TUITION_QUESTION)
    victim = two_processes.rasa_for(crashes)
    assert victim is two_processes.rasa_servers[1]

    victim.kill()
    down = ask(two_processes, crashes, "sent while its process is down")
    alive = ask(two_processes, stays, FOLLOW_UP)
    acknowledged[stays].append(FOLLOW_UP)
    victim.start()
    victim.wait_ready(300)
    back = ask(two_processes, crashes, FOLLOW_UP)
    acknowledged[crashes].append(FOLLOW_UP)

    assert down.status_code == 502 and "send your message again" in down.text
    assert alive.status_code == 200 and PROGRAMME in reply_text(alive.json())
    # The programme remembered before the crash: the follow-up names none.
    assert back.status_code == 200 and PROGRAMME in reply_text(back.json())
    for sender, texts in acknowledged.items():
        assert stored_texts(two_processes.settings.tracker_db, sender) == texts


def test_the_chat_pages_socketio_works_through_the_router(two_processes) -> None:
    client = socketio.Client(reconnection=False)
    replies: list[dict] = []
    confirmed: list[str] = []
    client.on("bot_uttered", replies.append)
    client.on("session_confirm", confirmed.append)
    url = f"{two_processes.settings.rasa_url}?{ROUTE_PARAM}=page-one"
    client.connect(url, transports=["polling"], wait_timeout=30)
    try:
        client.emit("session_request", {"session_id": None, "session_token": None})
        assert wait_for(lambda: confirmed)
        client.emit("user_uttered", {"message": TUITION_QUESTION, "session_id": confirmed[-1]})
        assert wait_for(lambda: TUITION_ANSWER in reply_text(replies))
        client.emit("user_uttered", {"message": FOLLOW_UP, "session_id": confirmed[-1]})
        assert wait_for(lambda: len(replies) >= 2 and PROGRAMME in reply_text(replies[1:]))
    finally:
        client.disconnect()


def test_a_websocket_upgrade_is_refused_politely(two_processes) -> None:
    answer = requests.get(
        f"{two_processes.settings.rasa_url}/socket.io/?EIO=4&transport=websocket",
        headers={"Upgrade": "websocket", "Connection": "Upgrade"},
        timeout=30,
    )

    assert answer.status_code == 400
    assert "long polling" in answer.json()["error"]
