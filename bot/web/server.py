"""Serve the student chat page and the /config.json that tells it where Rasa listens.

`advisor web serve` listens on 127.0.0.1:$ADVISOR_WEB_PORT (default 8000) and points the page at
$ADVISOR_RASA_URL (default: the Rasa server of the settings). aiohttp's static route serves the
files under ``bot/web/static`` (it keeps requests inside the folder); this module only narrows
what may be served (no dotfiles, only web assets) and adds a strict Content-Security-Policy
(no inline script) and the other security headers to every response.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
SERVER_NAME = "ProgrammeAdvisor"
SOCKETIO_PATH = "/socket.io"

# Rasa 3.6 runs python-engineio's Sanic driver under Sanic 21.12, whose websocket transport
# drops the connection; the page stays on long-polling and never upgrades.
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
# No file system takes a name over 255 bytes: a longer segment names no file, and asking the
# OS about it raises an error that would otherwise end in a 500.
MAX_NAME_BYTES = 255


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


def _not_found() -> web.Response:
    return web.Response(status=404, body=b"Not found\n", content_type="text/plain")


def _servable(path: str) -> bool:
    """Say whether a URL path may name a file: no hidden segment, a web asset's suffix."""
    parts = [part for part in path.split("/") if part]
    if any(part.startswith(".") for part in parts) or "\x00" in path:
        return False
    if any(len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES for part in parts):
        return False
    return not parts or Path(parts[-1]).suffix in CONTENT_TYPES


@web.middleware
async def _only_web_assets(request: web.Request, handler) -> web.StreamResponse:
    """Answer 404 for what is not a servable file, whatever the static route would say."""
    if not _servable(request.path):
        return _not_found()
    try:
        return await handler(request)
    except (web.HTTPNotFound, web.HTTPForbidden):  # outside the folder, a folder, missing
        return _not_found()


def make_app(
    *, rasa_url: str, static_dir: Path = STATIC_DIR, frame_ancestors: str = "'self'"
) -> web.Application:
    """Return the chat page application: /, /config.json and the static files."""
    origin_of(rasa_url)  # fail fast on a bad URL
    policy = content_security_policy(rasa_url, frame_ancestors)
    config = page_config(rasa_url)
    index = static_dir / "index.html"

    async def index_page(_request: web.Request) -> web.StreamResponse:
        return web.FileResponse(index) if index.is_file() else _not_found()

    async def config_json(_request: web.Request) -> web.Response:
        return web.json_response(config)

    async def add_headers(request: web.Request, response: web.StreamResponse) -> None:
        suffix = Path(request.path).suffix if response.status == 200 else ""
        if request.path == "/":
            suffix = ".html"
        if suffix in CONTENT_TYPES:
            response.headers["Content-Type"] = CONTENT_TYPES[suffix]
        response.headers.update(
            {
                "Server": SERVER_NAME,
                "Cache-Control": "no-cache",
                "Content-Security-Policy": policy,
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
                "Cross-Origin-Opener-Policy": "same-origin",
                "Cross-Origin-Resource-Policy": "same-origin",
                "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
            }
        )

    app = web.Application(middlewares=[_only_web_assets], client_max_size=64 * 1024)
    app.router.add_get("/", index_page)
    app.router.add_get("/config.json", config_json)
    app.router.add_static("/", static_dir, show_index=False, follow_symlinks=False)
    app.on_response_prepare.append(add_headers)
    return app


def assets_missing(static_dir: Path = STATIC_DIR) -> bool:
    """Say whether the page's JavaScript assets still have to be installed."""
    return not (static_dir / "vendor" / "socket.io.min.js").is_file()


def serve_app(app: web.Application, host: str, port: int) -> None:
    """Serve `app` until SIGINT or SIGTERM."""
    logger.info("chat page on http://%s:%s/", host, port)
    web.run_app(app, host=host, port=port, print=None, access_log=logger)
