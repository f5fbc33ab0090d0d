"""Crash and concurrency harnesses shared by the test suite (fast subset) and bench/ (full).

Crash: a child process performs acknowledged writes (it prints ACK after each commit
returns, like a command exiting 0) and is SIGKILLed at a random moment. Afterwards the
library must load, pass `doctor`'s check, and hold every acknowledged write.

Concurrency: several processes update the same library at once; nothing may be lost.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from readlist.ids import ArxivId
from readlist.importers.base import DigestDraft, PaperDraft
from readlist.paths import Home
from readlist.service import Library
from readlist.service.doctor import check
from readlist.service.import_report import ParsedSource, content_hash

PAPERS = 40


def seed_library(home: Path, papers: int = PAPERS) -> list[int]:
    """A small library to write into; returns its paper ids."""
    lib = Library(Home.at(home))
    drafts = [
        PaperDraft(title=f"Seed paper {i}", arxiv=ArxivId(f"2401.{i:05d}"), abstract=f"seed {i}")
        for i in range(1, papers + 1)
    ]
    lib.apply_parsed([ParsedSource("/seed.md", "seed", content_hash("seed"),
                                   DigestDraft("post", drafts))])
    return lib.query_pids()


def _child(home: str, seed: int) -> None:
    """Write forever: each write prints BEGIN before and ACK after its commit."""
    rng = random.Random(seed)
    lib = Library(Home.at(Path(home)))
    pids = lib.query_pids()
    print("READY", flush=True)
    n = 0
    while True:
        n += 1
        kind = rng.choice(["tag", "tag", "note", "rate", "mark", "import"])
        if kind == "import":
            op = {"n": n, "kind": kind, "key": f"2402.{n:05d}"}
        else:
            op = {"n": n, "kind": kind, "pid": rng.choice(pids), "value": f"v{n}"}
        print("BEGIN " + json.dumps(op), flush=True)
        if kind == "tag":
            lib.tag([op["pid"]], [op["value"]])
        elif kind == "note":
            lib.set_note(op["pid"], f"note {n}\nline two")
        elif kind == "rate":
            lib.rate([op["pid"]], ["🔴", "🔵", "🟡", "🟣"][n % 4])
        elif kind == "mark":
            lib.mark([op["pid"]], ["read", "reading", "skipped", "unread"][n % 4])
        else:
            draft = PaperDraft(title=f"Imported {n}", arxiv=ArxivId(op["key"]), abstract="x" * 500)
            lib.apply_parsed([ParsedSource(f"/i{n}.md", f"i{n}", content_hash(str(n)),
                                           DigestDraft("hf-daily", [draft]))])
        print("ACK " + json.dumps(op), flush=True)


@dataclass
class TrialResult:
    acked: int
    problems: list[str] = field(default_factory=list)


def crash_trial(home: Path, rng: random.Random, max_delay: float = 0.4) -> TrialResult:
    """Start a writer, SIGKILL it after a random delay, then verify the library."""
    proc = subprocess.Popen(
        [sys.executable, "-c",
         f"from tests.reliability.harness import _child; _child({str(home)!r}, {rng.randrange(10**9)})"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.stdout is not None
    ready = proc.stdout.readline()  # the writer has loaded the library; now kill at random
    time.sleep(rng.uniform(0.0, max_delay))
    os.kill(proc.pid, signal.SIGKILL)
    out, err = proc.communicate()
    out = ready + out
    acked = [json.loads(line[4:]) for line in out.splitlines() if line.startswith("ACK ")]
    begun = [json.loads(line[6:]) for line in out.splitlines() if line.startswith("BEGIN ")]
    in_flight = begun[-1] if begun and (not acked or begun[-1]["n"] != acked[-1]["n"]) else None
    result = TrialResult(len(acked))
    if "Traceback" in err and "KeyboardInterrupt" not in err:
        result.problems.append("writer failed before the kill: " + err.strip().splitlines()[-1])
    try:
        lib = Library(Home.at(home))
        checkup = check(lib.store)
        result.problems.extend(f.message for f in checkup.findings)
        _verify_acked(lib, acked, in_flight, result)
    except Exception as exc:  # the library must always load
        result.problems.append(f"library does not load: {type(exc).__name__}: {exc}")
    return result


def _verify_acked(lib: Library, acked: list[dict], in_flight: dict | None, result: TrialResult) -> None:
    """Every acknowledged write is present (the latest per paper and field wins)."""
    expected_notes: dict[int, int] = {}
    expected_rating: dict[int, int] = {}
    expected_mark: dict[int, int] = {}
    for op in acked:
        if op["kind"] == "tag":
            paper = lib.paper(op["pid"], details=False)
            if op["value"] not in paper.user.tags:
                result.problems.append(f"acknowledged tag {op['value']} lost")
        elif op["kind"] == "import":
            try:
                lib.resolve(op["key"])
            except Exception:
                result.problems.append(f"acknowledged import of {op['key']} lost")
        else:
            table = {"note": expected_notes, "rate": expected_rating, "mark": expected_mark}
            table[op["kind"]][op["pid"]] = op["n"]
    maybe = in_flight["n"] if in_flight else None
    for pid, n in expected_notes.items():
        got = lib.paper(pid, details=False).user.notes
        allowed = {f"note {n}\nline two\n"}
        if maybe and in_flight and in_flight.get("pid") == pid and in_flight["kind"] == "note":
            allowed.add(f"note {maybe}\nline two\n")
        if got not in allowed:
            result.problems.append(f"acknowledged note {n} on paper {pid} lost (found {got!r})")
    for table, kind, values in (
        (expected_rating, "rate", ["🔴", "🔵", "🟡", "🟣"]),
        (expected_mark, "mark", ["read", "reading", "skipped", "unread"]),
    ):
        for pid, n in table.items():
            user = lib.paper(pid, details=False).user
            got = user.rating if kind == "rate" else user.state.value
            allowed = {values[n % 4]}
            if in_flight and in_flight.get("pid") == pid and in_flight["kind"] == kind:
                allowed.add(values[in_flight["n"] % 4])
            if got not in allowed:
                result.problems.append(f"acknowledged {kind} #{n} on paper {pid} lost ({got})")


def _worker(home: str, worker: int, updates: int, long_lived: bool) -> None:
    """One concurrent writer: `updates` tags, each on its own transaction; prints max wait."""
    lib = Library(Home.at(Path(home)))
    pids = lib.query_pids()
    worst = 0.0
    for i in range(updates):
        if not long_lived:
            lib = Library(Home.at(Path(home)))  # a fresh CLI process per command
        start = time.perf_counter()
        lib.tag([pids[(worker * 7 + i) % len(pids)]], [f"w{worker}-{i}"])
        worst = max(worst, time.perf_counter() - start)
    print(json.dumps({"worker": worker, "worst": worst}), flush=True)


def run_concurrency(home: Path, workers: int = 4, updates: int = 100) -> tuple[list[str], float]:
    """`workers` processes (the first long-lived, like the TUI) each tag `updates` times."""
    root = Path(__file__).resolve().parents[2]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c",
             f"from tests.reliability.harness import _worker; "
             f"_worker({str(home)!r}, {w}, {updates}, {w == 0})"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=root,
        )
        for w in range(workers)
    ]
    problems: list[str] = []
    worst = 0.0
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            proc.kill()
            problems.append("a writer deadlocked (no exit within 300 s)")
            continue
        if proc.returncode != 0:
            problems.append(f"a writer failed: {err.strip().splitlines()[-1] if err else proc.returncode}")
            continue
        worst = max(worst, json.loads(out.strip().splitlines()[-1])["worst"])
    lib = Library(Home.at(home))
    problems.extend(f.message for f in check(lib.store).findings)
    tags = lib.tag_counts()
    missing = [f"w{w}-{i}" for w in range(workers) for i in range(updates) if f"w{w}-{i}" not in tags]
    if missing:
        problems.append(f"{len(missing)} acknowledged updates lost, e.g. {missing[:3]}")
    return problems, worst
