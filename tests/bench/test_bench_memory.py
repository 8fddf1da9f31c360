"""The bench's memory figures on a real forked tree: shared pages count once as a pod, not in RSS.

A parent writes 64 MB and forks; the child shares those pages until it writes them, as Reflex's
granian workers share their preloading supervisor's. No timing: only how pages are counted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bench.chat_load import memory_rows
from bench.stack import Memory, tree_memory

pytestmark = pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(),
                                reason="needs Linux /proc/PID/smaps_rollup")

FORKED = r"""
import os, time
held = bytearray(64 << 20)
held[::4096] = b"x" * len(range(0, len(held), 4096))  # make every page resident
os.write(1, b"child\n" if os.fork() == 0 else b"parent\n")  # one write each: no interleaving
time.sleep(120)
"""


def test_a_forked_tree_counts_its_shared_pages_once_as_a_pod() -> None:
    with subprocess.Popen([sys.executable, "-c", FORKED], stdout=subprocess.PIPE, text=True,
                          start_new_session=True) as tree:
        try:
            assert tree.stdout is not None
            assert {tree.stdout.readline().strip() for _ in range(2)} == {"parent", "child"}
            memory = tree_memory(tree.pid)
        finally:
            os.killpg(tree.pid, signal.SIGKILL)
    assert memory.processes == 2
    assert memory.rss >= 128  # each process maps the 64 MB
    assert memory.rss - memory.pss >= 50  # ... and PSS splits the shared copy between them
    assert memory.rss - memory.pod >= 50  # ... and so does the pod's figure
    assert memory.pod >= 64
    assert memory.uss <= memory.pss <= memory.rss


def test_memory_rows_hold_the_pod_figure_to_the_target_and_the_rest_as_information() -> None:
    rows = memory_rows("backend", "peak at 50 chat users",
                       Memory(pod=350, pss=340, uss=240, rss=587, processes=3), 400)
    by_metric = {r["metric"]: r for r in rows}
    pod = by_metric["backend memory as a pod, peak at 50 chat users"]
    assert (pod["value"], pod["target"], pod["ok"]) == (350, "<= 400", True)
    assert "3 processes" in pod["note"]
    rss = by_metric["backend RSS summed (information), peak at 50 chat users"]
    assert (rss["value"], rss["target"], rss["ok"]) == (587, None, None)
    for figure in ("PSS summed", "USS summed"):
        assert by_metric[f"backend {figure}, peak at 50 chat users"]["target"] is None


def test_peak_keeps_the_largest_of_each_figure() -> None:
    first = Memory(pod=310, pss=300, uss=200, rss=500, processes=3)
    later = Memory(pod=305, pss=320, uss=190, rss=450, processes=2)
    assert first.peak(later) == Memory(pod=310, pss=320, uss=200, rss=500, processes=3)
