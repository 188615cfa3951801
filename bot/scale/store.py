"""The scale profile's PostgreSQL side: create and drop a run's database, wait for its tables."""

import logging
import time
from collections.abc import Callable

import sqlalchemy as sa

from bot.scale.profile import ScaleProfile

logger = logging.getLogger(__name__)


def _admin_engine(profile: ScaleProfile) -> sa.engine.Engine:
    # CREATE/DROP DATABASE cannot run inside a transaction.
    return sa.create_engine(
        profile.database_url(profile.pg_login_db), isolation_level="AUTOCOMMIT", future=True
    )


def create_database(profile: ScaleProfile) -> bool:
    """Create the profile's database unless it exists; say whether it was created."""
    engine = _admin_engine(profile)
    try:
        with engine.connect() as connection:
            exists = connection.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": profile.pg_database},
            ).scalar()
            if exists:
                return False
            connection.execute(sa.text(f'CREATE DATABASE "{profile.pg_database}"'))
            logger.info("created database %s", profile.pg_database)
            return True
    finally:
        engine.dispose()


def drop_database(profile: ScaleProfile) -> None:
    """Drop the profile's database, disconnecting anyone still using it."""
    engine = _admin_engine(profile)
    try:
        with engine.connect() as connection:
            connection.execute(
                sa.text(f'DROP DATABASE IF EXISTS "{profile.pg_database}" WITH (FORCE)')
            )
        logger.info("dropped database %s", profile.pg_database)
    finally:
        engine.dispose()


def wait_for_events_table(
    profile: ScaleProfile, timeout: float, alive: Callable[[], bool] = lambda: True
) -> None:
    """Block until Rasa has created the `events` table (so replicas do not race to create it)."""
    engine = sa.create_engine(profile.database_url(), future=True)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and alive():
            if sa.inspect(engine).has_table("events"):
                return
            time.sleep(0.5)
    finally:
        engine.dispose()
    raise TimeoutError(f"no events table in {profile.pg_database} (Rasa exited or timed out)")
