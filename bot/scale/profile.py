"""Where the scale profile's shared services are, each overridable by an environment variable."""

import os
from dataclasses import dataclass, field, replace

import sqlalchemy as sa

ENDPOINTS_FILE = "endpoints.scale.yml"


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


@dataclass(frozen=True)
class ScaleProfile:
    """The PostgreSQL, Redis and RabbitMQ every replica shares, and the balancer's port."""

    pg_host: str = field(default_factory=lambda: _env("ADVISOR_PG_HOST", "127.0.0.1"))
    pg_port: int = field(default_factory=lambda: int(_env("ADVISOR_PG_PORT", "5432")))
    pg_user: str = field(default_factory=lambda: _env("ADVISOR_PG_USER", "postgres"))
    pg_password: str = field(default_factory=lambda: _env("ADVISOR_PG_PASSWORD", ""))
    pg_database: str = field(default_factory=lambda: _env("ADVISOR_PG_DB", "advisor"))
    pg_login_db: str = field(default_factory=lambda: _env("ADVISOR_PG_LOGIN_DB", "postgres"))
    redis_host: str = field(default_factory=lambda: _env("ADVISOR_REDIS_HOST", "127.0.0.1"))
    redis_port: int = field(default_factory=lambda: int(_env("ADVISOR_REDIS_PORT", "6379")))
    redis_db: int = field(default_factory=lambda: int(_env("ADVISOR_REDIS_DB", "1")))
    # Alphanumeric only (Rasa ignores other prefixes); a test run uses its own.
    redis_key_prefix: str = field(
        default_factory=lambda: _env("ADVISOR_REDIS_KEY_PREFIX", "advisor")
    )
    rabbitmq_host: str = field(default_factory=lambda: _env("ADVISOR_RABBITMQ_HOST", "127.0.0.1"))
    rabbitmq_port: int = field(default_factory=lambda: int(_env("ADVISOR_RABBITMQ_PORT", "5672")))
    rabbitmq_user: str = field(default_factory=lambda: _env("ADVISOR_RABBITMQ_USER", "guest"))
    rabbitmq_password: str = field(
        default_factory=lambda: _env("ADVISOR_RABBITMQ_PASSWORD", "guest")
    )
    rabbitmq_queue: str = field(
        default_factory=lambda: _env("ADVISOR_RABBITMQ_QUEUE", "advisor_events")
    )
    balancer_port: int = field(default_factory=lambda: int(_env("ADVISOR_SCALE_PORT", "5080")))

    def for_run(self, run_id: str) -> "ScaleProfile":
        """Return a copy whose database, lock keys and queue belong to one run only."""
        return replace(
            self,
            pg_database=f"advisor_scale_{run_id}",
            redis_key_prefix=f"advisorscale{run_id}",
            rabbitmq_queue=f"advisor_events_{run_id}",
        )

    def database_url(self, database: str | None = None) -> str:
        """Return the SQLAlchemy URL of the tracker database (or of `database`)."""
        url = sa.engine.URL.create(
            "postgresql",
            username=self.pg_user,
            password=self.pg_password or None,
            host=self.pg_host,
            port=self.pg_port,
            database=database or self.pg_database,
        )
        return url.render_as_string(hide_password=False)

    @property
    def amqp_url(self) -> str:
        return (
            f"amqp://{self.rabbitmq_user}:{self.rabbitmq_password}"
            f"@{self.rabbitmq_host}:{self.rabbitmq_port}/"
        )

    @property
    def balancer_url(self) -> str:
        return f"http://127.0.0.1:{self.balancer_port}"

    def environment(self, actions_url: str) -> dict[str, str]:
        """Return the variables endpoints.scale.yml reads, for a replica calling `actions_url`."""
        return {
            "RASA_TELEMETRY_ENABLED": "false",
            "ADVISOR_ACTIONS_URL": actions_url,
            "ADVISOR_PG_HOST": self.pg_host,
            "ADVISOR_PG_PORT": str(self.pg_port),
            "ADVISOR_PG_DB": self.pg_database,
            "ADVISOR_PG_USER": self.pg_user,
            "ADVISOR_PG_PASSWORD": self.pg_password,
            "ADVISOR_PG_LOGIN_DB": self.pg_login_db,
            "ADVISOR_REDIS_HOST": self.redis_host,
            "ADVISOR_REDIS_PORT": str(self.redis_port),
            "ADVISOR_REDIS_DB": str(self.redis_db),
            "ADVISOR_REDIS_KEY_PREFIX": self.redis_key_prefix,
            "ADVISOR_RABBITMQ_HOST": self.rabbitmq_host,
            "ADVISOR_RABBITMQ_PORT": str(self.rabbitmq_port),
            "ADVISOR_RABBITMQ_USER": self.rabbitmq_user,
            "ADVISOR_RABBITMQ_PASSWORD": self.rabbitmq_password,
            "ADVISOR_RABBITMQ_QUEUE": self.rabbitmq_queue,
        }
