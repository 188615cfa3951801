"""How many Rasa processes: the CPUs the process may use, bounded by the cgroup quota."""

import os
from pathlib import Path

import pytest

from bot.cli.cores import MAX_AUTO_PROCESSES, PROCESSES_ENV, rasa_processes, usable_cpus

AFFINITY = len(os.sched_getaffinity(0))


def cgroup_v2(tmp_path: Path, cpu_max: str) -> Path:
    (tmp_path / "cpu.max").write_text(cpu_max + "\n")
    return tmp_path


def test_no_quota_means_every_cpu_of_the_affinity_mask(tmp_path: Path) -> None:
    assert usable_cpus(cgroup_v2(tmp_path, "max 100000")) == AFFINITY
    assert usable_cpus(tmp_path / "missing") == AFFINITY


def test_a_quota_below_the_cores_bounds_them_rounded_down_at_least_one(tmp_path: Path) -> None:
    assert usable_cpus(cgroup_v2(tmp_path, "150000 100000")) == 1
    half = tmp_path / "half"
    half.mkdir()
    assert usable_cpus(cgroup_v2(half, "50000 100000")) == 1


def test_cgroup_v1_quota_is_read_too(tmp_path: Path) -> None:
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("100000\n")
    (tmp_path / "cpu" / "cpu.cfs_period_us").write_text("100000\n")

    assert usable_cpus(tmp_path) == 1


def test_the_environment_overrides_auto(tmp_path: Path) -> None:
    root = cgroup_v2(tmp_path, "max 100000")

    assert rasa_processes({PROCESSES_ENV: "3"}, root) == 3
    assert rasa_processes({PROCESSES_ENV: "auto"}, root) == min(AFFINITY, MAX_AUTO_PROCESSES)
    assert rasa_processes({}, root) == min(AFFINITY, MAX_AUTO_PROCESSES)


@pytest.mark.parametrize("value", ["0", "-2", "two", "1.5"])
def test_a_bad_count_is_refused_with_the_variable_named(value: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=PROCESSES_ENV):
        rasa_processes({PROCESSES_ENV: value}, tmp_path)
