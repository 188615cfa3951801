import os

import pytest

from bench.memory import group_rss_mb


def _fake_process(proc, pid: int, group: int, rss_kb: int | None) -> None:
    folder = proc / str(pid)
    folder.mkdir()
    (folder / "stat").write_text(f"{pid} (rasa run (x)) S 1 {group} {group} 0 -1\n")
    rss = f"VmRSS:\t{rss_kb} kB\n" if rss_kb is not None else ""
    (folder / "status").write_text(f"Name:\trasa\n{rss}Threads:\t4\n")


def test_sums_the_group_only(tmp_path):
    _fake_process(tmp_path, 100, 100, 102400)
    _fake_process(tmp_path, 101, 100, 51200)
    _fake_process(tmp_path, 102, 100, None)  # a zombie has no VmRSS
    _fake_process(tmp_path, 200, 200, 999999)
    (tmp_path / "self").mkdir()
    assert group_rss_mb(100, proc=tmp_path) == 150.0


def test_unknown_group_has_no_memory(tmp_path):
    _fake_process(tmp_path, 100, 100, 1024)
    assert group_rss_mb(4242, proc=tmp_path) == 0.0


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc")
def test_our_own_group_uses_memory():
    assert group_rss_mb(os.getpgid(0)) > 1.0
