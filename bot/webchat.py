"""Serve the student chat page and the /config.json that tells it where Rasa listens.

``python -m bot.webchat`` listens on 127.0.0.1:$ADVISOR_WEB_PORT (default 8000) and points the
page at $ADVISOR_RASA_URL (default http://127.0.0.1:5005). Only files under ``bot/web/static``
are served; every response carries a strict Content-Security-Policy (no inline script).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import posixpath
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
SOCKETIO_PATH = "/socket.io"

# Rasa 3.6 runs python-engineio's Sanic driver under Sanic 21.12, whose websocket transport
# drops the connection (docs/chat-page.md); the page stays on long-polling and never upgrades.
SOCKETIO_TRANSPORTS = ("polling",)

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}


def origin_of(url: str) -> str:
    """Return scheme://host[:port] of an http(s) URL, or raise ValueError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(rasa_url: str, frame_ancestors: str = "'self'") -> str:
    """Return the page's CSP: own scripts and styles only, sockets only to Rasa."""
    rasa_origin = origin_of(rasa_url)
    socket_origin = rasa_origin.replace("http", "ws", 1)
    directives = {
        "default-src": "'none'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self'",
        "connect-src": f"'self' {rasa_origin} {socket_origin}",
        "base-uri": "'none'",
        "form-action": "'none'",
        "frame-ancestors": frame_ancestors,
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def page_config(rasa_url: str) -> dict:
    """Return what the page needs to reach Rasa's socket.io channel."""
    return {
        "rasaUrl": origin_of(rasa_url),
        "socketPath": SOCKETIO_PATH,
        "transports": list(SOCKETIO_TRANSPORTS),
        "upgrade": False,
    }


MAX_NAME_BYTES = 255


def resolve_static(static_dir: Path, url_path: str) -> Path | None:
    """Map a URL path to a file under static_dir, or None (never outside it, no dotfiles)."""
    path = unquote(urlsplit(url_path).path)
    if "\x00" in path or "\\" in path:
        return None
    normalised = posixpath.normpath("/" + path.lstrip("/"))
    if normalised == "/":
        normalised = "/index.html"
    parts = [part for part in normalised.split("/") if part]
    if any(part.startswith(".") for part in parts):
        return None
    # No file system takes a name over 255 bytes: such a path is simply not found (the OS
    # error it raises would otherwise drop the connection).
    if any(len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES for part in parts):
        return None
    root = static_dir.resolve()
    try:
        candidate = root.joinpath(*parts).resolve()
        if not candidate.is_relative_to(root) or not candidate.is_file():
            return None
    except OSError:
        return None
    if candidate.suffix not in CONTENT_TYPES:
        return None
    return candidate


class ChatPageHandler(BaseHTTPRequestHandler):
    """Answer GET/HEAD for the static page and /config.json; refuse everything else."""

    server_version = "ProgrammeAdvisor"
    static_dir: Path = STATIC_DIR
    rasa_url: str = DEFAULT_RASA_URL
    frame_ancestors: str = "'self'"

    def version_string(self) -> str:
        """Name the server without Python's version."""
        return self.server_version

    def do_GET(self) -> None:
        self._respond(include_body=True)

    def do_HEAD(self) -> None:
        self._respond(include_body=False)

    def _refuse(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"Method not allowed\n", "text/plain", True)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse

    def _respond(self, *, include_body: bool) -> None:
        if urlsplit(self.path).path == "/config.json":
            body = json.dumps(page_config(self.rasa_url)).encode()
            self._send(HTTPStatus.OK, body, CONTENT_TYPES[".json"], include_body)
            return
        file_path = resolve_static(self.static_dir, self.path)
        if file_path is None:
            self._send(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain", include_body)
            return
        body = file_path.read_bytes()
        self._send(HTTPStatus.OK, body, CONTENT_TYPES[file_path.suffix], include_body)

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, include_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.send_header(
            "Content-Security-Policy", content_security_policy(self.rasa_url, self.frame_ancestors)
        )
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        self.end_headers()
        if include_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        logger.info("%s %s", self.address_string(), format % args)


def make_server(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    rasa_url: str = DEFAULT_RASA_URL,
    static_dir: Path = STATIC_DIR,
    frame_ancestors: str = "'self'",
) -> ThreadingHTTPServer:
    """Return a bound (not yet serving) chat page server; port 0 picks a free port."""
    origin_of(rasa_url)  # fail fast on a bad URL
    handler = type(
        "ConfiguredChatPageHandler",
        (ChatPageHandler,),
        {"static_dir": static_dir, "rasa_url": rasa_url, "frame_ancestors": frame_ancestors},
    )
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> int:
    """Serve the chat page until interrupted."""
    parser = argparse.ArgumentParser(
        prog="python -m bot.webchat",
        description=__doc__.splitlines()[0],
        epilog="Example: ADVISOR_RASA_URL=http://127.0.0.1:5005 python -m bot.webchat --port 8000",
    )
    parser.add_argument(
        "--host",
        default=os.environ.get("ADVISOR_WEB_HOST") or os.environ.get("ADVISOR_HOST", DEFAULT_HOST),
        help="interface, $ADVISOR_WEB_HOST or $ADVISOR_HOST (default: %(default)s)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("ADVISOR_WEB_PORT", DEFAULT_PORT)),
        help="port, $ADVISOR_WEB_PORT (default: %(default)s)",
    )
    parser.add_argument(
        "--rasa-url",
        default=os.environ.get("ADVISOR_RASA_URL", DEFAULT_RASA_URL),
        help="Rasa server the page talks to, $ADVISOR_RASA_URL (default: %(default)s)",
    )
    parser.add_argument(
        "--frame-ancestors",
        default=os.environ.get("ADVISOR_WEB_FRAME_ANCESTORS", "'self'"),
        help="CSP frame-ancestors: the sites allowed to embed the page (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if not (STATIC_DIR / "vendor" / "socket.io.min.js").is_file():
        logger.error("chat page assets are missing: run `python -m bot.web_assets` first")
        return 1
    try:
        server = make_server(
            args.host, args.port, rasa_url=args.rasa_url, frame_ancestors=args.frame_ancestors
        )
    except (OSError, ValueError) as error:
        logger.error("cannot start the chat page server: %s", error)
        return 1
    host, port = server.server_address[:2]
    logger.info("chat page on http://%s:%s/ (Rasa at %s)", host, port, args.rasa_url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
