import os
import subprocess
import sys
import time

from bench.memory import group_rss_mb


def test_our_own_group_uses_memory():
    assert group_rss_mb(os.getpgid(0)) > 1.0


def test_a_child_in_its_own_group_is_counted_there_and_an_unknown_group_is_empty():
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; data = bytearray(64 * 1024 * 1024); time.sleep(30)"],
        start_new_session=True,
    )
    try:
        for _ in range(100):  # until the child has allocated its 64 MB
            if group_rss_mb(child.pid) > 60:
                break
            time.sleep(0.05)
        assert group_rss_mb(child.pid) > 60
    finally:
        child.kill()
        child.wait()
    assert group_rss_mb(child.pid) == 0.0
