"""The store: atomic generations, locking across processes, corruption detection, backups."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from readlist.backups import KEEP_GENERATIONS
from readlist.errors import LibraryError
from readlist.store import MIGRATIONS, Store, Transaction


def _put(store: Store, n: int) -> list[int]:
    pids = []
    with store.transaction() as tx:
        for i in range(n):
            pid = tx.new_pid()
            tx.put_paper(pid, {"key": f"k{pid}", "title": f"Paper {i}", "aliases": []})
            tx.put_details(pid, {"abstract": f"abstract number {i}"}, f"Paper {i} abstract number {i}")
            pids.append(pid)
    return pids


def test_empty_library_reads_as_empty(tmp_path: Path) -> None:
    store = Store(tmp_path / "library")
    assert store.papers() == {}
    assert store.generation == 0
    assert not (tmp_path / "library").exists()  # reading never creates files


def test_commit_is_visible_to_a_new_reader(tmp_path: Path) -> None:
    store = Store(tmp_path, durable=False)
    pids = _put(store, 3)
    fresh = Store(tmp_path)
    assert sorted(int(k) for k in fresh.papers()) == pids
    assert fresh.keys() == {f"k{p}": p for p in pids}
    assert fresh.details([pids[1]])[pids[1]]["abstract"] == "abstract number 1"


def test_triage_write_does_not_rewrite_bulky_files(tmp_path: Path) -> None:
    store = Store(tmp_path, durable=False)
    pids = _put(store, 5)
    before = dict(store.head["files"])
    with store.transaction() as tx:
        tx.put_state(pids[0], {"state": "read"})
    after = store.head["files"]
    changed = {c for c in after if before.get(c) != after[c]}
    assert changed == {"state-0000"}


def test_failed_transaction_writes_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path, durable=False)
    _put(store, 2)
    generation = store.generation
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.put_state(1, {"state": "read"})
        raise RuntimeError("boom")
    assert Store(tmp_path).generation == generation
    assert Store(tmp_path).states() == {}


def test_search_finds_any_script_casefolded(tmp_path: Path) -> None:
    store = Store(tmp_path, durable=False)
    with store.transaction() as tx:
        tx.put_paper(1, {"key": "a", "title": "T", "aliases": []})
        tx.put_details(1, {}, "Transformers 大規模言語モデル ÉCOLE")
        tx.put_paper(2, {"key": "b", "title": "T", "aliases": []})
        tx.put_details(2, {}, "diffusion")
    hits = store.search_files.search(["transformers", "言語", "école", "nothing"])
    assert hits == [{1}, {1}, {1}, set()]


def test_delete_removes_every_record(tmp_path: Path) -> None:
    store = Store(tmp_path, durable=False)
    pids = _put(store, 2)
    with store.transaction() as tx:
        tx.put_state(pids[0], {"state": "read"})
    with store.transaction() as tx:
        tx.delete_paper(pids[0])
    fresh = Store(tmp_path)
    assert str(pids[0]) not in fresh.papers()
    assert str(pids[0]) not in fresh.states()
    assert fresh.details([pids[0]]) == {}
    assert fresh.lookup_key(f"k{pids[0]}") is None
    assert fresh.search_files.search(["number 0"]) == [set()]


def test_snapshots_are_independent_copies(tmp_path: Path) -> None:
    store = Store(tmp_path, durable=False)
    _put(store, 2)
    snapshot = store.snapshots()[0]
    live = tmp_path / "data" / store.head["files"]["papers-0000"]["name"]
    copy = snapshot / live.name
    assert copy.read_bytes() == live.read_bytes()
    assert copy.stat().st_ino != live.stat().st_ino  # damage to one never reaches the other


def test_old_generations_are_kept_as_backups_and_collected(tmp_path: Path) -> None:
    store = Store(tmp_path, durable=False)
    _put(store, 1)
    for i in range(KEEP_GENERATIONS + 5):
        with store.transaction() as tx:
            tx.put_state(1, {"state": "read", "n": i})
    manifests = sorted((tmp_path / "manifests").glob("*.json"))
    assert len(manifests) == KEEP_GENERATIONS
    referenced = set()
    for m in manifests:
        referenced |= {e["name"] for e in json.loads(m.read_text())["files"].values()}
    on_disk = {p.name for p in (tmp_path / "data").iterdir()}
    assert on_disk == referenced  # nothing unreferenced left behind, nothing referenced lost


def test_truncated_file_is_reported_with_the_newest_good_backup(tmp_path: Path) -> None:
    store = Store(tmp_path, durable=False)
    _put(store, 3)
    with store.transaction() as tx:
        tx.put_state(1, {"state": "read"})
    state_file = tmp_path / "data" / store.head["files"]["state-0000"]["name"]
    state_file.write_bytes(state_file.read_bytes()[:5])
    with pytest.raises(LibraryError) as err:
        Store(tmp_path).states()
    message = str(err.value)
    assert state_file.name in message
    assert "newest good backup: snapshot 1" in message
    assert "\n" not in message


def test_missing_head_with_backups_is_an_error_not_an_empty_library(tmp_path: Path) -> None:
    store = Store(tmp_path, durable=False)
    _put(store, 1)
    (tmp_path / "HEAD.json").unlink()
    with pytest.raises(LibraryError, match=r"HEAD\.json is missing"):
        Store(tmp_path).papers()


def test_restore_makes_a_backup_current_again(tmp_path: Path) -> None:
    store = Store(tmp_path, durable=False)
    _put(store, 2)
    with store.transaction() as tx:
        tx.put_state(1, {"state": "read"})
    # Generations 1 and 2 share the catalog file; damaging it breaks both, but the
    # independent snapshot of generation 1 still holds a good copy.
    (tmp_path / "data" / store.head["files"]["papers-0000"]["name"]).write_bytes(b"{")
    broken = Store(tmp_path)
    assert broken.verify_current() is not None
    backup = broken.newest_good_backup()
    assert backup is not None and backup.kind == "snapshot"
    generation = broken.restore(backup)
    again = Store(tmp_path)
    assert again.verify_current() is None
    assert again.generation == generation
    assert len(again.papers()) == 2


def _set_schema(root: Path, schema: int) -> int:
    """Rewrite HEAD.json as if a readlist of another schema had written it; its generation."""
    head = json.loads((root / "HEAD.json").read_text())
    head["schema"] = schema
    (root / "HEAD.json").write_text(json.dumps(head))
    return int(head["generation"])


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path, durable=False)
    _put(store, 1)
    _set_schema(tmp_path, 99)
    with pytest.raises(LibraryError, match="newer readlist"):
        Store(tmp_path).papers()


def test_migration_hook_runs_once_on_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path, durable=False)
    _put(store, 1)
    head = json.loads((tmp_path / "HEAD.json").read_text())
    head["schema"] = 0
    (tmp_path / "HEAD.json").write_text(json.dumps(head))
    calls: list[int] = []

    def upgrade(tx: Transaction) -> None:
        calls.append(1)
        doc = dict(tx.paper(1) or {})
        doc["migrated"] = True
        tx.put_paper(1, doc)

    monkeypatch.setitem(MIGRATIONS, 0, upgrade)
    fresh = Store(tmp_path, durable=False)
    with fresh.transaction():
        pass
    with fresh.transaction():
        pass
    assert calls == [1]
    assert Store(tmp_path).papers()["1"]["migrated"] is True


def _writer(root: str, worker: int, count: int) -> None:
    store = Store(Path(root), durable=False)
    for i in range(count):
        with store.transaction() as tx:
            pid = worker * 1000 + i + 1
            tx.put_state(1, {**(tx.state(1) or {}), f"w{worker}": i})
            tx.put_state(pid, {"state": "read", "by": worker})


def test_concurrent_processes_lose_no_update(tmp_path: Path) -> None:
    store = Store(tmp_path, durable=False)
    _put(store, 1)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), w, 25)) for w in range(1, 4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    states = Store(tmp_path).states()
    # Every process's every write survived, including the read-modify-write of paper 1.
    assert states["1"] == {"w1": 24, "w2": 24, "w3": 24}
    assert len(states) == 1 + 3 * 25


def test_search_among_candidates_matches_a_full_search(tmp_path: Path) -> None:
    store = Store(tmp_path, durable=False)
    with store.transaction() as tx:
        for pid in range(1, 3000):  # two shards
            tx.put_paper(pid, {"key": f"k{pid}", "title": "t", "aliases": []})
            tx.put_details(pid, {}, f"paper {pid} " + ("attention" if pid % 3 == 0 else "diffusion"))
    full = store.search_files.search(["attention", "paper 2"])
    some = {3, 6, 7, 2048, 2049, 2052, 2999}
    assert store.search_files.search(["attention", "paper 2"], some) == [full[0] & some, full[1] & some]
    assert 2 in full[1] and 2999 in full[1]  # "paper 2" never matches the id column


def test_triage_commits_never_wait_on_a_big_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from readlist import backups
    from readlist import store as store_module

    monkeypatch.setattr(store_module, "BULK_PAPERS", 2)
    store = Store(tmp_path, durable=False)
    _put(store, 2)  # bulk: snapshotted at once
    assert len(store.snapshots()) == 1
    monkeypatch.setattr(backups, "SNAPSHOT_INTERVAL", 0.0)
    monkeypatch.setattr(backups, "SMALL_SNAPSHOT", 0)
    with store.transaction() as tx:
        tx.put_state(1, {"state": "read"})
    assert len(store.snapshots()) == 1  # too much new data for a triage commit: deferred
    _put(store, 1)
    assert len(store.snapshots()) == 1  # adding one paper is not bulk either
    _put(store, 2)
    assert len(store.snapshots()) == 2  # the next bulk commit catches up


def test_an_older_library_is_upgraded_before_it_is_read(tmp_path: Path) -> None:
    store = Store(tmp_path, durable=False)
    _put(store, 3)
    generation = _set_schema(tmp_path, 1)
    fresh = Store(tmp_path, durable=False)
    assert len(fresh.index()) == 3
    upgraded = json.loads((tmp_path / "HEAD.json").read_text())
    assert upgraded["schema"] == 2 and upgraded["generation"] == generation + 1
    assert isinstance(fresh.index().cols["added"][0], int)
