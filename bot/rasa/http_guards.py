"""Server-wide HTTP guards the channels install once: body size, bad polling POSTs, version."""

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

# Sanic accepts 100 MB bodies by default; a message is at most a few kB. Larger bodies get a 413
# before they are read into memory. (Model uploads through the token-protected API stay possible.)
MAX_BODY_BYTES = 8 * 1024 * 1024


def harden_server(app: Sanic) -> None:
    """Cap request bodies and install the middleware below, once per app."""
    app.config.REQUEST_MAX_SIZE = min(app.config.REQUEST_MAX_SIZE, MAX_BODY_BYTES)
    if not getattr(app.ctx, "advisor_server_hardened", False):
        app.ctx.advisor_server_hardened = True
        app.register_middleware(_refuse_polling_post_without_sid, "request")
        app.register_middleware(_hide_server_version, "response")


def bad_request(reason: str) -> HTTPResponse:
    """Return a 400 whose JSON body says what was wrong."""
    return response.json({"error": reason}, status=400)


async def _refuse_polling_post_without_sid(request: Request) -> HTTPResponse | None:
    """Answer a socket.io polling POST with no session with a 400 (engineio fails with a 500)."""
    if (
        request.method == "POST"
        and request.path.rstrip("/").endswith("/socket.io")
        and not request.args.get("sid")
    ):
        return bad_request("a socket.io POST needs the sid of an open session")
    return None


async def _hide_server_version(request: Request, answer: HTTPResponse) -> HTTPResponse | None:
    """Replace Rasa's `GET /` greeting, which names its version, with a plain status."""
    if request.path == "/" and (answer.body or b"").startswith(b"Hello from Rasa"):
        return response.text("Programme Advisor: ok")
    return None
