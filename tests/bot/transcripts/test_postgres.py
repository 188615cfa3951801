"""The same commands read a PostgreSQL tracker store (the local service; fails if it is down)."""

import uuid

import pytest

from .conftest import DAY_ONE, DAY_TWO, alice, bob, save_trackers, stamp
from .test_cli import LIST_TABLE

SERVER = "postgresql://postgres@127.0.0.1:5432"


@pytest.fixture
def postgres_database():
    """Create a throwaway database on the local server; drop it afterwards."""
    import sqlalchemy as sa

    name = f"transcripts_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(
        f"{SERVER}/test", isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
    )
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield name
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_postgres_tracker_store(postgres_database, run):
    from rasa.core.tracker_store import SQLTrackerStore

    store = SQLTrackerStore(
        dialect="postgresql", host="127.0.0.1", port=5432, db=postgres_database, username="postgres"
    )
    save_trackers(store, {"alice": stamp(alice(), DAY_ONE), "bob": stamp(bob(), DAY_TWO)})
    store.engine.dispose()
    url = f"{SERVER}/{postgres_database}"

    listed = run(url, "list", "--unmasked")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout == LIST_TABLE
    assert "call me on [phone] or [phone]" in run(url, "show", "alice").stdout
    purged = run(url, "purge", "--older-than", "0")
    assert purged.stdout == "Deleted 2 conversations older than 0 days.\n"
    emptied = run(url, "list")
    assert emptied.exit_code == 1
    assert "has no conversations yet" in emptied.output


def test_unreachable_server_is_one_line(run):
    result = run("postgresql://postgres@127.0.0.1:1/none?connect_timeout=2", "list")
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot read tracker store postgresql://")
    assert len(result.output.splitlines()) == 1
