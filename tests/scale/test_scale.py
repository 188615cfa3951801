"""Two replicas behind nginx on PostgreSQL, Redis and RabbitMQ: nothing lost, all replicas used."""

import pytest

from bot.rasa.training import ensure_model
from bot.scale.nginx import Routing
from loadtest.scale_scenario import check_replicas
from settings import Settings

STUDENTS = 6
MESSAGES = 5


@pytest.fixture(scope="module")
def two_replicas(tmp_path_factory):
    """Run the test-scale flow once at a small size with two replicas."""
    model = ensure_model(Settings())
    return check_replicas(
        2,
        model,
        tmp_path_factory.mktemp("scale"),
        students=STUDENTS,
        messages=MESSAGES,
        race=True,
    )


def _scenario(results, name):
    return next(result for result in results if result.name == name)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["students", "students, round robin"])
def test_one_at_a_time_messages_are_stored_once_in_order(two_replicas, name):
    result = _scenario(two_replicas[0], name)
    report = result.delivery
    assert (result.load.failed, report.acknowledged) == (0, STUDENTS * MESSAGES)
    assert (report.lost, report.duplicated, report.out_of_order) == (0, 0, 0)
    assert result.passed


@pytest.mark.slow
def test_overlapping_messages_routed_by_sender_are_stored_once(two_replicas):
    result = _scenario(two_replicas[0], "burst, sender hash")
    report = result.delivery
    assert (result.load.failed, report.acknowledged) == (0, STUDENTS * MESSAGES)
    assert (report.lost, report.duplicated) == (0, 0)
    assert result.passed


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["students", "students, round robin", "burst, round robin", "burst, sender hash"]
)
def test_both_replicas_serve(two_replicas, name):
    result = _scenario(two_replicas[0], name)
    assert len(result.load.upstreams) == 2
    assert all(count > 0 for count in result.load.upstreams.values())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "routing", "spread"),
    [
        ("students", Routing.SENDER_HASH, False),
        ("students, round robin", Routing.ROUND_ROBIN, True),
        ("burst, round robin", Routing.ROUND_ROBIN, True),
        ("burst, sender hash", Routing.SENDER_HASH, False),
    ],
)
def test_sender_hash_keeps_each_conversation_on_one_replica(two_replicas, name, routing, spread):
    result = _scenario(two_replicas[0], name)
    assert result.routing is routing
    assert (result.spread_conversations > 0) is spread


@pytest.mark.slow
def test_rabbitmq_queue_received_the_events(two_replicas):
    queue = two_replicas[1]
    # Each message of the first scenario alone yields at least a user and a bot event.
    assert queue.messages >= 2 * STUDENTS * MESSAGES
    assert queue.first_sender is not None


@pytest.mark.slow
def test_transcripts_list_reads_postgresql(two_replicas):
    results, _, listed = two_replicas
    senders = {sender for result in results for sender in result.load.acknowledged}
    assert len(senders) == 4 * STUDENTS
    assert senders <= set(listed)
