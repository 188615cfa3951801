"""Sender ids are chosen so the balancer's hash sends students to every replica."""

import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.scale.nginx import SENDER_HEADER, UPSTREAM_HEADER
from loadtest.students import LoadPlan, spread_senders


def _replica(sender: str, replicas: int, skew: int) -> int:
    value = zlib.crc32(sender.encode())
    return 0 if value % skew else 1 + (value // skew) % (replicas - 1)


def _balancer(replicas: int, skew: int):
    """Return a fake balancer: a hash ring where only 1 in `skew` ids reaches replica 1+."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server API)
            upstream = _replica(self.headers[SENDER_HEADER], replicas, skew)
            self.send_response(200)
            self.send_header(UPSTREAM_HEADER, f"127.0.0.1:{9000 + upstream}")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize(("replicas", "students", "skew"), [(2, 6, 20), (2, 2, 50), (3, 4, 10)])
def test_every_replica_gets_a_student_even_on_a_skewed_ring(replicas, students, skew):
    server = _balancer(replicas, skew)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        senders = spread_senders(url, "run1", students, replicas)
    finally:
        server.shutdown()
    assert len(senders) == len(set(senders)) == students
    assert all(sender.startswith("run1-") for sender in senders)
    reached = {_replica(sender, replicas, skew) for sender in senders}
    assert reached == set(range(replicas))


def test_a_plan_uses_the_chosen_ids():
    plan = LoadPlan("run1", students=2, sender_ids=("run1-s007", "run1-s002"))
    assert [plan.sender(0), plan.sender(1)] == ["run1-s007", "run1-s002"]
    assert LoadPlan("run1", students=1).sender(0) == "run1-s000"
