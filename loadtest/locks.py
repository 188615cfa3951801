"""The Redis lock store's keys for one run: count those left behind, then delete them."""

import redis

from bot.scale.profile import ScaleProfile


def _client(profile: ScaleProfile) -> redis.Redis:
    return redis.Redis(host=profile.redis_host, port=profile.redis_port, db=profile.redis_db)


def delete_locks(profile: ScaleProfile) -> int:
    """Delete the run's conversation locks; return how many were left (none, when all is well)."""
    client = _client(profile)
    try:
        keys = list(client.scan_iter(match=f"{profile.redis_key_prefix}:*"))
        if keys:
            client.delete(*keys)
        return len(keys)
    finally:
        client.close()
