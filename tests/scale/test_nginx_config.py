"""nginx.conf generation: paths under the run directory, loopback only, routing by sender."""

import shutil
import subprocess
from pathlib import Path

import pytest

from bot.scale.nginx import BalancerConfig, Routing, arrival_order, nginx_process, render_config

RUN_DIR = Path("/run/advisor-test")
TWO = ["127.0.0.1:7001", "127.0.0.1:7002"]


def _upstream(config_text: str, name: str) -> list[str]:
    lines = config_text.splitlines()
    start = lines.index(f"    upstream {name} {{")
    end = lines.index("    }", start)
    return [line.strip() for line in lines[start + 1 : end]]


@pytest.mark.parametrize(
    ("routing", "expected"),
    [
        (
            Routing.SENDER_HASH,
            [
                "hash $advisor_sender consistent;",
                "server 127.0.0.1:7001 max_fails=0;",
                "server 127.0.0.1:7002 max_fails=0;",
                "keepalive 32;",
            ],
        ),
        (
            Routing.ROUND_ROBIN,
            [
                "server 127.0.0.1:7001 max_fails=0;",
                "server 127.0.0.1:7002 max_fails=0;",
                "keepalive 32;",
            ],
        ),
    ],
)
def test_rest_upstream_follows_routing(routing, expected):
    config = BalancerConfig(port=5080, upstreams=TWO, routing=routing)
    assert _upstream(render_config(config, RUN_DIR), "advisor_rest") == expected


@pytest.mark.parametrize("routing", list(Routing))
def test_socketio_is_pinned_by_client_address(routing):
    config = BalancerConfig(port=5080, upstreams=["127.0.0.1:7001"], routing=routing)
    upstream = _upstream(render_config(config, RUN_DIR), "advisor_socketio")
    assert upstream[0] == "hash $remote_addr consistent;"


@pytest.mark.parametrize(
    "line",
    [
        "daemon off;",
        "pid /run/advisor-test/nginx.pid;",
        "error_log /run/advisor-test/error.log warn;",
        "access_log /run/advisor-test/access.log upstream;",
        "client_body_temp_path /run/advisor-test/client_body;",
        "proxy_temp_path /run/advisor-test/proxy;",
        "listen 127.0.0.1:5099;",
        "add_header X-Advisor-Upstream $upstream_addr always;",
        "proxy_next_upstream off;",
        '"" $arg_sender;',
        "default $http_x_advisor_sender;",
    ],
)
def test_config_contains(line):
    config = BalancerConfig(port=5099, upstreams=["127.0.0.1:7001"])
    stripped = [text.strip() for text in render_config(config, RUN_DIR).splitlines()]
    assert line in stripped


def test_every_listen_is_loopback():
    config = BalancerConfig(port=5099, upstreams=TWO)
    listens = [
        line.strip()
        for line in render_config(config, RUN_DIR).splitlines()
        if line.strip().startswith("listen")
    ]
    assert listens == ["listen 127.0.0.1:5099;"]


@pytest.mark.parametrize("routing", list(Routing))
def test_nginx_accepts_the_config(tmp_path, routing):
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.fail("nginx is not installed: run `make scale-deps`")
    config = BalancerConfig(port=5099, upstreams=TWO, routing=routing)
    process = nginx_process(config, tmp_path, env={})
    completed = subprocess.run([*process.command, "-t"], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert process.ready_url == "http://127.0.0.1:5099/nginx-health"


def _line(sender: str, message: str, end: str, seconds: str) -> str:
    return (
        f'127.0.0.1 [28/Nov/2026:20:57:39 +0000] "POST /webhooks/rest/webhook HTTP/1.1" 200'
        f" upstream=127.0.0.1:7001 sender={sender} msg={message} end={end} rt={seconds}"
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # Started at 10.000, 10.020, 10.040: the numbering order.
        (
            [_line("r1-s0", "0", "10.500", "0.500"), _line("r1-s0", "1", "10.100", "0.080")]
            + [_line("r1-s0", "2", "10.090", "0.050")],
            {"r1-s0": [0, 1, 2]},
        ),
        # Message 1 reached nginx before message 0.
        (
            [_line("r1-s0", "0", "10.300", "0.100"), _line("r1-s0", "1", "10.150", "0.050")],
            {"r1-s0": [1, 0]},
        ),
        # Same millisecond: numbering breaks the tie.
        (
            [_line("r1-s0", "1", "10.100", "0.100"), _line("r1-s0", "0", "10.200", "0.200")],
            {"r1-s0": [0, 1]},
        ),
        # Other runs, unnumbered requests and other lines are ignored.
        (
            [_line("r2-s0", "0", "10.1", "0.1"), _line("r1-s1", "-", "10.1", "0.1"), "junk"]
            + [_line("r1-s1", "3", "10.1", "0.1")],
            {"r1-s1": [3]},
        ),
    ],
)
def test_arrival_order(lines, expected):
    assert arrival_order(lines, "r1-") == expected


def test_access_log_records_what_arrival_order_reads():
    config = BalancerConfig(port=5099, upstreams=["127.0.0.1:7001"])
    assert "msg=$http_x_advisor_message end=$msec rt=$request_time" in render_config(
        config, RUN_DIR
    )
