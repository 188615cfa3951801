"""The socket.io session secret: one key per deployment, kept owner-only, tokens per session."""

import stat

import pytest

from bot.rasa.session_secret import SessionTokens, key_path, load_or_create_key
from settings import SESSION_KEY_ENV


def test_the_key_is_created_once_owner_only_and_read_back_by_every_process(tmp_path):
    path = tmp_path / "var" / "session.key"
    first = load_or_create_key(path)
    assert load_or_create_key(path) == first  # a restart or another replica: same key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) == 32


def test_a_token_opens_its_own_session_only():
    tokens = SessionTokens(b"k" * 32)
    token = tokens.token("a" * 32)
    assert tokens.valid("a" * 32, token)
    assert not tokens.valid("b" * 32, token)
    assert not tokens.valid("a" * 32, token[:-1] + ("0" if token[-1] != "0" else "1"))
    assert not tokens.valid("a" * 32, None)
    assert not tokens.valid(None, token)
    assert not SessionTokens(b"x" * 32).valid("a" * 32, token)  # another deployment's key


def test_a_truncated_key_file_is_refused_rather_than_used(tmp_path):
    path = tmp_path / "session.key"
    path.write_bytes(b"short")
    with pytest.raises(ValueError, match="shorter"):
        load_or_create_key(path)


def test_the_key_lives_beside_the_tracker_store_unless_configured(tmp_path, monkeypatch):
    monkeypatch.delenv(SESSION_KEY_ENV, raising=False)
    monkeypatch.setenv("ADVISOR_TRACKER_DB", str(tmp_path / "store" / "tracker.db"))
    assert key_path() == tmp_path / "store" / "session.key"
    monkeypatch.setenv(SESSION_KEY_ENV, str(tmp_path / "shared.key"))
    assert key_path() == tmp_path / "shared.key"
