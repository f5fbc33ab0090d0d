"""Nothing acknowledged is lost: SIGKILL at random moments, and concurrent writers."""

from __future__ import annotations

import random
from pathlib import Path

from tests.reliability.harness import crash_trial, run_concurrency, seed_library


def test_sigkill_at_random_moments_loses_no_acknowledged_write(tmp_path: Path) -> None:
    seed_library(tmp_path)
    rng = random.Random(20261125)
    total_acked = 0
    for _ in range(12):
        result = crash_trial(tmp_path, rng)
        assert result.problems == [], result.problems
        total_acked += result.acked
    assert total_acked > 0  # the writer really wrote before being killed


def test_four_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    seed_library(tmp_path)
    problems, worst = run_concurrency(tmp_path, workers=4, updates=25)
    assert problems == []
    assert worst < 5.0  # no writer waits more than a few seconds for the lock
