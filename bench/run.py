"""readlist's performance figures, measured the way a user meets them.

    python bench/run.py [--sizes 1000,10000,100000] [--runs 5] [--no-tui]

For each size, builds a realistic library once (papers with abstracts and authors across
many digests, some user state; cached under bench/.cache) and prints medians over several
runs of cold commands (a new `readlist` process each time), each beside the floor measured
in the same run (`python -c "import typer, rich.console, tinydb"`), with peak memory:

- import throughput: the five seeds, and a generated 10,000-paper daily-arXiv digest;
- CLI: list --limit 50, list <word in abstracts>, show KEY, mark read KEY,
  tag x --where <query matching ~1,000 papers>;
- TUI (in-process, run_test): first paint, one filter keystroke, triage key to saved change.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
SEEDS = Path(os.environ.get("READLIST_SEEDS", ROOT.parent / "shared" / "seeds"))
sys.path.insert(0, str(ROOT / "bench"))

import synth  # noqa: E402

PYTHON = sys.executable
READLIST = [PYTHON, "-m", "readlist"]


def timed(argv: list[str], env: dict[str, str], stdin: bytes | None = None) -> tuple[float, float]:
    """Run a command; return (wall seconds, peak RSS MiB of that process)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv[2:])} failed: {err.strip()}")
    return elapsed, usage.ru_maxrss / 1024


def median_of(runs: int, once: Callable[[], tuple[float, float]]) -> tuple[float, float]:
    times, peaks = [], []
    for _ in range(runs):
        t, m = once()
        times.append(t)
        peaks.append(m)
    return statistics.median(times), max(peaks)


def env_for(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["READLIST_HOME"] = str(home)
    env["COLUMNS"] = "120"
    env.pop("READLIST_DEBUG", None)
    return env


def library(size: int) -> Path:
    home = CACHE / f"lib-{size}"
    if not (home / "library" / "HEAD.json").exists():
        shutil.rmtree(home, ignore_errors=True)
        start = time.perf_counter()
        synth.build(home, size)
        print(f"  (built the {size:,}-paper library in {time.perf_counter() - start:.0f} s, "
              f"cached in {home})", flush=True)
    return home


def working_copy(home: Path) -> Path:
    """Writes go to a copy, so the cached library stays the same between runs."""
    copy = Path(tempfile.mkdtemp(prefix="readlist-bench-")) / "home"
    shutil.copytree(home, copy, symlinks=True)
    return copy


#: The floors the performance issue states for its machine: a minimal Typer command
#: (CLI) and importing textual + typer + tinydb + httpx + rich (TUI). A target divided by
#: its floor is the ratio this machine is held to when its own floor is slower.
ISSUE_FLOOR = {"cli": 0.12, "tui": 0.15}


class Table:
    def __init__(self, floor: float, tui_floor: float = 0.0) -> None:
        self.floors = {"cli": floor, "tui": tui_floor or floor}
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, size: int | str, what: str, seconds: float, peak: float,
            target: float | None = None, floor: str | None = "cli") -> None:
        """One row; the ratio is to `floor` ("cli", "tui", or None for in-process latencies),
        measured in this run.

        With a target (seconds): whether it holds in seconds, or else as a ratio to the
        floor (the target over the issue's floor for the same thing, against this machine's).
        """
        base = self.floors[floor] if floor else 0.0
        ratio = f"{seconds / base:.1f}x" if base else "-"
        verdict = ""
        if target is not None:
            unit = f"{target * 1000:.0f} ms" if target < 1 else f"{target:g} s"
            if floor is None:
                verdict = f"≤ {unit}: {'holds' if seconds <= target else 'missed'}"
            else:
                allowed = target / ISSUE_FLOOR[floor]
                held = ("holds" if seconds <= target else "holds as ratio"
                        if seconds / base <= allowed else "missed")
                verdict = f"≤ {unit} (≤ {allowed:.1f}x {floor} floor): {held}"
        self.rows.append((f"{size:,}" if isinstance(size, int) else size, what,
                          f"{seconds * 1000:8.0f} ms", f"{ratio:>6} {peak:6.0f} MiB", verdict))
        print(f"  {self.rows[-1][0]:>8}  {what:44s} {self.rows[-1][2]}  {self.rows[-1][3]}  {verdict}",
              flush=True)

    def markdown(self) -> str:
        lines = ["| papers | operation | median | × floor | peak memory | target |",
                 "|---:|---|---:|---:|---:|---|"]
        for size, what, ms, rest, target in self.rows:
            ratio, peak = rest.split(maxsplit=1)
            lines.append(f"| {size} | {what} | {ms.strip()} | {ratio} | {peak.strip()} | {target} |")
        return "\n".join(lines)


def bench_imports(table: Table, runs: int) -> None:
    seeds = sorted(p for p in SEEDS.glob("*") if p.is_file()) if SEEDS.is_dir() else []
    if seeds:
        def seed_import() -> tuple[float, float]:
            home = Path(tempfile.mkdtemp(prefix="readlist-bench-"))
            try:
                return timed([*READLIST, "import", *map(str, seeds)], env_for(home))
            finally:
                shutil.rmtree(home, ignore_errors=True)

        t, peak = median_of(runs, seed_import)
        table.add("seeds", f"import the 5 seeds (205 papers, {205 / t:,.0f} papers/s)", t, peak)
    digest = CACHE / "daily-10000.md"
    if not digest.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        digest.write_text(synth.daily_markdown(10_000), encoding="utf-8")

    def big_import() -> tuple[float, float]:
        home = Path(tempfile.mkdtemp(prefix="readlist-bench-"))
        try:
            return timed([*READLIST, "import", str(digest)], env_for(home))
        finally:
            shutil.rmtree(home, ignore_errors=True)

    t, peak = median_of(runs, big_import)
    table.add("10,000", f"import a 10,000-paper digest ({10_000 / t:,.0f} papers/s)", t, peak,
              1.5)


CLI_TARGETS: dict[int, dict[str, float]] = {
    10_000: {op: 0.25 for op in ("list", "word", "show", "mark", "tag1", "tag")},
    100_000: {"list": 0.6, "word": 2.0, "show": 0.6, "mark": 0.3,
              "tag1": 0.3},
}


def target(size: int, op: str) -> float | None:
    return CLI_TARGETS.get(size, {}).get(op)


def bench_cli(table: Table, size: int, runs: int) -> None:
    home = library(size)
    env = env_for(home)
    table.add(size, "list --limit 50", *median_of(runs, lambda: timed(
        [*READLIST, "list", "--limit", "50"], env)), target(size, "list"))
    table.add(size, "list reasoning  (full text, abstracts)", *median_of(runs, lambda: timed(
        [*READLIST, "list", "reasoning", "--limit", "50"], env)), target(size, "word"))
    table.add(size, "show KEY", *median_of(runs, lambda: timed(
        [*READLIST, "show", synth.key_of(size // 2)], env)), target(size, "show"))
    copy = working_copy(home)
    try:
        wenv = env_for(copy)
        states = iter(["read", "unread"] * runs)
        table.add(size, "mark read KEY", *median_of(runs, lambda: timed(
            [*READLIST, "mark", next(states), synth.key_of(size // 3)], wenv)), target(size, "mark"))
        ones = iter(f"one{i}" for i in range(runs))
        table.add(size, "tag x KEY  (one paper)", *median_of(runs, lambda: timed(
            [*READLIST, "tag", next(ones), synth.key_of(size // 4)], wenv)), target(size, "tag1"))
        query = synth.query_matching(size, 1_000)
        tags = iter(f"x{i}" for i in range(runs))
        table.add(size, "tag x --where <~1,000 papers>", *median_of(runs, lambda: timed(
            [*READLIST, "tag", next(tags), "--where", query], wenv)), target(size, "tag"))
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)


def bench_tui(table: Table, size: int) -> None:
    import tui_bench

    home = working_copy(library(size))
    try:
        figures = tui_bench.measure(home)
    finally:
        shutil.rmtree(home.parent, ignore_errors=True)
    goals: tuple[float | None, ...] = {
        10_000: (0.4, None, None, None),
        100_000: (1.5, 0.05, 0.05, 0.1),
    }.get(size, (None, None, None, None))
    peak = figures["peak_mib"]
    table.add(size, "TUI: process start to first paint of the list", figures["first_paint"],
              figures["first_paint_peak_mib"], goals[0], floor="tui")
    table.add(size, "TUI: filter keystroke, word (first answer)", figures["keystroke"], peak,
              goals[1], floor=None)
    table.add(size, "TUI: filter keystroke, word (full-text answer)", figures["keystroke_full"],
              peak, floor=None)
    table.add(size, "TUI: filter, field query", figures["field_query"], peak, goals[2],
              floor=None)
    table.add(size, "TUI: triage key to saved change", figures["triage_save"], peak, goals[3],
              floor=None)


TUI_FLOOR = "import textual.app, typer, rich.console, tinydb, httpx"


def main() -> int:
    parser = argparse.ArgumentParser(description="readlist benchmarks")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-tui", action="store_true")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    # An installed readlist has bytecode; a checkout run with PYTHONDONTWRITEBYTECODE would
    # otherwise recompile every module on every start and measure the compiler.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "readlist")], check=True,
                   stdout=subprocess.DEVNULL)
    floor, floor_peak = median_of(args.runs, lambda: timed(
        [PYTHON, "-c", "import typer, rich.console, tinydb"], dict(os.environ)))
    tui_floor, tui_floor_peak = median_of(args.runs, lambda: timed(
        [PYTHON, "-c", TUI_FLOOR], dict(os.environ)))
    print(f"floor (python -c 'import typer, rich.console, tinydb'): {floor * 1000:.0f} ms, "
          f"{floor_peak:.0f} MiB; TUI floor ({TUI_FLOOR}): {tui_floor * 1000:.0f} ms; "
          f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}; "
          f"load average {os.getloadavg()[0]:.1f}")
    table = Table(floor, tui_floor)
    table.add("-", "floor: python -c 'import typer, rich.console, tinydb'", floor, floor_peak)
    table.add("-", "TUI floor: python -c 'import textual.app, typer, …, httpx'", tui_floor,
              tui_floor_peak, floor="tui")
    bench_imports(table, args.runs)
    for size in sizes:
        bench_cli(table, size, args.runs)
        if not args.no_tui:
            bench_tui(table, size)
    if args.markdown:
        args.markdown.write_text(table.markdown() + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
