"""The topology's frontend build lock: taken when free, refused (not waited on forever) when a
holder never lets go, as the browser tests' app holds it for a whole run."""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest

from deploy.topology.topology import _take


def test_a_free_lock_is_taken(tmp_path: Path) -> None:
    with open(tmp_path / "lock", "w") as lock:
        _take(lock, seconds=1)
        with open(tmp_path / "lock", "w") as other, pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_a_lock_held_too_long_fails_the_start(tmp_path: Path) -> None:
    with open(tmp_path / "lock", "w") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        with open(tmp_path / "lock", "w") as lock, pytest.raises(RuntimeError, match="held"):
            _take(lock, seconds=1.5)
