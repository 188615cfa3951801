"""The `make test-scale` flow: bring the profile up, load it, check PostgreSQL and RabbitMQ."""

import json
import logging
import subprocess
import sys
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.scale.cluster import ScaleCluster
from bot.scale.nginx import Routing, arrival_order
from bot.scale.profile import ScaleProfile
from bot.scale.store import drop_database
from loadtest.broker import QueueState, delete_queue, inspect_queue
from loadtest.delivery import DeliveryReport, check_delivery
from loadtest.locks import delete_locks
from loadtest.students import LoadPlan, LoadResult, run_load, spread_senders
from loadtest.tracker import stored_user_texts, wait_until_settled
from settings import PROJECT_ROOT, Settings, free_port

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScenarioResult:
    """One load run against a cluster and what the tracker store held afterwards."""

    name: str
    replicas: int
    routing: Routing
    load: LoadResult
    delivery: DeliveryReport
    must_pass: bool
    bursts: bool = False

    @property
    def passed(self) -> bool:
        """Say whether nothing was lost or stored twice, and, for one-at-a-time sends, reordered.

        Overlapping sends of one conversation have no defined order even on one replica: the
        server handles them in the order its event loop reads them, not the order they left.
        """
        report = self.delivery
        in_order = self.bursts or report.out_of_order == 0
        return self.load.failed == 0 and report.lost == 0 and report.duplicated == 0 and in_order

    @property
    def spread_conversations(self) -> int:
        """Return how many conversations were answered by more than one replica."""
        return sum(1 for used in self.load.replicas_per_sender.values() if len(used) > 1)

    def summary(self) -> str:
        """Return the result as the lines `make test-scale` prints."""
        served = ", ".join(f"{k}={v}" for k, v in sorted(self.load.upstreams.items()))
        return "\n".join(
            [
                f"== {self.name}: {self.replicas} replica(s), routing {self.routing.value}",
                f"acknowledged {self.delivery.acknowledged}  failed {self.load.failed}",
                f"lost {self.delivery.lost}",
                f"duplicated {self.delivery.duplicated}",
                f"out_of_order {self.delivery.out_of_order}"
                + (" (overlapping sends: reported, not checked)" if self.bursts else ""),
                f"throughput {self.load.throughput:.1f} msgs/s over {self.load.seconds:.1f} s",
                f"served by {served}",
                f"conversations spread over several replicas {self.spread_conversations}",
            ]
        )


@dataclass
class ScaleTestReport:
    """Every scenario, the RabbitMQ queue and the transcripts check of one `test-scale`."""

    scenarios: list[ScenarioResult] = field(default_factory=list)
    queues: dict[int, QueueState] = field(default_factory=dict)
    transcripts: dict[int, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        delivered = all(scenario.passed for scenario in self.scenarios if scenario.must_pass)
        published = all(queue.messages > 0 for queue in self.queues.values())
        return delivered and published and all(self.transcripts.values())


def run_scenario(
    cluster: ScaleCluster, name: str, plan: LoadPlan, routing: Routing, *, must_pass: bool
) -> ScenarioResult:
    """Run `plan` through the balancer and check the tracker store against what was acknowledged."""
    logger.info("scenario %s", name)
    load = run_load(cluster.profile.balancer_url, plan)
    url = cluster.profile.database_url()
    prefix = f"{plan.run_id}-"
    wait_until_settled(url, plan.senders)
    arrivals = None
    if plan.burst:
        # A student's messages overlap in flight: the order that counts is the order in which
        # they reached the balancer, not the order the client threads happened to start.
        with cluster.access_log.open(encoding="utf-8") as log:
            arrivals = arrival_order(log, prefix)
    delivery = check_delivery(load.in_order(arrivals), stored_user_texts(url, plan.senders))
    replicas = len(cluster.replicas)
    return ScenarioResult(name, replicas, routing, load, delivery, must_pass, bursts=plan.burst)


def list_transcripts(database_url: str, cache: Path) -> list[str]:
    """Run `advisor transcripts list --unmasked` on PostgreSQL; return the sender ids listed."""
    command = [
        str(Path(sys.executable).with_name("advisor")),
        "transcripts", "--db", database_url, "--cache", str(cache), "list", "--json", "--unmasked",
    ]  # fmt: skip
    completed = subprocess.run(
        command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=True, timeout=300
    )
    return [conversation["conversation_id"] for conversation in json.loads(completed.stdout)]


def scenarios(replicas: int, *, race: bool) -> list[tuple[str, Routing, bool, bool]]:
    """Return (name, routing, overlapping sends, must pass) for each scenario to run."""
    plan = [("students", Routing.SENDER_HASH, False, True)]
    if replicas > 1:
        # One-at-a-time sends may hop between replicas: the shared stores keep them whole.
        plan.append(("students, round robin", Routing.ROUND_ROBIN, False, True))
    if race and replicas > 1:
        # Overlapping sends of one conversation on two replicas: Redis lock store race.
        plan.append(("burst, round robin", Routing.ROUND_ROBIN, True, False))
        plan.append(("burst, sender hash", Routing.SENDER_HASH, True, True))
    return plan


def check_replicas(
    replicas: int,
    model: Path,
    run_dir: Path,
    *,
    students: int,
    messages: int,
    race: bool,
    base: Settings | None = None,
) -> tuple[list[ScenarioResult], QueueState, list[str]]:
    """Start `replicas` on a fresh database and queue, run the scenarios, clean up."""
    run_id = uuid.uuid4().hex[:10]
    profile = replace(ScaleProfile().for_run(run_id), balancer_port=free_port())
    cluster = ScaleCluster(
        replicas=replicas, model=model, profile=profile, run_dir=run_dir / f"r{replicas}-{run_id}",
        routing=Routing.SENDER_HASH, base=base,
    )  # fmt: skip
    results = []
    try:
        cluster.start()
        for name, routing, bursts, must_pass in scenarios(replicas, race=race):
            if routing is not cluster.routing:
                cluster.reroute(routing)
            plan_id = f"{run_id}{len(results)}"
            senders: tuple[str, ...] = ()
            if routing is Routing.SENDER_HASH and replicas > 1:
                # Random ids may all hash to one replica: pick ids the ring spreads.
                senders = spread_senders(profile.balancer_url, plan_id, students, replicas)
            plan = LoadPlan(
                plan_id, students, messages, concurrency=students, burst=bursts,
                sender_ids=senders,
            )  # fmt: skip
            results.append(run_scenario(cluster, name, plan, routing, must_pass=must_pass))
        queue = inspect_queue(profile.amqp_url, profile.rabbitmq_queue)
        transcripts = list_transcripts(profile.database_url(), cluster.run_dir / "transcripts.db")
    finally:
        cluster.stop()
        drop_database(profile)
        delete_queue(profile.amqp_url, profile.rabbitmq_queue)
        leftover = delete_locks(profile)
        if leftover:
            logger.warning("%d conversation lock(s) left in Redis (lock store race)", leftover)
    return results, queue, transcripts
