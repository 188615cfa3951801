"""Privacy and security of the running stack: loopback only, no telemetry, API closed, CORS."""

from pathlib import Path

import pytest
import requests

from bot.cli.runtime import action_server, rasa_server
from settings import Settings
from tests.hardening.conftest import TUITION_QUESTION
from tests.hardening.proc_net import (
    LISTEN,
    UDP_UNCONNECTED,
    connections,
    environment,
    process_group,
)

EVIL_ORIGIN = "http://evil.example"


def _stack_pids(advisor_stack) -> list[int]:
    return [
        pid
        for process in advisor_stack.stack.processes
        for pid in process_group(process.process.pid)
    ]


@pytest.mark.slow
def test_every_socket_of_the_stack_is_on_loopback(advisor_stack) -> None:
    for sender in ("privacy-1", "privacy-2"):
        advisor_stack.ask(sender, TUITION_QUESTION)
        advisor_stack.ask(sender, "hello")

    pids = _stack_pids(advisor_stack)
    found = [connection for pid in pids for connection in connections(pid)]

    assert pids and found
    listening = {c.local_port: c.local for c in found if c.state == LISTEN}
    settings = advisor_stack.settings
    for port in (settings.rasa_port, settings.actions_port, settings.web_port):
        assert listening[port].is_loopback, f"port {port} listens on {listening[port]}"
    for connection in found:
        assert connection.local.is_loopback, connection
        idle = connection.state in (LISTEN, UDP_UNCONNECTED)
        assert connection.remote.is_loopback or (idle and connection.remote.is_unspecified), (
            connection
        )


@pytest.mark.slow
def test_every_process_runs_with_telemetry_off(advisor_stack) -> None:
    for pid in _stack_pids(advisor_stack):
        assert environment(pid).get("RASA_TELEMETRY_ENABLED") == "false", pid


@pytest.mark.slow
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/status"),
        ("GET", "/version"),
        ("POST", "/model/parse"),
        ("GET", "/conversations/privacy-1/tracker"),
        ("POST", "/conversations/privacy-1/messages"),
        ("PUT", "/model"),
    ],
)
def test_rasa_http_api_is_closed_without_a_token(advisor_stack, method: str, path: str) -> None:
    response = requests.request(
        method, advisor_stack.rasa_url + path, json={"text": "hi"}, timeout=30
    )

    assert response.status_code in (401, 403, 404, 405)


@pytest.mark.slow
def test_rest_webhook_refuses_cors_for_other_origins(advisor_stack) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    evil = requests.options(
        advisor_stack.rest_url, headers={"Origin": EVIL_ORIGIN, **preflight}, timeout=30
    )
    evil_post = requests.post(
        advisor_stack.rest_url,
        json={"sender": "privacy-cors", "message": "hello"},
        headers={"Origin": EVIL_ORIGIN},
        timeout=30,
    )
    chat_origin = advisor_stack.settings.chat_origins[0]
    chat = requests.options(
        advisor_stack.rest_url, headers={"Origin": chat_origin, **preflight}, timeout=30
    )

    for response in (evil, evil_post):
        assert response.headers.get("Access-Control-Allow-Origin") not in (EVIL_ORIGIN, "*")
    assert chat.headers.get("Access-Control-Allow-Origin") == chat_origin


def test_rasa_api_is_enabled_only_behind_a_token() -> None:
    closed = rasa_server(Settings(api_token=None), Path("model.tar.gz")).command
    guarded = rasa_server(Settings(api_token="s3cret"), Path("model.tar.gz")).command

    assert "--enable-api" not in closed and "--auth-token" not in closed
    assert guarded[guarded.index("--auth-token") + 1] == "s3cret"
    assert "--enable-api" in guarded


def test_servers_listen_on_loopback_and_action_server_checks_the_kb() -> None:
    settings = Settings(host="127.0.0.1")
    actions = action_server(settings)
    rasa = rasa_server(settings, Path("model.tar.gz"))

    assert actions.command[1:3] == ["-m", "bot.rasa.action_server"]
    assert actions.env["SANIC_HOST"] == "127.0.0.1"
    assert actions.env["RASA_TELEMETRY_ENABLED"] == "false"
    assert rasa.command[rasa.command.index("--interface") + 1] == "127.0.0.1"
