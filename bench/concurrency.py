"""Concurrency harness (issue: reliability): several processes update one library at once.

    python bench/concurrency.py [--workers 4] [--updates 100]

One long-lived writer (like the TUI) and short-lived ones (like CLI commands, a fresh
library per update) each add `updates` distinct tags. Afterwards every tag must be present,
`doctor` must find nothing wrong, and no writer may have waited more than a few seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reliability.harness import run_concurrency, seed_library


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--updates", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        seed_library(home)
        start = time.perf_counter()
        problems, worst = run_concurrency(home, args.workers, args.updates)
        elapsed = time.perf_counter() - start
    total = args.workers * args.updates
    print(f"{args.workers} processes x {args.updates} updates = {total} updates in {elapsed:.1f} s; "
          f"longest single wait {worst * 1000:.0f} ms; problems: {len(problems)}")
    for problem in problems:
        print("  " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
