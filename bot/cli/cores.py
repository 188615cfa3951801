"""How many Rasa processes this box can keep busy: the CPUs this process may really use.

A container often sees every core of its host (os.cpu_count) while its cgroup quota lets it
use two: the quota (cgroup v2 `cpu.max`, or v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`),
rounded down, and the CPUs it may be scheduled on (sched_getaffinity) both bound it. At least
one, so a 1-core box runs one Rasa process on the public port with no router, exactly as before.
"""

import os
from pathlib import Path

PROCESSES_ENV = "ADVISOR_RASA_PROCESSES"
MAX_AUTO_PROCESSES = 8  # about 0.5 GB each with the model loaded
CGROUP_ROOT = Path("/sys/fs/cgroup")


def _cgroup_quota(root: Path) -> float | None:
    """Return the cgroup's CPU quota in CPUs, or None when it sets none."""
    try:
        quota, period = (root / "cpu.max").read_text().split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    try:
        quota = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period = int((root / "cpu" / "cpu.cfs_period_us").read_text())
        return None if quota <= 0 or period <= 0 else quota / period
    except (OSError, ValueError):
        return None


def usable_cpus(cgroup_root: Path = CGROUP_ROOT) -> int:
    """Return the CPUs this process may use: affinity, bounded by the cgroup quota, at least 1."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    quota = _cgroup_quota(cgroup_root)
    if quota is not None:
        cpus = min(cpus, int(quota))
    return max(1, cpus)


def rasa_processes(environ: dict[str, str] | None = None, cgroup_root: Path = CGROUP_ROOT) -> int:
    """Return how many Rasa processes to run: $ADVISOR_RASA_PROCESSES, else one per usable CPU
    (at most MAX_AUTO_PROCESSES)."""
    value = (environ if environ is not None else os.environ).get(PROCESSES_ENV, "auto").strip()
    if value in ("", "auto"):
        return min(usable_cpus(cgroup_root), MAX_AUTO_PROCESSES)
    count = int(value) if value.isdigit() else 0
    if count < 1:
        raise ValueError(f"{PROCESSES_ENV} must be a positive number or 'auto', not {value!r}")
    return count
