"""The router: one public port, requests forwarded to the Rasa process of their conversation.

A small aiohttp reverse proxy. HTTP requests (REST messages, socket.io long polling, the API)
are read whole, forwarded over kept-alive connections and answered with the process's reply.
WebSocket upgrades are refused with a 400 (the Rasa processes' socket.io serves long polling
only, which is what the chat page uses). Nothing is retried on
another process: a message sent while its process restarts gets a 502 and the client sends it
again, so a conversation's turns never run in two processes at once.
"""

import logging
from collections.abc import Sequence

import aiohttp
from aiohttp import web

from bot.router.keys import pick, routing_key

logger = logging.getLogger(__name__)

HEALTH_PATH = "/router-health"
MAX_BODY_BYTES = 8 * 1024 * 1024  # as the Rasa processes' own cap (bot/rasa/http_guards.py)
# Hop-by-hop headers belong to one connection; the length is recomputed for the new one.
HOP_HEADERS = frozenset(
    name.lower()
    for name in (
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE",
        "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length", "Host",
    )
)  # fmt: skip
WEBSOCKET_REFUSED = "this server speaks socket.io over long polling, not WebSocket"
UNAVAILABLE = b'{"error": "the advisor is restarting; please send your message again"}'


def _forwardable(headers: "aiohttp.typedefs.LooseHeaders") -> list[tuple[str, str]]:
    return [(name, value) for name, value in headers.items() if name.lower() not in HOP_HEADERS]


class Router:
    """Forward each request to `backends[pick(key)]`, the key naming its conversation."""

    def __init__(self, backends: Sequence[str]) -> None:
        if not backends:
            raise ValueError("the router needs at least one Rasa process")
        self.backends = [backend.rstrip("/") for backend in backends]
        self.session: aiohttp.ClientSession | None = None

    async def open(self, _app: web.Application) -> None:
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=60),
            # Long polling holds a GET for up to socket.io's ping interval: no read deadline.
            timeout=aiohttp.ClientTimeout(total=None, connect=5),
            auto_decompress=False,
            cookie_jar=aiohttp.DummyCookieJar(),
        )

    async def close(self, _app: web.Application) -> None:
        if self.session is not None:
            await self.session.close()

    def backend_for(self, request: web.Request, body: bytes) -> str:
        key = routing_key(
            path=request.path,
            query=request.query,
            headers=request.headers,
            body=body,
            peer=request.remote or "",
        )
        return self.backends[pick(key, len(self.backends))]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.path == HEALTH_PATH:
            return web.Response(text="ok")
        if request.headers.get("Upgrade", "").lower() == "websocket":
            # The chat page and Rasa's socket.io channel here speak long polling only.
            return web.json_response({"error": WEBSOCKET_REFUSED}, status=400)
        body = await request.read()
        backend = self.backend_for(request, body)
        headers = _forwardable(request.headers)
        headers.append(("X-Forwarded-For", request.remote or ""))
        try:
            async with self.session.request(
                request.method,
                backend + request.path_qs,
                headers=headers,
                data=body,
                allow_redirects=False,
            ) as answer:
                payload = await answer.read()
                return web.Response(
                    status=answer.status,
                    body=payload,
                    headers=_forwardable(answer.headers),
                )
        except (TimeoutError, aiohttp.ClientConnectionError) as error:
            logger.warning("%s unavailable for %s: %s", backend, request.path, error)
            return web.Response(status=502, body=UNAVAILABLE, content_type="application/json")


def make_app(backends: Sequence[str]) -> web.Application:
    """Return the router's application for these Rasa processes (base URLs)."""
    router = Router(backends)
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.on_startup.append(router.open)
    app.on_cleanup.append(router.close)
    app.router.add_route("*", "/{tail:.*}", router.handle)
    return app
