"""Ports and paths of the advisor, each overridable by an environment variable.

The one place they are resolved, the same way for the actions, the CLI, the transcripts tool,
the harnesses and the tests: a relative path is relative to the project root, never to the
current directory. Imports nothing of the project, so every layer may use it.
"""

import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

KB_ENV = "ADVISOR_KB"
DEFAULT_KB = "knowledge.db"
TRACKER_DB_ENV = "ADVISOR_TRACKER_DB"
DEFAULT_TRACKER_DB = "var/tracker.db"
TRANSCRIPTS_CACHE_ENV = "ADVISOR_TRANSCRIPTS_DB"
DEFAULT_TRANSCRIPTS_CACHE = "var/transcripts.db"
TRANSCRIPTS_KEY_ENV = "ADVISOR_TRANSCRIPTS_KEY_FILE"
TRANSCRIPTS_KEY_FILE = "transcripts.key"
SESSION_KEY_ENV = "ADVISOR_SESSION_KEY_FILE"
SESSION_KEY_FILE = "session.key"


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def project_path(value: str | os.PathLike[str]) -> Path:
    """Return `value` as an absolute path, a relative one taken from the project root."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def _env_path(name: str, default: str) -> Path:
    return project_path(os.environ.get(name) or default)


def default_kb_path() -> Path:
    """Return the knowledge base file: $ADVISOR_KB, else knowledge.db in the project root."""
    return _env_path(KB_ENV, DEFAULT_KB)


def tracker_url(location: str | None = None) -> str:
    """Return the tracker store's SQLAlchemy URL (path or URL; default $ADVISOR_TRACKER_DB)."""
    location = location or os.environ.get(TRACKER_DB_ENV) or DEFAULT_TRACKER_DB
    if "://" in location:
        return location
    return f"sqlite:///{project_path(location).resolve()}"


def transcripts_cache(tracker_file: Path | None) -> Path:
    """Return the transcripts tool's derived tables: $ADVISOR_TRANSCRIPTS_DB, else beside an
    SQLite tracker store, else var/transcripts.db."""
    if os.environ.get(TRANSCRIPTS_CACHE_ENV):
        return _env_path(TRANSCRIPTS_CACHE_ENV, DEFAULT_TRANSCRIPTS_CACHE)
    if tracker_file is not None:
        return tracker_file.with_name("transcripts.db")
    return project_path(DEFAULT_TRANSCRIPTS_CACHE)


def transcripts_key(cache: Path) -> Path:
    """Return the key of the transcripts' pseudonyms: $ADVISOR_TRANSCRIPTS_KEY_FILE (for shared
    setups), else transcripts.key beside the cache."""
    if os.environ.get(TRANSCRIPTS_KEY_ENV):
        return _env_path(TRANSCRIPTS_KEY_ENV, TRANSCRIPTS_KEY_FILE)
    return cache.with_name(TRANSCRIPTS_KEY_FILE)


def session_key(tracker_file: Path) -> Path:
    """Return the key of the chat sessions' secrets: $ADVISOR_SESSION_KEY_FILE (for replicas on
    several machines), else session.key beside the tracker store."""
    if os.environ.get(SESSION_KEY_ENV):
        return _env_path(SESSION_KEY_ENV, SESSION_KEY_FILE)
    return tracker_file.with_name(SESSION_KEY_FILE)


@dataclass(frozen=True)
class Settings:
    """Where each part of the advisor listens and keeps its files."""

    host: str = field(default_factory=lambda: os.environ.get("ADVISOR_HOST", "127.0.0.1"))
    rasa_port: int = field(default_factory=lambda: _env_int("ADVISOR_RASA_PORT", 5005))
    actions_port: int = field(default_factory=lambda: _env_int("ADVISOR_ACTIONS_PORT", 5055))
    web_port: int = field(default_factory=lambda: _env_int("ADVISOR_WEB_PORT", 8000))
    kb_path: Path = field(default_factory=default_kb_path)
    tracker_db: Path = field(default_factory=lambda: _env_path(TRACKER_DB_ENV, DEFAULT_TRACKER_DB))
    models_dir: Path = field(default_factory=lambda: _env_path("ADVISOR_MODELS", "models"))
    log_dir: Path = field(default_factory=lambda: _env_path("ADVISOR_LOG_DIR", "logs"))
    # Rasa's HTTP API stays off unless a token is given to protect it.
    api_token: str | None = field(default_factory=lambda: os.environ.get("ADVISOR_API_TOKEN"))

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"

    @property
    def chat_url(self) -> str:
        return f"http://{self.host}:{self.web_port}"

    @property
    def chat_origins(self) -> list[str]:
        """Return the origins the chat page is served from, for CORS."""
        hosts = {self.host, "127.0.0.1", "localhost"}
        return sorted(f"http://{host}:{self.web_port}" for host in hosts)

    def child_environment(self) -> dict[str, str]:
        """Return the environment every advisor process runs with: telemetry off, paths set."""
        env = dict(os.environ)
        env.update(
            RASA_TELEMETRY_ENABLED="false",
            TF_CPP_MIN_LOG_LEVEL="2",
            PYTHONWARNINGS="ignore",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            # Every setting, so a child's own Settings() resolves to exactly these values.
            ADVISOR_HOST=self.host,
            ADVISOR_RASA_PORT=str(self.rasa_port),
            ADVISOR_ACTIONS_PORT=str(self.actions_port),
            ADVISOR_WEB_PORT=str(self.web_port),
            ADVISOR_KB=str(self.kb_path),
            ADVISOR_TRACKER_DB=str(self.tracker_db),
            ADVISOR_MODELS=str(self.models_dir),
            ADVISOR_LOG_DIR=str(self.log_dir),
            ADVISOR_RASA_URL=self.rasa_url,
        )
        return env


def free_port() -> int:
    """Return a loopback TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_settings(workdir: Path, *, kb_path: Path, models_dir: Path | None = None) -> Settings:
    """Return settings on free loopback ports, tracker store and logs under `workdir`.

    For tests, benchmarks and soaks that run a stack beside (not instead of) `make run`.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    extra = {"models_dir": models_dir} if models_dir is not None else {}
    return Settings(
        host="127.0.0.1",
        rasa_port=free_port(),
        actions_port=free_port(),
        web_port=free_port(),
        kb_path=kb_path,
        tracker_db=workdir / "tracker.db",
        log_dir=workdir / "logs",
        api_token=None,
        **extra,
    )
