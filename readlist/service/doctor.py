"""`readlist doctor`: check the library on disk and repair it.

Checks, in order: the manifest and every file it names (size, checksum, JSON), then the
references between records (every paper in the listing, key and title indexes and the
full-text index; no state, details or index entry for a paper that does not exist; no
paper pointing at a digest that does not exist; id counters ahead of every id).

Repairs, only on request: damaged or missing files → restore the newest good backup;
stale derived indexes → rebuild them from the paper records; orphan records → remove them.
The user's state is never discarded for a paper that still exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readlist import libindex
from readlist.errors import LibraryError
from readlist.paths import Home
from readlist.service.records import search_text
from readlist.store_layout import SHARD_SIZE

Doc = dict[str, Any]

RESTORE = "restore"
REINDEX = "reindex"
PRUNE = "prune"


@dataclass(frozen=True)
class Finding:
    """One problem: what is wrong and which repair fixes it."""

    message: str
    repair: str


@dataclass
class Checkup:
    """The result of a check: counts of what was examined and what is wrong."""

    generation: int = 0
    papers: int = 0
    digests: int = 0
    states: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.findings


def check(store: Any) -> Checkup:
    """Examine the library behind `store` (a readlist.store.Store) without changing it."""
    result = Checkup()
    problem = store.verify_current()
    if problem is not None:
        result.findings.append(Finding(problem, RESTORE))
        return result
    store.refresh()
    try:
        _check_references(store, result)
    except LibraryError as exc:
        result.findings.append(Finding(exc.message, RESTORE))
    return result


def _check_references(store: Any, result: Checkup) -> None:
    result.generation = store.generation
    papers = {int(k): v for k, v in store.papers().items()}
    digests = {int(k) for k in store.digests()}
    states = {int(k) for k in store.states()}
    result.papers, result.digests, result.states = len(papers), len(digests), len(states)
    add = result.findings.append

    table = store.index()
    indexed = set(table.cols["pid"])
    if indexed != set(papers) or len(indexed) != len(table):
        add(Finding(f"listing index holds {len(table)} rows for {len(papers)} papers", REINDEX))
    else:
        position = table.pos
        stale = sum(
            1 for pid, doc in papers.items()
            if tuple(table.cols[c][position[pid]] for c in libindex.COLUMNS)
            != libindex.entry(pid, doc)
        )
        if stale:
            add(Finding(f"listing index is out of date for {stale} papers", REINDEX))

    keys = store.keys()
    missing = [doc["key"] for doc in papers.values() if keys.get(doc.get("key")) is None]
    dangling = [k for k, pid in keys.items() if pid not in papers]
    if missing or dangling:
        add(Finding(f"key index: {len(missing)} keys missing, {len(dangling)} point nowhere",
                    REINDEX))
    titles = store.titles()
    if any(pid not in papers for pids in titles.values() for pid in pids):
        add(Finding("title index points at papers that do not exist", REINDEX))

    searched = set()
    for component in store.head.get("files", {}):
        if component.startswith("search-"):
            searched.update(store.search_files.lines(int(component[7:])))
    if searched != set(papers):
        add(Finding(f"full-text index covers {len(searched & set(papers))} of {len(papers)} "
                    f"papers and {len(searched - set(papers))} removed ones", REINDEX))

    orphan_states = states - set(papers)
    if orphan_states:
        add(Finding(f"{len(orphan_states)} state records belong to no paper", PRUNE))
    orphan_details = _detail_pids(store) - set(papers)
    if orphan_details:
        add(Finding(f"{len(orphan_details)} detail records belong to no paper", PRUNE))
    dangling_digests = sum(
        1 for doc in papers.values() if any(d not in digests for d in doc.get("digests", ()))
    )
    if dangling_digests:
        add(Finding(f"{dangling_digests} papers refer to digests that do not exist", PRUNE))

    head = store.head
    if papers and int(head.get("next_pid", 1)) <= max(papers):
        add(Finding("the paper id counter is behind the papers", REINDEX))
    if digests and int(head.get("next_did", 1)) <= max(digests):
        add(Finding("the digest id counter is behind the digests", REINDEX))


def _detail_pids(store: Any) -> set[int]:
    pids: set[int] = set()
    for component in store.head.get("files", {}):
        if component.startswith("details-"):
            shard = int(component[8:])
            pids.update(store.details(range(shard * SHARD_SIZE, (shard + 1) * SHARD_SIZE)))
    return pids


@dataclass
class DoctorReport:
    """What `readlist doctor` found, what it repaired, and the check after the repair."""

    library: Path
    found: Checkup
    repaired: list[str]
    after: Checkup
    backups: list[str]


def run(home: Home, *, repair_it: bool = False) -> DoctorReport:
    """Check the library of `home` and, with `repair_it`, repair it and check it again."""
    from readlist.store import Store  # a damaged library is opened without a Library

    store = Store(home.library)
    found = check(store)
    done: list[str] = []
    after = found
    if repair_it and not found.healthy:
        done = repair(store, found)
        after = check(Store(store.root))  # from the disk, as the next command will see it
    return DoctorReport(store.root, found, done, after,
                        [b.describe() for b in store.backups()[:5]])


def repair(store: Any, result: Checkup | None = None) -> list[str]:
    """Fix what `check` finds (`result`, when the caller just checked). Returns what was
    done, one line each."""
    done: list[str] = []
    result = check(store) if result is None else result
    if any(f.repair == RESTORE for f in result.findings):
        backup = store.newest_good_backup()
        if backup is None:
            raise LibraryError("the library is damaged and no good backup was found")
        generation = store.restore(backup)
        done.append(f"restored {backup.describe()} as generation {generation}")
        result = check(store)
    if not result.findings:
        return done
    with store.transaction() as tx:
        papers = {int(k): v for k, v in store.papers().items()}
        digests = {int(k) for k in store.digests()}
        if any(f.repair == PRUNE for f in result.findings):
            pruned = 0
            for key in list(store.states()):
                if int(key) not in papers:
                    tx.discard(int(key))
                    pruned += 1
            for pid in _detail_pids(store) - set(papers):
                tx.discard(pid)
                pruned += 1
            for pid, doc in papers.items():
                kept = [d for d in doc.get("digests", ()) if d in digests]
                if kept != list(doc.get("digests", ())):
                    papers[pid] = {
                        **doc,
                        "digests": kept,
                        "prov": [p for p in doc.get("prov", ()) if p.get("digest") in digests],
                    }
                    tx.put_paper(pid, papers[pid])
                    pruned += 1
            done.append(f"removed {pruned} orphan or dangling records")
        count = tx.rebuild_indexes(search_text)
        tx.next_pid = max([tx.next_pid, *(p + 1 for p in papers)])
        tx.next_did = max([tx.next_did, *(d + 1 for d in digests)])
        done.append(f"rebuilt the key, title, listing and full-text indexes of {count} papers")
    return done
