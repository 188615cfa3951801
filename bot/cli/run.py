"""`advisor run | shell | train | nlu-data`: bring the advisor up for students and staff."""

import logging
import subprocess
import sys
import time
from pathlib import Path

import click

from bot.cli.processes import StartupError
from bot.cli.restarts import policy_from_options, restart_options
from bot.cli.runtime import READY_TIMEOUT_S, Stack, action_server, rasa_shell
from bot.cli.supervisor import (
    StopRequested,
    Supervisor,
    describe_exit,
    serve_until_stopped,
    stop_signals_raise,
)
from bot.rasa.nlu_data import GENERATED_NLU, write_programme_nlu
from bot.rasa.training import ensure_model
from knowledge.errors import KnowledgeBaseError
from knowledge.query import KnowledgeBase
from settings import PROJECT_ROOT, Settings


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _check_knowledge_base(settings: Settings) -> None:
    try:
        KnowledgeBase.open(settings.kb_path)
    except KnowledgeBaseError as error:
        _fail(str(error))


@click.command("nlu-data")
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Knowledge base to read (default: ADVISOR_KB or knowledge.db).",
)
def nlu_data(db_path: Path | None) -> None:
    """Write the programme synonyms and lookup table from the knowledge base's aliases.

    Example: advisor nlu-data --db knowledge.db
    """
    settings = Settings()
    try:
        kb = KnowledgeBase.open(db_path or settings.kb_path)
    except KnowledgeBaseError as error:
        _fail(str(error))
    path = write_programme_nlu(kb, PROJECT_ROOT / GENERATED_NLU)
    click.echo(f"wrote {path.relative_to(PROJECT_ROOT)}")


@click.command()
@click.option("--force", is_flag=True, help="Train even when a model matches the data.")
def train(force: bool) -> None:
    """Train the model when config, domain or data changed since the last training.

    Example: advisor train
    """
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        model = ensure_model(Settings(), force=force)
    except subprocess.CalledProcessError as error:
        _fail(f"training failed (exit {error.returncode}); see the output above")
    click.echo(f"model: {model.relative_to(PROJECT_ROOT)}")


def _print_urls(settings: Settings, stack: Stack, started: float) -> None:
    click.echo(f"Ready in {time.monotonic() - started:.1f} s")
    if stack.router is not None:
        click.echo(
            f"  Rasa        {len(stack.rasa_servers)} processes (one per usable core) behind "
            "the router, each conversation on one"
        )
    click.echo(f"  chat page   {settings.chat_url}/")
    click.echo(f"  REST        {settings.rasa_url}/webhooks/rest/webhook")
    click.echo(f"  socket.io   {settings.rasa_url}/socket.io")
    click.echo(f"  tracker db  {settings.tracker_db}")
    click.echo("Press Ctrl-C to stop.")


@click.command()
@restart_options
def run(max_restarts: int, restart_window: float) -> None:
    """Start the action server, Rasa (REST + socket.io) and the chat page; Ctrl-C stops all.

    On a box with several usable cores (the cgroup quota counts), one Rasa process runs per
    core behind a router on the Rasa port; ADVISOR_RASA_PROCESSES=N sets the number.

    A server that dies is restarted with back-off (1 s doubling to 30 s); one that fails more
    than --max-restarts times within --restart-window seconds stops everything, exit status 1.
    Exit status 0 only after Ctrl-C or SIGTERM.

    Example: ADVISOR_WEB_PORT=8080 advisor run
    """
    settings = Settings()
    _check_knowledge_base(settings)
    started = time.monotonic()

    def build() -> Stack:
        stack = Stack(settings, ensure_model(settings))
        click.echo(f"Starting the advisor (logs in {settings.log_dir}) …")
        return stack

    status = serve_until_stopped(
        build,
        announce=lambda stack: _print_urls(settings, stack, started),
        policy=policy_from_options(max_restarts, restart_window),
    )
    sys.exit(status)


@click.command()
def shell() -> None:
    """Chat in the terminal (rasa shell) against the same model, actions and tracker store.

    Example: advisor shell
    """
    settings = Settings()
    _check_knowledge_base(settings)
    settings.tracker_db.parent.mkdir(parents=True, exist_ok=True)
    supervisor = Supervisor([action_server(settings)])
    status = 1
    with stop_signals_raise():
        try:
            terminal = rasa_shell(settings, ensure_model(settings))
            supervisor.start(READY_TIMEOUT_S)
            supervisor.launch(terminal)
            # The action server is restarted if it dies; the terminal's exit ends the watch.
            ended = supervisor.watch()
            if terminal in ended:
                status = terminal.process.returncode
            else:
                click.echo(f"Error: {describe_exit(ended)}, and kept failing.", err=True)
        except StartupError as error:
            click.echo(f"Error: {error}", err=True)
        except StopRequested:
            status = 0
        finally:
            supervisor.stop()
    sys.exit(status)
