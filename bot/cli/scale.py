"""`python -m bot.scale run | test`: the scale profile for people and for CI."""

import logging
import signal
import sys
import tempfile
import time
from pathlib import Path

import click

from bot.processes import StartupError
from bot.scale.cluster import ScaleCluster
from bot.scale.nginx import Routing
from bot.scale.profile import ENDPOINTS_FILE, ScaleProfile
from bot.scale.scenario import ScaleTestReport, check_replicas
from bot.settings import Settings
from bot.training import ensure_model

ROUTINGS = click.Choice([routing.value for routing in Routing])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Scale-out profile: Rasa replicas behind nginx on PostgreSQL, Redis and RabbitMQ.

    Example: python -m bot.scale run --replicas 2
    """
    logging.basicConfig(level=logging.INFO, format="%(message)s")


@main.command()
@click.option("--replicas", default=2, show_default=True, help="Rasa + action server pairs.")
@click.option("--routing", type=ROUTINGS, default=Routing.SENDER_HASH.value, show_default=True)
def run(replicas: int, routing: str) -> None:
    """Start N replicas and nginx on $ADVISOR_SCALE_PORT (5080); Ctrl-C stops all.

    Example: ADVISOR_SCALE_PORT=5090 python -m bot.scale run --replicas 3
    """
    settings = Settings()
    profile = ScaleProfile()
    run_dir = settings.log_dir / "scale"
    cluster = ScaleCluster(
        replicas=replicas,
        model=ensure_model(settings),
        profile=profile,
        run_dir=run_dir,
        routing=Routing(routing),
        base=settings,
    )
    click.echo(f"Starting {replicas} replica(s) with {ENDPOINTS_FILE} (logs in {run_dir}) …")
    started = time.monotonic()
    try:
        cluster.start()
    except (StartupError, TimeoutError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Ready in {time.monotonic() - started:.1f} s")
    click.echo(
        f"  REST        {profile.balancer_url}/webhooks/rest/webhook  (send X-Advisor-Sender)"
    )
    click.echo(f"  socket.io   {profile.balancer_url}/socket.io")
    for index, replica in enumerate(cluster.replicas):
        click.echo(
            f"  replica {index}   Rasa {replica.settings.rasa_url}"
            f"  actions {replica.settings.actions_url}"
        )
    click.echo(f"  tracker     {profile.database_url()}")
    click.echo(f"  events      RabbitMQ queue {profile.rabbitmq_queue}")
    click.echo(f"  access log  {cluster.access_log}")
    click.echo("Press Ctrl-C to stop.")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # Started in the background (`make run-scale &`), Python inherits an ignored SIGINT.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        while all(p.process and p.process.poll() is None for p in cluster.processes):
            time.sleep(0.5)
        click.echo("A server stopped unexpectedly; stopping the rest (see logs).", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("\nStopping …")
    finally:
        cluster.stop()


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
def test(replica_counts: str, students: int, messages: int, race: bool, logs: Path | None) -> None:
    """Load the profile with concurrent students; fail on any lost, duplicated or reordered message.

    Example: python -m bot.scale test --replicas 1,2 --students 16 --messages 10
    """  # fmt: skip
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
