"""socket.io sessions bound to a secret only their page holds.

Rasa's socket.io channel lets any client join the room of any session id it names, then read
that session's replies and post into it. Here the server gives each new session a token, an
HMAC of its id under a key kept beside the tracker store; the page stores id and token together
(so a reload, or a second tab of the same student, rejoins the same conversation), and a
`session_request` naming an id without its token gets a new session instead. Being stateless,
the check survives restarts of Rasa and works on every replica that shares the key file.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from pathlib import Path

from bot.private_files import create_private
from settings import Settings, session_key

logger = logging.getLogger(__name__)

KEY_BYTES = 32


def key_path() -> Path:
    """Return the key file: $ADVISOR_SESSION_KEY_FILE, else session.key beside the tracker store."""
    return session_key(Settings().tracker_db)


def load_or_create_key(path: Path) -> bytes:
    """Return the key in `path`, creating it (0600) first if there is none yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with create_private(path, exclusive=True) as new_key:
            new_key.write(secrets.token_bytes(KEY_BYTES))
    except FileExistsError:
        pass  # made earlier, or by another replica at the same moment
    key = path.read_bytes()
    if len(key) < KEY_BYTES:
        raise ValueError(f"session key {path} is shorter than {KEY_BYTES} bytes")
    return key


class SessionTokens:
    """Issue and check the token of a socket.io session id."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    @classmethod
    def from_key_file(cls, path: Path | None = None) -> SessionTokens:
        return cls(load_or_create_key(path or key_path()))

    def token(self, session_id: str) -> str:
        """Return the secret a page must show to rejoin `session_id`."""
        return hmac.new(self._key, session_id.encode("utf-8"), hashlib.sha256).hexdigest()

    def valid(self, session_id: object, token: object) -> bool:
        """Say whether `token` is the secret of `session_id` (in constant time)."""
        if not isinstance(session_id, str) or not isinstance(token, str):
            return False
        return hmac.compare_digest(self.token(session_id), token)
