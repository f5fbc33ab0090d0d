"""The library on disk: TinyDB documents in immutable, generation-numbered files.

The only module that imports tinydb.

Layout of `<home>/library/`::

    HEAD.json                   the current manifest; replacing it atomically is the commit
    manifests/<generation>.json the last KEEP_GENERATIONS manifests (cheap undo points that
                                share unchanged files with later generations)
    backups/<generation>/       rotating snapshots: independent, verified copies of every
                                file of one generation (incremental: a file already copied
                                into the previous snapshot is hard-linked from there, never
                                from the live folder), at most one per SNAPSHOT_INTERVAL
    data/<component>.<gen>.json immutable TinyDB files (orjson-encoded)
    data/search-NNNN.<gen>.txt  the full-text index of one shard (derived, rebuildable)
    lock                        the inter-process write lock

Components, so that a triage action never rewrites bulky metadata:

- ``catalog``: lean paper records (``papers``), ``digests``, ``meta``;
- ``keys``: library key/alias → paper id, so one-paper commands need not read the catalog;
- ``state``: the user's state per paper (small, often changed);
- ``shard-NNNN``: bulky imported text (authors, abstracts, summaries, digest notes) of
  papers ``NNNN*SHARD_SIZE`` … ``(NNNN+1)*SHARD_SIZE-1``;
- ``search-NNNN``: one casefolded line of searchable text per paper of that shard.

A commit writes only the components it changed, as new files, then a new manifest, then
renames it over HEAD.json. Readers never lock: they read HEAD.json and the files it names,
which never change. Writers hold the lock, reload whatever another process committed since
they last looked, apply their change to that fresh data, and commit: no lost updates.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from readlist.errors import LibraryError
from readlist.storage import LibraryLock, atomic_write_bytes

SCHEMA_VERSION = 1
SHARD_SIZE = 2048
KEEP_GENERATIONS = 12
KEEP_SNAPSHOTS = 8
SNAPSHOT_INTERVAL = 600.0
FORMAT = "readlist-library"

Doc = dict[str, Any]

#: Schema migrations: MIGRATIONS[n] upgrades a library at schema n to n + 1, in a transaction.
MIGRATIONS: dict[int, Callable[[Transaction], None]] = {}


class CorruptLibrary(LibraryError):
    """A library file is missing, truncated or not valid; names the newest good backup."""


class _DocumentsStorage(Storage):
    """TinyDB storage holding one component's tables in memory.

    Files are immutable, so the store reads them once (orjson) and hands the decoded tables
    to TinyDB; writes stay in memory until the store commits them as a new file.
    """

    def __init__(self, data: dict[str, dict[str, Any]] | None = None) -> None:
        self._data: dict[str, dict[str, Any]] = data if data is not None else {}

    def read(self) -> dict[str, dict[str, Any]]:
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data


def _open_db(data: dict[str, dict[str, Any]] | None) -> TinyDB:
    return TinyDB(data, storage=_DocumentsStorage)


def _table(db: TinyDB, name: str) -> dict[str, Doc]:
    """The raw documents of a table, keyed by str(doc_id). Callers must not mutate them."""
    data = db.storage.read() or {}
    table = data.get(name)
    return table if table is not None else {}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def shard_of(pid: int) -> int:
    return pid // SHARD_SIZE


def _shard_name(shard: int) -> str:
    return f"shard-{shard:04d}"


def _search_name(shard: int) -> str:
    return f"search-{shard:04d}"


class Store:
    """Access to one library folder. Cheap to create; loads components on first use."""

    def __init__(self, root: Path, *, lock_timeout: float = 15.0, durable: bool = True) -> None:
        self.root = root
        self.data_dir = root / "data"
        self.manifest_dir = root / "manifests"
        self.backup_dir = root / "backups"
        self.head_path = root / "HEAD.json"
        self.durable = durable
        self.lock = LibraryLock(root / "lock", timeout=lock_timeout)
        self._head: Doc | None = None
        self._dbs: dict[str, tuple[str, TinyDB]] = {}
        self._search_cache: dict[str, tuple[str, bytes]] = {}
        #: Keep search files in memory between queries (the TUI filters on every keystroke).
        self.cache_search = False

    # -- manifest ---------------------------------------------------------------------------

    @property
    def head(self) -> Doc:
        if self._head is None:
            self._head = self._read_head()
        return self._head

    @property
    def generation(self) -> int:
        return int(self.head.get("generation", 0))

    def _empty_head(self) -> Doc:
        return {
            "format": FORMAT,
            "schema": SCHEMA_VERSION,
            "generation": 0,
            "next_pid": 1,
            "next_did": 1,
            "files": {},
        }

    def _read_head(self) -> Doc:
        try:
            raw = self.head_path.read_bytes()
        except FileNotFoundError:
            if self._has_leftovers():
                raise self._corrupt(f"{self.head_path} is missing") from None
            return self._empty_head()
        except OSError as exc:
            raise LibraryError(f"cannot read {self.head_path}: {exc.strerror}") from None
        try:
            head = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise self._corrupt(f"{self.head_path} is not valid JSON") from None
        if not isinstance(head, dict) or head.get("format") != FORMAT:
            raise self._corrupt(f"{self.head_path} is not a readlist manifest")
        schema = head.get("schema", 0)
        if not isinstance(schema, int) or schema > SCHEMA_VERSION:
            raise LibraryError(
                f"{self.root} was written by a newer readlist (schema {schema}); "
                f"this one reads schema {SCHEMA_VERSION}: upgrade readlist"
            )
        return head

    def _has_leftovers(self) -> bool:
        return self.manifest_dir.is_dir() and any(self.manifest_dir.glob("*.json"))

    def head_signature(self) -> tuple[int, int, int] | None:
        """A cheap fingerprint of HEAD.json; changes whenever any process commits."""
        try:
            st = os.stat(self.head_path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def refresh(self) -> bool:
        """Pick up commits made by other processes. Returns True when something changed."""
        old = self._head
        self._head = self._read_head()
        if old is not None and old.get("generation") == self._head.get("generation"):
            return False
        files = self._head.get("files", {})
        for component in list(self._dbs):
            if files.get(component, {}).get("name") != self._dbs[component][0]:
                del self._dbs[component]
        for component in list(self._search_cache):
            if files.get(component, {}).get("name") != self._search_cache[component][0]:
                del self._search_cache[component]
        return old is not None

    # -- loading components ----------------------------------------------------------------

    def _read_file(self, component: str) -> tuple[str, bytes] | None:
        entry = self.head.get("files", {}).get(component)
        if entry is None:
            return None
        name = entry["name"]
        path = self.data_dir / name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise self._corrupt(f"library file {path} is missing") from None
        except OSError as exc:
            raise LibraryError(f"cannot read {path}: {exc.strerror}") from None
        if len(data) != entry.get("size", len(data)):
            raise self._corrupt(
                f"library file {path} is truncated or damaged "
                f"({len(data)} bytes, expected {entry['size']})"
            )
        return name, data

    def _db(self, component: str) -> TinyDB:
        cached = self._dbs.get(component)
        if cached is not None:
            return cached[1]
        loaded = self._read_file(component)
        if loaded is None:
            db = _open_db({})
            self._dbs[component] = ("", db)
            return db
        name, data = loaded
        try:
            tables = orjson.loads(data)
        except orjson.JSONDecodeError:
            raise self._corrupt(f"library file {self.data_dir / name} is not valid JSON") from None
        if not isinstance(tables, dict):
            raise self._corrupt(f"library file {self.data_dir / name} is not a TinyDB document")
        db = _open_db(tables)
        self._dbs[component] = (name, db)
        return db

    def papers(self) -> dict[str, Doc]:
        """All lean paper records, keyed by str(pid). Read-only."""
        return _table(self._db("catalog"), "papers")

    def paper(self, pid: int) -> Doc | None:
        return self.papers().get(str(pid))

    def digests(self) -> dict[str, Doc]:
        """All digest records, keyed by str(digest id). Read-only."""
        return _table(self._db("catalog"), "digests")

    def states(self) -> dict[str, Doc]:
        """The user's state records (only papers the user or a digest rating touched)."""
        return _table(self._db("state"), "state")

    def keys(self) -> dict[str, int]:
        """Library keys and aliases → paper id."""
        doc = _table(self._db("keys"), "keys").get("1")
        return doc["map"] if doc else {}

    def details(self, pids: Iterable[int]) -> dict[int, Doc]:
        """Bulky imported text for the given papers (reads only the shards they live in)."""
        result: dict[int, Doc] = {}
        for pid in pids:
            table = _table(self._db(_shard_name(shard_of(pid))), "details")
            doc = table.get(str(pid))
            if doc is not None:
                result[pid] = doc
        return result

    def shard_count(self) -> int:
        return sum(1 for c in self.head.get("files", {}) if c.startswith("shard-"))

    def search(self, terms: list[str], pids: set[int] | None = None) -> list[set[int]]:
        """For each casefolded term, the papers whose indexed text contains it.

        Scans one shard's index at a time, so memory stays bounded on any library size.
        With `pids`, only shards holding those papers are read.
        """
        encoded = [t.encode("utf-8") for t in terms]
        hits: list[set[int]] = [set() for _ in terms]
        if not encoded:
            return hits
        shards = None if pids is None else {shard_of(p) for p in pids}
        for component in sorted(self.head.get("files", {})):
            if not component.startswith("search-"):
                continue
            if shards is not None and int(component[7:]) not in shards:
                continue
            blob = self._search_blob(component)
            if not any(term in blob for term in encoded):
                continue
            for line in blob.split(b"\n"):
                tab = line.find(b"\t")
                if tab < 0:
                    continue
                text = line[tab + 1 :]
                for i, term in enumerate(encoded):
                    if term in text:
                        hits[i].add(int(line[:tab]))
        return hits

    def _search_blob(self, component: str) -> bytes:
        cached = self._search_cache.get(component)
        if cached is not None:
            return cached[1]
        loaded = self._read_file(component)
        if loaded is None:
            return b""
        if self.cache_search:
            self._search_cache[component] = loaded
        return loaded[1]

    def search_lines(self, shard: int) -> dict[int, str]:
        """The index lines of one shard (used when rewriting it)."""
        blob = self._search_blob(_search_name(shard))
        lines: dict[int, str] = {}
        for line in blob.decode("utf-8").split("\n"):
            tab = line.find("\t")
            if tab > 0:
                lines[int(line[:tab])] = line[tab + 1 :]
        return lines

    # -- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, reload what others committed, yield a Transaction, commit it on success.

        An exception inside the block discards the transaction: nothing is written.
        """
        with self.lock.held():
            self.refresh()
            self._migrate_if_needed()
            tx = Transaction(self)
            yield tx
            if tx.dirty:
                self._commit(tx)

    def _migrate_if_needed(self) -> None:
        schema = int(self.head.get("schema", SCHEMA_VERSION))
        while schema < SCHEMA_VERSION:
            migrate = MIGRATIONS.get(schema)
            tx = Transaction(self)
            if migrate is not None:
                migrate(tx)
            tx.schema = schema + 1
            self._commit(tx)
            schema += 1

    def _commit(self, tx: Transaction) -> None:
        head = self.head
        generation = int(head.get("generation", 0)) + 1
        files: dict[str, Doc] = dict(head.get("files", {}))
        written: dict[str, tuple[str, TinyDB | bytes]] = {}
        try:
            for component, changes in tx.table_changes().items():
                db = self._db(component)
                for table_name, docs in changes.items():
                    table = db.table(table_name)
                    raw = _table(db, table_name)
                    gone = [int(k) for k in docs if str(k) in raw]
                    if gone:
                        table.remove(doc_ids=gone)
                    new = [Document(doc, doc_id=k) for k, doc in docs.items() if doc is not None]
                    if new:
                        table.insert_multiple(new)
                payload = orjson.dumps(db.storage.read())
                name = f"{component}.{generation}.json"
                self._write(name, payload, files, component)
                written[component] = (name, db)
            for shard, lines in tx.search_changes().items():
                component = _search_name(shard)
                current = self.search_lines(shard)
                for pid, text in lines.items():
                    if text is None:
                        current.pop(pid, None)
                    else:
                        current[pid] = text
                text_lines = "".join(f"{pid}\t{t}\n" for pid, t in sorted(current.items()))
                data = text_lines.encode("utf-8")
                name = f"{component}.{generation}.txt"
                self._write(name, data, files, component)
                written[component] = (name, data)
            new_head = {
                "format": FORMAT,
                "schema": tx.schema,
                "generation": generation,
                "committed_at": _now(),
                "next_pid": tx.next_pid,
                "next_did": tx.next_did,
                "files": files,
            }
            manifest = orjson.dumps(new_head, option=orjson.OPT_INDENT_2)
            atomic_write_bytes(
                self.manifest_dir / f"{generation:010d}.json", manifest, durable=self.durable
            )
            atomic_write_bytes(self.head_path, manifest, durable=self.durable)
        except BaseException:
            # In-memory tables may hold half-applied changes: forget them all.
            self._dbs.clear()
            self._search_cache.clear()
            self._head = None
            raise
        self._head = new_head
        for component, (name, obj) in written.items():
            if isinstance(obj, bytes):
                self._search_cache.pop(component, None)
                if self.cache_search:
                    self._search_cache[component] = (name, obj)
            else:
                self._dbs[component] = (name, obj)
        self._collect_garbage()
        self._maybe_snapshot()

    def _write(self, name: str, payload: bytes, files: dict[str, Doc], component: str) -> None:
        atomic_write_bytes(self.data_dir / name, payload, durable=self.durable)
        files[component] = {"name": name, "size": len(payload), "crc32": zlib.crc32(payload)}

    def _collect_garbage(self) -> None:
        """Keep the last KEEP_GENERATIONS manifests and every file they name; drop the rest."""
        try:
            manifests = sorted(self.manifest_dir.glob("*.json"))
        except OSError:
            return
        for old in manifests[:-KEEP_GENERATIONS]:
            with contextlib.suppress(OSError):
                old.unlink()
        keep: set[str] = set()
        for manifest in manifests[-KEEP_GENERATIONS:]:
            try:
                keep.update(e["name"] for e in orjson.loads(manifest.read_bytes())["files"].values())
            except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
                continue
        keep.update(e["name"] for e in self.head.get("files", {}).values())
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.data_dir):
                if entry.name not in keep:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    # -- snapshots -------------------------------------------------------------------------

    def snapshots(self) -> list[Path]:
        """Snapshot folders, newest first."""
        try:
            return sorted(
                (p for p in self.backup_dir.iterdir() if p.is_dir() and p.name.isdigit()),
                reverse=True,
            )
        except OSError:
            return []

    def _maybe_snapshot(self) -> None:
        existing = self.snapshots()
        if existing:
            try:
                age = time.time() - existing[0].stat().st_mtime
            except OSError:
                age = SNAPSHOT_INTERVAL
            if age < SNAPSHOT_INTERVAL:
                return
        with contextlib.suppress(OSError, CorruptLibrary):
            self.snapshot()

    def snapshot(self) -> Path:
        """Copy the current generation into backups/ (verifying every file as it goes)."""
        head = self.head
        generation = int(head.get("generation", 0))
        target = self.backup_dir / f"{generation:010d}"
        if target.exists():
            return target
        previous = next(iter(self.snapshots()), None)
        tmp = self.backup_dir / f".tmp-{generation}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        try:
            for entry in head.get("files", {}).values():
                name = entry["name"]
                if previous is not None and (previous / name).exists():
                    os.link(previous / name, tmp / name)
                    continue
                data = (self.data_dir / name).read_bytes()
                if len(data) != entry.get("size") or zlib.crc32(data) != entry.get("crc32"):
                    raise self._corrupt(f"library file {self.data_dir / name} is damaged")
                atomic_write_bytes(tmp / name, data, durable=self.durable)
            atomic_write_bytes(
                tmp / "manifest.json",
                orjson.dumps(head, option=orjson.OPT_INDENT_2),
                durable=self.durable,
            )
            os.replace(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        for old in self.snapshots()[KEEP_SNAPSHOTS:]:
            shutil.rmtree(old, ignore_errors=True)
        return target

    # -- integrity -------------------------------------------------------------------------

    def _corrupt(self, problem: str) -> CorruptLibrary:
        backup = self.newest_good_backup()
        if backup is None:
            hint = "no good backup was found"
        else:
            hint = f"newest good backup: {backup.describe()}; run `readlist doctor --repair`"
        return CorruptLibrary(f"{problem}; {hint}")

    def backups(self) -> list[Backup]:
        """Every restorable generation (kept manifests and snapshots), newest first, unverified."""
        found: list[Backup] = []
        sources = [(p, self.data_dir, "generation") for p in self.manifest_dir.glob("*.json")]
        sources += [(d / "manifest.json", d, "snapshot") for d in self.snapshots()]
        for path, folder, kind in sources:
            try:
                manifest = orjson.loads(path.read_bytes())
            except (OSError, orjson.JSONDecodeError):
                continue
            if isinstance(manifest, dict) and manifest.get("format") == FORMAT:
                found.append(Backup(manifest, folder, kind))
        # Newest first; for one generation, the independent snapshot copy first.
        found.sort(key=lambda b: (b.generation, b.kind == "snapshot"), reverse=True)
        return found

    def verify(self, backup: Backup) -> str | None:
        """None when every file of `backup` exists with its size and checksum, else why not."""
        for component, entry in backup.manifest.get("files", {}).items():
            path = backup.folder / entry["name"]
            try:
                data = path.read_bytes()
            except OSError:
                return f"{path} is missing"
            if len(data) != entry.get("size") or zlib.crc32(data) != entry.get("crc32"):
                return f"{path} is truncated or damaged"
            if not component.startswith("search-"):
                try:
                    orjson.loads(data)
                except orjson.JSONDecodeError:
                    return f"{path} is not valid JSON"
        return None

    def verify_current(self) -> str | None:
        """None when the current generation is intact, else what is wrong (HEAD included)."""
        try:
            head = self._read_head()
        except LibraryError as exc:
            return exc.message.split("; newest good backup")[0]
        return self.verify(Backup(head, self.data_dir, "generation"))

    def newest_good_backup(self) -> Backup | None:
        for backup in self.backups():
            if self.verify(backup) is None:
                return backup
        return None

    def restore(self, backup: Backup) -> int:
        """Make a verified backup current again, as a new generation; returns its number.

        Snapshot files are copied back into the live folder first. The damaged generation
        stays on disk until garbage collection removes it.
        """
        with self.lock.held():
            for entry in backup.manifest.get("files", {}).values():
                live = self.data_dir / entry["name"]
                if backup.folder == self.data_dir:
                    continue
                try:
                    intact = zlib.crc32(live.read_bytes()) == entry.get("crc32")
                except OSError:
                    intact = False
                if not intact:
                    data = (backup.folder / entry["name"]).read_bytes()
                    atomic_write_bytes(live, data, durable=self.durable)
            numbers = [b.generation for b in self.backups()]
            generation = max([0, *numbers]) + 1
            restored = {**backup.manifest, "generation": generation, "committed_at": _now()}
            data = orjson.dumps(restored, option=orjson.OPT_INDENT_2)
            atomic_write_bytes(
                self.manifest_dir / f"{generation:010d}.json", data, durable=self.durable
            )
            atomic_write_bytes(self.head_path, data, durable=self.durable)
            self._head = restored
            self._dbs.clear()
            self._search_cache.clear()
            return generation


class Backup:
    """A restorable generation: its manifest and the folder holding its files."""

    def __init__(self, manifest: Doc, folder: Path, kind: str) -> None:
        self.manifest = manifest
        self.folder = folder
        self.kind = kind

    @property
    def generation(self) -> int:
        return int(self.manifest.get("generation", 0))

    def describe(self) -> str:
        when = self.manifest.get("committed_at", "?")
        where = "snapshot" if self.kind == "snapshot" else "generation"
        return f"{where} {self.generation} ({when})"


class Transaction:
    """Changes made under the lock, committed together. Reads see this transaction's writes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        head = store.head
        self.schema = int(head.get("schema", SCHEMA_VERSION))
        self.next_pid = int(head.get("next_pid", 1))
        self.next_did = int(head.get("next_did", 1))
        self._papers: dict[int, Doc | None] = {}
        self._digests: dict[int, Doc | None] = {}
        self._states: dict[int, Doc | None] = {}
        self._details: dict[int, Doc | None] = {}
        self._search: dict[int, str | None] = {}
        self._meta: dict[int, Doc | None] = {}
        self._keys_dirty = False
        self._keys: dict[str, int] | None = None
        self.dirty = False

    # ids
    def new_pid(self) -> int:
        pid = self.next_pid
        self.next_pid += 1
        self.dirty = True
        return pid

    def new_did(self) -> int:
        did = self.next_did
        self.next_did += 1
        self.dirty = True
        return did

    # papers
    def paper(self, pid: int) -> Doc | None:
        if pid in self._papers:
            return self._papers[pid]
        return self.store.papers().get(str(pid))

    def iter_papers(self) -> Iterator[tuple[int, Doc]]:
        for key, doc in self.store.papers().items():
            pid = int(key)
            if pid in self._papers:
                continue
            yield pid, doc
        for pid, pending in self._papers.items():
            if pending is not None:
                yield pid, pending

    def put_paper(self, pid: int, doc: Doc) -> None:
        """Insert or replace a paper record; the key index follows its `key` and `aliases`."""
        old = self.paper(pid)
        self._papers[pid] = doc
        keys = self.keys()
        if old is not None:
            for k in [old.get("key"), *old.get("aliases", [])]:
                if k is not None and keys.get(k) == pid:
                    del keys[k]
        for k in [doc.get("key"), *doc.get("aliases", [])]:
            if k is not None:
                keys[k] = pid
        self._keys_dirty = True
        self.dirty = True

    def delete_paper(self, pid: int) -> None:
        """Remove a paper and everything of it: record, keys, state, details, index line."""
        old = self.paper(pid)
        if old is None:
            return
        keys = self.keys()
        for k in [old.get("key"), *old.get("aliases", [])]:
            if k is not None and keys.get(k) == pid:
                del keys[k]
        self._keys_dirty = True
        self._papers[pid] = None
        self._states[pid] = None
        self._details[pid] = None
        self._search[pid] = None
        self.dirty = True

    def keys(self) -> dict[str, int]:
        if self._keys is None:
            self._keys = dict(self.store.keys())
        return self._keys

    # user state
    def state(self, pid: int) -> Doc | None:
        if pid in self._states:
            return self._states[pid]
        return self.store.states().get(str(pid))

    def put_state(self, pid: int, doc: Doc | None) -> None:
        self._states[pid] = doc
        self.dirty = True

    def iter_states(self) -> Iterator[tuple[int, Doc]]:
        for key, doc in self.store.states().items():
            pid = int(key)
            if pid not in self._states:
                yield pid, doc
        for pid, pending in self._states.items():
            if pending is not None:
                yield pid, pending

    # bulky details + search text
    def details(self, pid: int) -> Doc | None:
        if pid in self._details:
            return self._details[pid]
        return self.store.details([pid]).get(pid)

    def put_details(self, pid: int, doc: Doc, search_text: str) -> None:
        self._details[pid] = doc
        self._search[pid] = " ".join(search_text.casefold().split())
        self.dirty = True

    # digests
    def digest(self, did: int) -> Doc | None:
        if did in self._digests:
            return self._digests[did]
        return self.store.digests().get(str(did))

    def iter_digests(self) -> Iterator[tuple[int, Doc]]:
        for key, doc in self.store.digests().items():
            did = int(key)
            if did not in self._digests:
                yield did, doc
        for did, pending in self._digests.items():
            if pending is not None:
                yield did, pending

    def put_digest(self, did: int, doc: Doc | None) -> None:
        self._digests[did] = doc
        self.dirty = True

    # meta (free-form library-level records, e.g. the resume point of `enrich`)
    def meta(self, name: str) -> Doc | None:
        for doc in _table(self.store._db("catalog"), "meta").values():
            if doc.get("name") == name:
                return doc
        return None

    def put_meta(self, name: str, doc: Doc) -> None:
        existing = _table(self.store._db("catalog"), "meta")
        for key, old in existing.items():
            if old.get("name") == name:
                self._meta[int(key)] = {**doc, "name": name}
                break
        else:
            self._meta[max([0, *(int(k) for k in existing), *self._meta]) + 1] = {**doc, "name": name}
        self.dirty = True

    # commit plumbing
    def table_changes(self) -> dict[str, dict[str, dict[int, Doc | None]]]:
        changes: dict[str, dict[str, dict[int, Doc | None]]] = {}
        catalog: dict[str, dict[int, Doc | None]] = {}
        if self._papers:
            catalog["papers"] = self._papers
        if self._digests:
            catalog["digests"] = self._digests
        if self._meta:
            catalog["meta"] = self._meta
        if catalog:
            changes["catalog"] = catalog
        if self._keys_dirty and self._keys is not None:
            changes["keys"] = {"keys": {1: {"map": self._keys}}}
        if self._states:
            changes["state"] = {"state": self._states}
        by_shard: dict[int, dict[int, Doc | None]] = {}
        for pid, doc in self._details.items():
            by_shard.setdefault(shard_of(pid), {})[pid] = doc
        for shard, docs in by_shard.items():
            changes[_shard_name(shard)] = {"details": docs}
        return changes

    def search_changes(self) -> dict[int, dict[int, str | None]]:
        by_shard: dict[int, dict[int, str | None]] = {}
        for pid, text in self._search.items():
            by_shard.setdefault(shard_of(pid), {})[pid] = text
        return by_shard

