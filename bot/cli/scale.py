"""`advisor scale run`: the scale-out profile, Rasa replicas behind nginx, for operators."""

import logging
import sys
import time

import click

from bot.cli.restarts import policy_from_options, restart_options
from bot.cli.supervisor import serve_until_stopped
from bot.rasa.training import ensure_model
from bot.scale.cluster import ScaleCluster
from bot.scale.nginx import Routing
from bot.scale.profile import ENDPOINTS_FILE, ScaleProfile
from settings import Settings

ROUTINGS = click.Choice([routing.value for routing in Routing])


@click.group()
def scale() -> None:
    """Scale-out profile: Rasa replicas behind nginx on PostgreSQL, Redis and RabbitMQ.

    Example: advisor scale run --replicas 2
    """
    logging.basicConfig(level=logging.INFO, format="%(message)s")


def _print_urls(cluster: ScaleCluster, started: float) -> None:
    profile = cluster.profile
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


@scale.command()
@click.option("--replicas", default=2, show_default=True, help="Rasa + action server pairs.")
@click.option("--routing", type=ROUTINGS, default=Routing.SENDER_HASH.value, show_default=True)
@restart_options
def run(replicas: int, routing: str, max_restarts: int, restart_window: float) -> None:
    """Start N replicas and nginx on $ADVISOR_SCALE_PORT (5080); Ctrl-C stops all.

    Example: ADVISOR_SCALE_PORT=5090 advisor scale run --replicas 3
    """
    settings = Settings()
    run_dir = settings.log_dir / "scale"
    started = time.monotonic()

    def build() -> ScaleCluster:
        cluster = ScaleCluster(
            replicas=replicas,
            model=ensure_model(settings),
            profile=ScaleProfile(),
            run_dir=run_dir,
            routing=Routing(routing),
            base=settings,
        )
        click.echo(f"Starting {replicas} replica(s) with {ENDPOINTS_FILE} (logs in {run_dir}) …")
        return cluster

    status = serve_until_stopped(
        build,
        announce=lambda cluster: _print_urls(cluster, started),
        policy=policy_from_options(max_restarts, restart_window),
    )
    sys.exit(status)
