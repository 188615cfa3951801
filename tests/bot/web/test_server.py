"""Tests for bot.web.server: the chat page's static server, without a browser or Rasa."""

from __future__ import annotations

import asyncio
import http.client
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.web import server as webchat

RASA_URL = "http://127.0.0.1:5999"


@pytest.fixture(scope="module")
def static_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a small static folder with a secret file beside it."""
    tmp_path = tmp_path_factory.mktemp("webchat")
    static = tmp_path / "static"
    (static / "vendor").mkdir(parents=True)
    (static / "index.html").write_text("<!doctype html><title>chat</title>", encoding="utf-8")
    (static / "chat.js").write_text("console.log('chat');", encoding="utf-8")
    (static / "chat.css").write_text("body{}", encoding="utf-8")
    (static / "vendor" / "socket.io.min.js").write_text("/* io */", encoding="utf-8")
    (static / ".hidden.js").write_text("secret", encoding="utf-8")
    (static / "notes.txt").write_text("not a web asset", encoding="utf-8")
    (tmp_path / "secret.html").write_text("outside the static folder", encoding="utf-8")
    return static


@pytest.fixture(scope="module")
def server(static_dir: Path) -> Iterator[tuple[str, int]]:
    """Run the chat page server on a free port, in its own thread, for this module's tests."""
    runner = web.AppRunner(webchat.make_app(rasa_url=RASA_URL, static_dir=static_dir))
    loop = asyncio.new_event_loop()
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", 0).start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield runner.addresses[0][:2]
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        loop.run_until_complete(runner.cleanup())
        loop.close()


def request(server: tuple[str, int], path: str, method: str = "GET") -> http.client.HTTPResponse:
    """Send one raw request (path not normalised by any client library)."""
    connection = http.client.HTTPConnection(*server, timeout=5)
    connection.putrequest(method, path, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.mark.parametrize(
    ("path", "content_type", "body"),
    [
        ("/", "text/html; charset=utf-8", b"<!doctype html><title>chat</title>"),
        ("/index.html", "text/html; charset=utf-8", b"<!doctype html><title>chat</title>"),
        ("/chat.js", "text/javascript; charset=utf-8", b"console.log('chat');"),
        ("/chat.css", "text/css; charset=utf-8", b"body{}"),
        ("/vendor/socket.io.min.js", "text/javascript; charset=utf-8", b"/* io */"),
        ("/chat.js?v=2", "text/javascript; charset=utf-8", b"console.log('chat');"),
    ],
)
def test_serves_static_files(server, path, content_type, body):
    response = request(server, path)
    assert response.status == 200
    assert response.getheader("Content-Type") == content_type
    assert response.body == body
    assert response.getheader("Content-Length") == str(len(body))


def test_serves_config_json(server):
    response = request(server, "/config.json")
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/json"
    assert json.loads(response.body) == {
        "rasaUrl": RASA_URL,
        "socketPath": "/socket.io",
        "transports": ["polling"],
        "upgrade": False,
    }


@pytest.mark.parametrize("path", ["/", "/config.json", "/chat.js", "/missing.html"])
def test_every_response_carries_security_headers(server, path):
    response = request(server, path)
    assert response.getheader("Content-Security-Policy") == (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self' http://127.0.0.1:5999 ws://127.0.0.1:5999; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'self'"
    )
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "no-referrer"
    assert response.getheader("Server") == "ProgrammeAdvisor"


@pytest.mark.parametrize(
    "path",
    [
        "/missing.html",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/vendor/../../secret.html",
        "/%2e%2e/secret.html",
        "/..\\secret.html",
        "/.hidden.js",
        "/notes.txt",
        "/vendor/",
        "/vendor",
        "/index.html%00.js",
        "//etc/passwd",
    ],
)
def test_refuses_missing_hidden_and_outside_files(server, path):
    response = request(server, path)
    assert response.status == 404
    assert response.body == b"Not found\n"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_refuses_other_methods(server, method):
    assert request(server, "/", method=method).status == 405


def test_head_sends_headers_without_body(server):
    response = request(server, "/chat.css", method="HEAD")
    assert response.status == 200
    assert response.getheader("Content-Length") == "6"
    assert response.body == b""


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("http://127.0.0.1:5005", "http://127.0.0.1:5005"),
        ("https://advisor.example.edu/", "https://advisor.example.edu"),
        ("http://localhost:5005/some/path", "http://localhost:5005"),
    ],
)
def test_origin_of(url, origin):
    assert webchat.origin_of(url) == origin


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://host/", "127.0.0.1:5005", ""])
def test_origin_of_rejects_non_http_urls(url):
    with pytest.raises(ValueError):
        webchat.origin_of(url)


def test_secure_rasa_url_allows_wss():
    policy = webchat.content_security_policy("https://advisor.example.edu")
    assert "connect-src 'self' https://advisor.example.edu wss://advisor.example.edu;" in policy


def test_make_app_rejects_bad_rasa_url(static_dir):
    with pytest.raises(ValueError):
        webchat.make_app(rasa_url="not a url", static_dir=static_dir)


def test_shipped_page_has_no_inline_script_or_style():
    html = (webchat.STATIC_DIR / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert " on" + "click=" not in html.lower()
    assert "style=" not in html
    assert '<script src="vendor/socket.io.min.js" defer></script>' in html
    assert '<script src="chat.js" defer></script>' in html


def test_shipped_script_never_writes_html():
    script = (webchat.STATIC_DIR / "chat.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script


@pytest.mark.parametrize("segment", ["a" * 255 + ".js", "%C3%A9" * 200 + ".js", "a" * 300])
def test_path_segment_longer_than_a_file_name_is_not_found(server, segment):
    # No file system takes a name over 255 bytes: asking the OS about one must end in a 404,
    # never in a 500 or a dropped connection.
    response = request(server, "/" + segment)
    assert response.status == 404
    assert response.getheader("Content-Security-Policy")
    assert request(server, "/chat.js").status == 200
