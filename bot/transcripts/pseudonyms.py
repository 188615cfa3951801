"""Stable pseudonyms for conversation ids, keyed so that nobody can recompute them.

A sender id may be an email address or a phone number. Analysts see `c-` and 12 hex digits of
an HMAC-SHA256 of the id instead: the same conversation always gets the same pseudonym, and
without the key (a private file beside the transcripts cache) a guessed id cannot be checked.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from bot.private_files import create_private
from settings import transcripts_key

PREFIX = "c-"
KEY_BYTES = 32


def load_key(path: Path) -> bytes:
    """Return the key stored at `path`, creating it (mode 0600) on first use."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with create_private(path, exclusive=True) as file:
                file.write(secrets.token_hex(KEY_BYTES).encode("ascii"))
        except FileExistsError:  # another command created it meanwhile: use theirs
            pass
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


class Pseudonymiser:
    """Map sender ids to pseudonyms with one key."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    def __call__(self, sender_id: str) -> str:
        """Return the pseudonym of `sender_id`."""
        digest = hmac.new(self.key, sender_id.encode("utf-8", "surrogatepass"), hashlib.sha256)
        return PREFIX + digest.hexdigest()[:12]

    def is_pseudonym(self, text: str) -> bool:
        """Say whether `text` has the shape of a pseudonym."""
        return (
            len(text) == len(PREFIX) + 12
            and text.startswith(PREFIX)
            and all(char in "0123456789abcdef" for char in text[len(PREFIX) :])
        )

    def reverse(self, pseudonym: str, sender_ids: list[str]) -> str | None:
        """Return the sender id among `sender_ids` whose pseudonym this is, if any."""
        return next((sender for sender in sender_ids if self(sender) == pseudonym), None)


def key_path(cache: Path) -> Path:
    """Return where the key of a transcripts cache is kept (overridable for shared setups)."""
    return transcripts_key(cache)
