"""nginx in front of the Rasa replicas: config written to a run directory, run in the foreground."""

import logging
import re
import shutil
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from string import Template

from bot.cli.processes import ManagedProcess
from settings import PROJECT_ROOT

logger = logging.getLogger(__name__)

HEALTH_PATH = "/nginx-health"
UPSTREAM_HEADER = "X-Advisor-Upstream"
SENDER_HEADER = "X-Advisor-Sender"
MESSAGE_HEADER = "X-Advisor-Message"  # the load test numbers its messages, for the access log
_ACCESS_LINE = re.compile(
    r"upstream=(?P<upstream>\S*) sender=(?P<sender>\S*) msg=(?P<message>\S*)"
    r" end=(?P<end>[\d.]+) rt=(?P<seconds>[\d.]+)"
)


class Routing(StrEnum):
    """How nginx picks a Rasa replica for a REST message."""

    ROUND_ROBIN = "round-robin"  # every request to the next replica: exposes the lock race
    SENDER_HASH = "sender-hash"  # one conversation always on one replica (consistent hashing)


@dataclass(frozen=True)
class BalancerConfig:
    """What nginx listens on and which Rasa replicas (host:port) it spreads messages over."""

    port: int
    upstreams: Sequence[str]
    routing: Routing = Routing.SENDER_HASH


def _upstream_block(name: str, servers: Sequence[str], method: str | None) -> list[str]:
    lines = [f"    upstream {name} {{"]
    if method:
        lines.append(f"        {method}")
    lines += [f"        server {server} max_fails=0;" for server in servers]
    lines += ["        keepalive 32;", "    }"]
    return lines


class _NginxTemplate(Template):
    delimiter = "@"  # nginx itself uses $ for its variables


TEMPLATE = Path(__file__).with_name("nginx.conf.template")


def render_config(config: BalancerConfig, run_dir: Path) -> str:
    """Return an nginx.conf: REST by sender (or round robin), socket.io by client address."""
    rest_method = (
        "hash $advisor_sender consistent;" if config.routing is Routing.SENDER_HASH else None
    )
    # socket.io's sid is issued by whichever replica answers the handshake, so the handshake
    # cannot be routed by it: each client address is pinned to one replica instead.
    socketio_method = "hash $remote_addr consistent;"
    template = _NginxTemplate(TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        run_dir=run_dir,
        port=config.port,
        sender_header=SENDER_HEADER,
        upstream_header=UPSTREAM_HEADER,
        health_path=HEALTH_PATH,
        rest_upstream="\n".join(_upstream_block("advisor_rest", config.upstreams, rest_method)),
        socketio_upstream="\n".join(
            _upstream_block("advisor_socketio", config.upstreams, socketio_method)
        ),
    )


def nginx_binary() -> str:
    """Return the nginx executable, or raise with the command that installs it."""
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).exists():
            return candidate
    raise FileNotFoundError("nginx is not installed: run `make scale-deps` (as root)")


def nginx_process(config: BalancerConfig, run_dir: Path, env: dict[str, str]) -> ManagedProcess:
    """Write the config into `run_dir` and describe nginx running it in the foreground."""
    run_dir.mkdir(parents=True, exist_ok=True)
    config_path = run_dir / "nginx.conf"
    config_path.write_text(render_config(config, run_dir), encoding="utf-8")
    return ManagedProcess(
        name="nginx",
        command=[
            nginx_binary(),
            "-p",
            str(run_dir),
            "-c",
            str(config_path),
            "-e",
            str(run_dir / "error.log"),
        ],  # fmt: skip
        ready_url=f"http://127.0.0.1:{config.port}{HEALTH_PATH}",
        log_path=run_dir / "nginx.out",
        env=env,
        cwd=PROJECT_ROOT,
    )


def arrival_order(log_lines: Iterable[str], sender_prefix: str) -> dict[str, list[int]]:
    """Return each sender's message numbers in the order nginx received them (from the log)."""
    arrivals: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for line in log_lines:
        match = _ACCESS_LINE.search(line)
        if not match or not match["sender"].startswith(sender_prefix) or not match["message"]:
            continue
        if not match["message"].isdigit():
            continue
        started = float(match["end"]) - float(match["seconds"])
        arrivals[match["sender"]].append((round(started, 3), int(match["message"])))
    # Ties (same millisecond) keep the sender's own numbering.
    return {sender: [number for _, number in sorted(times)] for sender, times in arrivals.items()}
