"""`python -m loadtest soak | scale | synthetic-transcripts`: the harnesses, for make and CI."""

import logging
import sys
import tempfile
from pathlib import Path

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Load, soak and synthetic-data harnesses (not part of the shipped advisor).

    Example: python -m loadtest soak --students 10 --messages 200 --fuzz 0
    """
    logging.basicConfig(level=logging.INFO, format="%(message)s")


@main.command()
@click.option("--students", default=50, show_default=True, help="Simulated students at once.")
@click.option("--messages", default=10_000, show_default=True, help="Messages in total.")
@click.option("--fuzz", default=10_000, show_default=True, help="Random strings to send after.")
@click.option("--seed", default=7, show_default=True, help="Seed of the messages and strings.")
@click.option(
    "--timeout",
    default=3600.0,
    show_default=True,
    help="Stop everything and fail after this many seconds (0: no limit).",
)
def soak(students: int, messages: int, fuzz: int, seed: int, timeout: float) -> None:
    """Soak a fresh `advisor run`: the action server and Rasa killed -9 midway and restarted by
    its supervisor, then random strings; exit 1 on any loss or if it stops serving.

    SIGINT, SIGTERM or the timeout stop every server the soak started (exit 130, 143, 1).

    Example: python -m loadtest soak --students 50 --messages 10000 --fuzz 10000
    """
    from bot.cli.supervisor import StopRequested
    from loadtest.soak_stack import SoakTimeout, soak_fresh_stack

    try:
        passed = soak_fresh_stack(
            students=students,
            messages=messages,
            fuzz_count=fuzz,
            seed=seed,
            say=click.echo,
            timeout=timeout,
        )
    except StopRequested as stop:
        click.echo(f"soak stopped by {stop}", err=True)
        sys.exit(128 + stop.signum)
    except SoakTimeout as error:
        click.echo(f"FAIL: {error}", err=True)
        sys.exit(1)
    sys.exit(0 if passed else 1)


@main.command()
@click.option(
    "--replicas",
    "replica_counts",
    default="1,2",
    show_default=True,
    help="Comma-separated replica counts to measure, each on a fresh database.",
)
@click.option("--students", default=16, show_default=True)
@click.option("--messages", default=10, show_default=True, help="Messages per student.")
@click.option(
    "--race/--no-race",
    default=True,
    show_default=True,
    help="Also burst each conversation over replicas, round robin then by sender.",
)
@click.option(
    "--logs",
    type=click.Path(path_type=Path),
    default=None,
    help="Keep logs here (default: a temporary directory).",
)
def scale(replica_counts: str, students: int, messages: int, race: bool, logs: Path | None) -> None:
    """Load the scale profile with students; fail on any lost, duplicated or reordered message.

    Example: python -m loadtest scale --replicas 1,2 --students 16 --messages 10
    """
    from bot.rasa.training import ensure_model
    from loadtest.scale_scenario import ScaleTestReport, check_replicas
    from settings import Settings

    model = ensure_model(Settings())
    report = ScaleTestReport()
    with tempfile.TemporaryDirectory(prefix="advisor-scale-") as scratch:
        run_dir = logs or Path(scratch)
        for replicas in (int(count) for count in replica_counts.split(",")):
            results, queue, transcripts = check_replicas(
                replicas, model, run_dir, students=students, messages=messages, race=race
            )
            report.scenarios += results
            report.queues[replicas] = queue
            report.transcripts[replicas] = transcripts
            for result in results:
                click.echo(result.summary())
                verdict = "pass" if result.passed else "FAIL"
                click.echo(f"verdict {verdict if result.must_pass else 'reported only'}")
            click.echo(f"rabbitmq events {queue.messages} (first from {queue.first_sender})")
            click.echo(f"transcripts list on PostgreSQL: {len(transcripts)} conversations")
    click.echo("PASS" if report.ok else "FAIL")
    sys.exit(0 if report.ok else 1)


@main.command("synthetic-transcripts")
@click.argument("target")
@click.argument("conversations", type=int, default=10_000)
@click.option("--seed", default=0, show_default=True)
def synthetic_transcripts(target: str, conversations: int, seed: int) -> None:
    """Fill a tracker store (an SQLite path or an SQLAlchemy URL) with synthetic conversations.

    Example: python -m loadtest synthetic-transcripts var/bench-tracker.db 10000
    """
    from loadtest.synthetic_transcripts import write_tracker_store

    url = target if "://" in target else f"sqlite:///{Path(target).resolve()}"
    click.echo(f"wrote {write_tracker_store(url, conversations, seed=seed)} events")
