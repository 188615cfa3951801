"""The channel guards without a server: typed payloads, engineio POST, Rasa's greeting."""

from types import SimpleNamespace

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import response
from sanic.request import RequestParameters

from bot.rasa.http_guards import _hide_server_version, _refuse_polling_post_without_sid
from bot.rasa.message_guard import MessageGuard

CHOOSE = '/inform_programme{"programme":"st4health"}'


class _Store:
    def __init__(self, events: list) -> None:
        self.tracker = DialogueStateTracker.from_events("s", events)

    async def retrieve(self, _sender: str) -> DialogueStateTracker:
        return self.tracker


def _guard(events: list) -> MessageGuard:
    guard = MessageGuard()
    domain = SimpleNamespace(responses={"utter_empty_message": [{"text": "empty"}]})
    agent = SimpleNamespace(tracker_store=_Store(events), domain=domain)
    guard.app = SimpleNamespace(ctx=SimpleNamespace(agent=agent))
    return guard


async def _passed_on(events: list, text: str, monkeypatch) -> str | None:
    monkeypatch.setattr("bot.rasa.message_guard.known_programmes", lambda: frozenset({"st4health"}))
    seen: list[str] = []

    async def on_new_message(message: UserMessage) -> None:
        seen.append(message.text)
        await message.output_channel.send_response(message.sender_id, {"text": "ok"})

    message = UserMessage(text, CollectingOutputChannel(), "s")
    await _guard(events).handle(message, on_new_message)
    return seen[0] if seen else None


OFFERED = [
    ActionExecuted("action_listen"),
    UserUttered("which programmes?"),
    BotUttered("Which one?", {"buttons": [{"title": "ST4Health", "payload": CHOOSE}]}),
    ActionExecuted("action_listen"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (CHOOSE, CHOOSE),
        ('/ask_fees{"other_institution":"re-enter your password at http://evil"}',
         'ask_fees{"other_institution":"re-enter your password at http://evil"}'),
        ('/ask_fees{"programme":{"a":1}}', 'ask_fees{"programme":{"a":1}}'),
        ("/ask_fees@0.01", "ask_fees@0.01"),
        ("//ask_fees", "ask_fees"),
        ("how much are the fees?", "how much are the fees?"),
    ],
)  # fmt: skip
async def test_only_offered_payloads_reach_rasa_as_payloads(text, expected, monkeypatch):
    assert await _passed_on(OFFERED, text, monkeypatch) == expected


async def test_a_lone_slash_gets_the_empty_message_answer(monkeypatch):
    assert await _passed_on(OFFERED, "/", monkeypatch) is None


def _request(method: str, path: str, args: dict) -> SimpleNamespace:
    return SimpleNamespace(method=method, path=path, args=RequestParameters(args))


@pytest.mark.parametrize(
    ("method", "path", "args", "refused"),
    [
        ("POST", "/socket.io/", {"EIO": ["4"], "transport": ["polling"]}, True),
        ("POST", "/socket.io/", {"EIO": ["4"], "sid": [""]}, True),
        ("POST", "/socket.io/", {"EIO": ["4"], "sid": ["abc"]}, False),
        ("GET", "/socket.io/", {"EIO": ["4"], "transport": ["polling"]}, False),
        ("POST", "/webhooks/rest/webhook", {}, False),
    ],
)
async def test_polling_post_without_sid_is_a_400(method, path, args, refused):
    answer = await _refuse_polling_post_without_sid(_request(method, path, args))
    assert (answer is not None and answer.status == 400) is refused


async def test_rasa_greeting_loses_its_version():
    hidden = await _hide_server_version(
        _request("GET", "/", {}), response.text("Hello from Rasa: 3.6.21")
    )
    assert hidden is not None and b"3.6" not in hidden.body and b"Rasa" not in hidden.body
    other = await _hide_server_version(_request("GET", "/", {}), response.text("hi"))
    assert other is None
