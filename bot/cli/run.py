"""`advisor run | shell | train | nlu-data`: bring the advisor up for students and staff."""

import logging
import signal
import subprocess
import sys
import time
from pathlib import Path

import click

from bot.nlu_data import GENERATED_NLU, write_programme_nlu
from bot.processes import StartupError
from bot.runtime import Stack, action_server
from bot.settings import PROJECT_ROOT, Settings
from bot.training import ensure_model
from knowledge.errors import KnowledgeBaseError
from knowledge.query import KnowledgeBase


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


@click.command()
def run() -> None:
    """Start the action server, Rasa (REST + socket.io) and the chat page; Ctrl-C stops all.

    Example: ADVISOR_WEB_PORT=8080 advisor run
    """
    settings = Settings()
    _check_knowledge_base(settings)
    started = time.monotonic()
    stack = Stack(settings, ensure_model(settings))
    click.echo(f"Starting the advisor (logs in {settings.log_dir}) …")
    try:
        stack.start()
    except StartupError as error:
        _fail(str(error))
    click.echo(f"Ready in {time.monotonic() - started:.1f} s")
    click.echo(f"  chat page   {settings.chat_url}/")
    click.echo(f"  REST        {settings.rasa_url}/webhooks/rest/webhook")
    click.echo(f"  socket.io   {settings.rasa_url}/socket.io")
    click.echo(f"  tracker db  {settings.tracker_db}")
    click.echo("Press Ctrl-C to stop.")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while all(p.process and p.process.poll() is None for p in stack.processes):
            time.sleep(0.5)
        click.echo("A server stopped unexpectedly; stopping the rest (see logs).", err=True)
    except KeyboardInterrupt:
        click.echo("\nStopping …")
    finally:
        stack.stop()


@click.command()
def shell() -> None:
    """Chat in the terminal (rasa shell) against the same model, actions and tracker store.

    Example: advisor shell
    """
    settings = Settings()
    _check_knowledge_base(settings)
    model = ensure_model(settings)
    actions = action_server(settings)
    settings.tracker_db.parent.mkdir(parents=True, exist_ok=True)
    actions.start()
    try:
        actions.wait_ready(120)
        command = [
            sys.executable, "-m", "bot.rasa_server", "shell",
            "--model", str(model),
            "--endpoints", "endpoints.yml",
            "--port", str(settings.rasa_port),
            "--interface", "127.0.0.1",  # the shell's server is for this terminal only
            "--quiet",
            "--log-file", str(settings.log_dir / "shell.log"),
        ]  # fmt: skip
        completed = subprocess.run(command, cwd=PROJECT_ROOT, env=settings.child_environment())
        sys.exit(completed.returncode)
    except StartupError as error:
        _fail(str(error))
    finally:
        actions.stop()
