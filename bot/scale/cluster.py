"""N action servers, N Rasa servers on the scale profile, and nginx in front of them."""

import logging
from dataclasses import dataclass
from pathlib import Path

from bot.cli.processes import ManagedProcess
from bot.cli.runtime import READY_TIMEOUT_S, action_server, rasa_server
from bot.cli.supervisor import Supervisor
from bot.scale.nginx import BalancerConfig, Routing, nginx_process
from bot.scale.profile import ENDPOINTS_FILE, ScaleProfile
from bot.scale.store import create_database, wait_for_events_table
from settings import Settings, free_port

logger = logging.getLogger(__name__)


@dataclass
class Replica:
    """One Rasa server and the action server it calls (a pair that would share a pod)."""

    settings: Settings
    actions: ManagedProcess
    rasa: ManagedProcess

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.settings.rasa_port}"


def make_replica(
    index: int, base: Settings, profile: ScaleProfile, model: Path, run_dir: Path
) -> Replica:
    """Describe replica `index`: free ports, its own logs, the scale endpoints."""
    settings = Settings(
        host="127.0.0.1",
        rasa_port=free_port(),
        actions_port=free_port(),
        web_port=base.web_port,
        kb_path=base.kb_path,
        tracker_db=base.tracker_db,
        models_dir=base.models_dir,
        log_dir=run_dir / f"replica-{index}",
        api_token=base.api_token,
    )
    actions = action_server(settings)
    actions.name = f"action server {index}"
    rasa = rasa_server(settings, model, endpoints=ENDPOINTS_FILE)
    rasa.name = f"Rasa server {index}"
    rasa.env.update(profile.environment(f"{settings.actions_url}/webhook"))
    return Replica(settings, actions, rasa)


class ScaleCluster:
    """Every process of the scale profile, started together and stopped together."""

    def __init__(
        self,
        *,
        replicas: int,
        model: Path,
        profile: ScaleProfile,
        run_dir: Path,
        routing: Routing = Routing.SENDER_HASH,
        base: Settings | None = None,
    ) -> None:
        base = base or Settings()
        self.profile = profile
        self.run_dir = run_dir
        self.routing = routing
        self.replicas = [
            make_replica(index, base, profile, model, run_dir) for index in range(replicas)
        ]
        self.nginx = nginx_process(
            self._balancer(routing), run_dir / "nginx", base.child_environment()
        )
        # Started replica by replica, nginx last; stopped in reverse.
        self.supervisor = Supervisor()

    def _balancer(self, routing: Routing) -> BalancerConfig:
        return BalancerConfig(
            port=self.profile.balancer_port,
            upstreams=[replica.address for replica in self.replicas],
            routing=routing,
        )

    @property
    def processes(self) -> list[ManagedProcess]:
        pairs = [(replica.actions, replica.rasa) for replica in self.replicas]
        return [process for pair in pairs for process in pair] + [self.nginx]

    @property
    def access_log(self) -> Path:
        return self.run_dir / "nginx" / "access.log"

    def start(self, timeout: float = READY_TIMEOUT_S * 2) -> None:
        """Start the replicas (the first alone until it made the tables), then nginx."""
        create_database(self.profile)
        first, *others = self.replicas
        try:
            self.supervisor.launch(*(replica.actions for replica in self.replicas), first.rasa)
            # Concurrent CREATE TABLE from two replicas can fail in PostgreSQL: let one go first.
            wait_for_events_table(
                self.profile, timeout, alive=lambda: first.rasa.process.poll() is None
            )
            self.supervisor.launch(*(replica.rasa for replica in others))
            self.supervisor.wait_ready(timeout=timeout)
            self.supervisor.launch(self.nginx)
            self.supervisor.wait_ready(self.nginx, timeout=30)
        except BaseException:
            self.stop()
            raise

    def reroute(self, routing: Routing) -> None:
        """Restart nginx alone with another routing; the replicas keep running."""
        self.routing = routing
        nginx = nginx_process(self._balancer(routing), self.run_dir / "nginx", self.nginx.env)
        self.supervisor.replace(self.nginx, nginx, timeout=30)
        self.nginx = nginx

    def stop(self) -> None:
        """Stop nginx first, then each Rasa server before its action server."""
        self.supervisor.stop()

    def __enter__(self) -> "ScaleCluster":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
