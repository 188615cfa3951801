"""The running advisor: action server, Rasa server (REST + socket.io) and the chat page."""

import logging
import sys
from pathlib import Path

from bot.cli.cores import rasa_processes as configured_rasa_processes
from bot.cli.processes import ManagedProcess
from bot.cli.supervisor import Supervisor
from settings import PROJECT_ROOT, Settings, free_port

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
    settings: Settings,
    model: Path,
    endpoints: str = "endpoints.yml",
    *,
    behind_router: tuple[int, int] | None = None,
) -> ManagedProcess:
    """Describe the Rasa server: REST and socket.io channels, API only behind a token.

    Alone, it listens on the public Rasa port. `behind_router=(number, port)` describes the
    number-th of several processes: on a loopback port of its own, the router in front.
    """
    if behind_router is None:
        name, stem, interface, port = "Rasa server", "rasa", settings.host, settings.rasa_port
    else:
        number, port = behind_router
        name, stem, interface = f"Rasa server {number}", f"rasa-{number}", "127.0.0.1"
    command = [
        sys.executable, "-m", "bot.rasa.server", "run",
        "--model", str(model),
        "--endpoints", endpoints,
        "--credentials", "credentials.yml",
        "--interface", interface,
        "--port", str(port),
        "--cors", *settings.chat_origins,
        "--log-file", str(settings.log_dir / f"{stem}.log"),
    ]  # fmt: skip
    if settings.api_token:
        command += ["--enable-api", "--auth-token", settings.api_token]
    return ManagedProcess(
        name=name,
        command=command,
        ready_url=f"http://{interface}:{port}/webhooks/rest/",
        log_path=settings.log_dir / f"{stem}.out",
        env=settings.child_environment(),
        cwd=PROJECT_ROOT,
    )


def router(settings: Settings, ports: list[int]) -> ManagedProcess:
    """Describe the router on the public Rasa port, in front of Rasa processes on `ports`."""
    from bot.router.proxy import HEALTH_PATH

    backends = [arg for port in ports for arg in ("--backend", f"http://127.0.0.1:{port}")]
    return ManagedProcess(
        name="router",
        command=[
            sys.executable,
            "-m",
            "bot.router",
            "--host",
            settings.host,
            "--port",
            str(settings.rasa_port),
            *backends,
        ],  # fmt: skip
        ready_url=f"{settings.rasa_url}{HEALTH_PATH}",
        log_path=settings.log_dir / "router.log",
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

    def __init__(
        self,
        settings: Settings,
        model: Path,
        *,
        with_chat_page: bool = True,
        rasa_processes: int | None = None,
    ) -> None:
        self.settings = settings
        count = rasa_processes or configured_rasa_processes()
        self.actions = action_server(settings)
        if count == 1:
            self.rasa_servers = [rasa_server(settings, model)]
            self.router = None
        else:
            # One Rasa process per usable core, each conversation always on the same one.
            ports = [free_port() for _ in range(count)]
            self.rasa_servers = [
                rasa_server(settings, model, behind_router=(number, port))
                for number, port in enumerate(ports, start=1)
            ]
            self.router = router(settings, ports)
        self.rasa = self.rasa_servers[0]
        self.web = chat_page(settings) if with_chat_page else None
        # Stopped in reverse: the chat page, the router, then Rasa, so no message reaches a
        # stopped action server.
        self.supervisor = Supervisor(self.processes)

    def rasa_for(self, sender: str) -> ManagedProcess:
        """Return the Rasa process that holds `sender`'s REST conversation."""
        from bot.router.keys import pick, sender_key

        return self.rasa_servers[pick(sender_key(sender), len(self.rasa_servers))]

    @property
    def processes(self) -> list[ManagedProcess]:
        ordered = [self.actions, *self.rasa_servers, self.router, self.web]
        return [p for p in ordered if p is not None]

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
