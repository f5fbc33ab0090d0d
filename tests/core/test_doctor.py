"""`doctor`: it finds damaged files and broken references, and its repairs fix them."""

from __future__ import annotations

import json
from pathlib import Path

from readlist.service import Library
from readlist.service.doctor import PRUNE, REINDEX, RESTORE, check, repair
from tests.core.conftest import digest, paper


def _library(lib: Library) -> None:
    lib.apply_parsed([digest("post", [paper(f"Paper number {i}", f"2401.0000{i}", abstract=f"abs {i}")
                                      for i in range(1, 5)], "/d/p.md")])
    lib.mark(lib.query_pids()[:2], "read")


def test_a_healthy_library_has_no_findings(lib: Library) -> None:
    _library(lib)
    result = check(lib.store)
    assert result.healthy, result.findings
    assert (result.papers, result.digests, result.states) == (4, 1, 2)


def test_a_damaged_file_is_restored_from_the_newest_good_backup(lib: Library) -> None:
    _library(lib)
    store = lib.store
    shard = store.data_dir / store.head["files"]["papers-0000"]["name"]
    shard.write_bytes(shard.read_bytes()[:40])
    fresh = Library(lib.home, durable=False)
    assert [f.repair for f in check(fresh.store).findings] == [RESTORE]
    done = repair(fresh.store)
    assert done and done[0].startswith("restored snapshot")
    again = Library(lib.home, durable=False)
    assert check(again.store).healthy
    assert len(again.query_pids()) == 4  # the papers came back from the snapshot


def test_a_missing_head_is_repaired(lib: Library) -> None:
    _library(lib)
    (lib.store.root / "HEAD.json").unlink()
    fresh = Library(lib.home, durable=False)
    assert check(fresh.store).findings[0].repair == RESTORE
    repair(fresh.store)
    assert len(Library(lib.home).query_pids()) == 4


def test_a_stale_index_is_rebuilt(lib: Library) -> None:
    _library(lib)
    store = lib.store
    first = json.loads((store.manifest_dir / f"{1:010d}.json").read_text())
    lib.apply_parsed([digest("post", [paper("A later paper", "2402.00001")], "/d/q.md")])
    head_path: Path = store.head_path
    head = json.loads(head_path.read_text())
    head["files"]["index"] = first["files"]["index"]  # an older, intact, but stale index
    head_path.write_text(json.dumps(head))
    fresh = Library(lib.home, durable=False)
    assert REINDEX in {f.repair for f in check(fresh.store).findings}
    assert len(fresh.query_pids()) == 4  # the stale index hides the new paper
    repair(fresh.store)
    again = Library(lib.home, durable=False)
    assert check(again.store).healthy
    assert len(again.query_pids()) == 5
    assert again.query_pids("is:read") == lib.query_pids("is:read")  # user state kept


def test_orphan_state_is_pruned(lib: Library) -> None:
    _library(lib)
    with lib.store.transaction() as tx:
        tx.put_state(999, {"state": "read"})
    assert PRUNE in {f.repair for f in check(lib.store).findings}
    repair(lib.store)
    result = check(Library(lib.home).store)
    assert result.healthy and result.states == 2
