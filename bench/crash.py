"""Crash harness (issue: reliability): SIGKILL a writing readlist at random moments.

    python bench/crash.py [--trials 200] [--seed N]

Each trial starts a writer process that tags, rates, marks, writes notes and imports in
a loop (acknowledging each write after its commit returns, as a command exits 0), kills it
with SIGKILL after a random delay, then checks that the library loads, that `doctor` finds
nothing wrong, and that every acknowledged write is there. Prints a summary; exits 1 on
any failure.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reliability.harness import crash_trial, seed_library


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures = 0
    acked = 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        seed_library(home)
        for trial in range(1, args.trials + 1):
            result = crash_trial(home, rng)
            acked += result.acked
            if result.problems:
                failures += 1
                print(f"trial {trial}: FAILED: {'; '.join(result.problems)}")
            elif trial % 25 == 0:
                print(f"trial {trial}: ok ({acked} acknowledged writes so far)")
    elapsed = time.perf_counter() - start
    print(f"{args.trials} SIGKILL trials, {acked} acknowledged writes checked, "
          f"{failures} failures, {elapsed:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
