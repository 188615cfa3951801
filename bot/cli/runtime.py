"""The running advisor: action server, Rasa server (REST + socket.io) and the chat page."""

import logging
import sys
from pathlib import Path

from bot.cli.processes import ManagedProcess
from bot.cli.supervisor import Supervisor
from settings import PROJECT_ROOT, Settings

logger = logging.getLogger(__name__)

READY_TIMEOUT_S = 180.0


def action_server(settings: Settings) -> ManagedProcess:
    """Describe the action server: loopback only, answering from the knowledge base."""
    env = settings.child_environment()
    env["SANIC_HOST"] = "127.0.0.1"  # rasa-sdk reads its interface from here
    return ManagedProcess(
        name="action server",
        command=[
            sys.executable,
            "-m",
            "bot.rasa.action_server",
            "--actions",
            "actions",
            "--port",
            str(settings.actions_port),
            "--quiet",
        ],  # fmt: skip
        ready_url=f"{settings.actions_url}/health",
        log_path=settings.log_dir / "actions.log",
        env=env,
        cwd=PROJECT_ROOT,
    )


def rasa_server(
    settings: Settings, model: Path, endpoints: str = "endpoints.yml"
) -> ManagedProcess:
    """Describe the Rasa server: REST and socket.io channels, API only behind a token."""
    command = [
        sys.executable, "-m", "bot.rasa.server", "run",
        "--model", str(model),
        "--endpoints", endpoints,
        "--credentials", "credentials.yml",
        "--interface", settings.host,
        "--port", str(settings.rasa_port),
        "--cors", *settings.chat_origins,
        "--log-file", str(settings.log_dir / "rasa.log"),
    ]  # fmt: skip
    if settings.api_token:
        command += ["--enable-api", "--auth-token", settings.api_token]
    return ManagedProcess(
        name="Rasa server",
        command=command,
        ready_url=f"{settings.rasa_url}/webhooks/rest/",
        log_path=settings.log_dir / "rasa.out",
        env=settings.child_environment(),
        cwd=PROJECT_ROOT,
    )


def rasa_shell(settings: Settings, model: Path) -> ManagedProcess:
    """Describe the staff's terminal chat: rasa shell, its server on loopback only."""
    command = [
        sys.executable, "-m", "bot.rasa.server", "shell",
        "--model", str(model),
        "--endpoints", "endpoints.yml",
        "--port", str(settings.rasa_port),
        "--interface", "127.0.0.1",  # the shell's server is for this terminal only
        "--quiet",
        "--log-file", str(settings.log_dir / "shell.log"),
    ]  # fmt: skip
    return ManagedProcess(
        name="rasa shell",
        command=command,
        ready_url=None,
        log_path=settings.log_dir / "shell.log",
        env=settings.child_environment(),
        cwd=PROJECT_ROOT,
        foreground=True,
    )


def chat_page(settings: Settings) -> ManagedProcess:
    """Describe the chat page's static server."""
    return ManagedProcess(
        name="chat page",
        command=[sys.executable, "-m", "bot.cli", "web", "serve"],
        ready_url=f"{settings.chat_url}/",
        log_path=settings.log_dir / "webchat.log",
        env=settings.child_environment(),
        cwd=PROJECT_ROOT,
    )


class Stack:
    """Everything `make run` starts, started together and stopped together."""

    def __init__(self, settings: Settings, model: Path, *, with_chat_page: bool = True) -> None:
        self.settings = settings
        self.actions = action_server(settings)
        self.rasa = rasa_server(settings, model)
        self.web = chat_page(settings) if with_chat_page else None
        # Stopped in reverse: the chat page, then Rasa, so no message reaches a stopped
        # action server.
        self.supervisor = Supervisor(self.processes)

    @property
    def processes(self) -> list[ManagedProcess]:
        return [p for p in (self.actions, self.rasa, self.web) if p is not None]

    def start(self, timeout: float = READY_TIMEOUT_S) -> None:
        """Start every process (in parallel) and wait until each answers."""
        self.settings.tracker_db.parent.mkdir(parents=True, exist_ok=True)
        self.supervisor.start(timeout)

    def stop(self) -> None:
        """Stop every process, Rasa before the action server."""
        self.supervisor.stop()

    def __enter__(self) -> "Stack":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
