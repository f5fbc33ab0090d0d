"""The library on disk: TinyDB documents in immutable, generation-numbered files.

The only module that imports tinydb.

Layout of `<home>/library/`::

    HEAD.json                    the current manifest; replacing it atomically is the commit
    manifests/<generation>.json  the last kept manifests (see readlist.backups)
    backups/<generation>/        independent snapshots (see readlist.backups)
    data/<component>.<gen>.json  immutable TinyDB files (orjson-encoded)
    data/search-NNNN.<gen>.txt   the full-text index of one shard (derived)
    lock                         the inter-process write lock

Components, so that no command reads or writes more than it needs:

Papers are grouped in shards of SHARD_SIZE consecutive ids; per shard NNNN:

- ``papers-NNNN``: lean records (identity, links, provenance);
- ``details-NNNN``: bulky imported text (authors, abstracts, summaries, digest notes);
- ``state-NNNN``: the user's state (small, often changed: a triage action rewrites only
  this one small file, whatever the size of the library);
- ``search-NNNN``: one casefolded line of searchable text per paper (derived).

Library-wide:

- ``index``: the listing columns (readlist.libindex), derived from the paper records:
  everything `list`, queries and the TUI's list read;
- ``keys-KK``: library key/alias → paper id, in KEY_BUCKETS buckets by key hash, so
  resolving one TARGET reads one small file;
- ``titles``: normalised title → paper ids (read by imports only);
- ``catalog``: ``digests`` and ``meta``.

A commit writes only the components it changed, as new files, then a new manifest, then
renames it over HEAD.json. Readers never lock: they read HEAD.json and the files it names,
which never change. Writers hold the lock, reload whatever another process committed since
they last looked, apply their change to that fresh data, and commit: no lost updates.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from readlist import backups
from readlist.backups import FORMAT, Backup
from readlist.errors import LibraryError
from readlist.gcpause import gc_paused
from readlist.libindex import IndexTable
from readlist.search_files import SearchFiles
from readlist.search_files import component_of as search_component
from readlist.storage import LibraryLock, atomic_write_bytes
from readlist.transaction import (
    KEY_BUCKETS,
    SCHEMA_VERSION,
    SHARD_SIZE,
    Transaction,
    key_bucket,
    shard_component,
    shard_of,
)

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SHARD_SIZE", "CorruptLibrary", "Store", "Transaction"]

Doc = dict[str, Any]

#: A commit changing at least this many papers (an import) snapshots at once; smaller
#: ones (add, triage) wait for a cheap moment (readlist.backups.maybe_snapshot).
BULK_PAPERS = 100

#: Schema migrations: MIGRATIONS[n] upgrades a library at schema n to n + 1, in a transaction.
MIGRATIONS: dict[int, Callable[[Transaction], None]] = {1: Transaction.reindex_listing}


class CorruptLibrary(LibraryError):
    """A library file is missing, truncated or not valid; names the newest good backup."""


class _DocumentsStorage(Storage):
    """TinyDB storage holding one component's tables in memory.

    Files are immutable, so the store decodes them once (orjson) and hands the tables to
    TinyDB; TinyDB's writes stay in memory until the store commits them as a new file.
    """

    def __init__(self, data: dict[str, dict[str, Any]] | None = None) -> None:
        self._data: dict[str, dict[str, Any]] = data if data is not None else {}

    def read(self) -> dict[str, dict[str, Any]]:
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data


def _loads(data: bytes) -> Any:
    """orjson.loads with the cyclic GC paused (see readlist.gcpause)."""
    with gc_paused():
        return orjson.loads(data)


Tables = dict[str, dict[str, Doc]]


def _table(tables: Tables, name: str) -> dict[str, Doc]:
    """The raw documents of a table, keyed by str(doc_id). Callers must not mutate them."""
    table = tables.get(name)
    return table if table is not None else {}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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
        #: Decoded components (TinyDB's file format: table → doc id → document). Reads use
        #: them directly; a commit hands a component to TinyDB to write it.
        self._dbs: dict[str, tuple[str, Tables]] = {}
        self._index: tuple[str, IndexTable] | None = None
        self._all_states: tuple[tuple[str, ...], dict[str, Doc]] | None = None
        self._writing = False
        #: The full-text files (readlist.search_files): searched by free-word queries.
        self.search_files = SearchFiles(self._read_file, lambda: self.head.get("files", {}))

    # -- manifest ---------------------------------------------------------------------------

    @property
    def head(self) -> Doc:
        if self._head is None:
            self._head = self._read_head()
        return self._head

    @property
    def generation(self) -> int:
        return int(self.head.get("generation", 0))

    def _read_head(self) -> Doc:
        try:
            raw = self.head_path.read_bytes()
        except FileNotFoundError:
            if any(self.manifest_dir.glob("*.json")) if self.manifest_dir.is_dir() else False:
                raise self._corrupt(f"{self.head_path} is missing") from None
            return {"format": FORMAT, "schema": SCHEMA_VERSION, "generation": 0,
                    "next_pid": 1, "next_did": 1, "files": {}}
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

        def current(component: str, name: str) -> bool:
            return bool(files.get(component, {}).get("name") == name)

        self._dbs = {c: v for c, v in self._dbs.items() if current(c, v[0])}
        self.search_files.keep_current(current)
        if self._index is not None and not current("index", self._index[0]):
            self._index = None
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

    def _decode(self, name: str, data: bytes) -> Any:
        try:
            value = _loads(data)
        except orjson.JSONDecodeError:
            raise self._corrupt(f"library file {self.data_dir / name} is not valid JSON") from None
        if not isinstance(value, dict):
            raise self._corrupt(f"library file {self.data_dir / name} is not a TinyDB document")
        return value

    def _file_name(self, component: str) -> str:
        """The file the current manifest names for `component` ("" when it has none)."""
        return str(self.head.get("files", {}).get(component, {}).get("name", ""))

    def _db(self, component: str) -> Tables:
        # A cached component is used only while the manifest still names its file: a reader
        # thread racing a refresh never pairs a new manifest with old data.
        cached = self._dbs.get(component)
        if cached is not None and cached[0] == self._file_name(component):
            return cached[1]
        loaded = self._read_file(component)
        name, tables = ("", {}) if loaded is None else (loaded[0], self._decode(*loaded))
        self._dbs[component] = (name, tables)
        return tables

    def index(self) -> IndexTable:
        """The listing columns of every paper (see readlist.libindex)."""
        if (self._index is None and not self._writing
                and int(self.head.get("schema", SCHEMA_VERSION)) < SCHEMA_VERSION):
            with self.transaction():
                pass  # upgrades the library (MIGRATIONS) before anything reads it
        if self._index is None or self._index[0] != self._file_name("index"):
            loaded = self._read_file("index")
            if loaded is None:
                self._index = ("", IndexTable())
            else:
                doc = _table(self._decode(*loaded), "index").get("1")
                try:
                    self._index = (loaded[0], IndexTable.from_doc(doc))
                except ValueError:
                    raise self._corrupt(f"library file {loaded[0]} is inconsistent") from None
        return self._index[1]

    def _shard_table(self, kind: str, pid: int) -> dict[str, Doc]:
        return _table(self._db(shard_component(kind, shard_of(pid))), kind)

    def _all_shards(self, kind: str) -> dict[str, Doc]:
        result: dict[str, Doc] = {}
        prefix = f"{kind}-"
        for component in sorted(self.head.get("files", {})):
            if component.startswith(prefix):
                result.update(_table(self._db(component), kind))
        return result

    def paper(self, pid: int) -> Doc | None:
        """One paper's record (reads only its shard)."""
        return self._shard_table("papers", pid).get(str(pid))

    def rows(self, pids: Iterable[int]) -> dict[int, Doc]:
        """The records of the given papers (reads only the shards they live in)."""
        found: dict[int, Doc] = {}
        for pid in pids:
            doc = self.paper(pid)
            if doc is not None:
                found[pid] = doc
        return found

    def papers(self) -> dict[str, Doc]:
        """Every paper record, keyed by str(pid). Reads every shard: prefer index()/rows()."""
        return self._all_shards("papers")

    def details(self, pids: Iterable[int]) -> dict[int, Doc]:
        """Bulky imported text for the given papers (reads only the shards they live in)."""
        result: dict[int, Doc] = {}
        for pid in pids:
            doc = self._shard_table("details", pid).get(str(pid))
            if doc is not None:
                result[pid] = doc
        return result

    def digests(self) -> dict[str, Doc]:
        """All digest records, keyed by str(digest id). Read-only."""
        return _table(self._db("catalog"), "digests")

    def meta(self) -> dict[str, Doc]:
        return _table(self._db("catalog"), "meta")

    def meta_doc(self, name: str) -> Doc | None:
        """One library-level record by name (e.g. the resume point of `enrich`), read-only."""
        return next((d for d in self.meta().values() if d.get("name") == name), None)

    def state(self, pid: int) -> Doc | None:
        """The user's state of one paper (reads one small shard)."""
        return self._shard_table("state", pid).get(str(pid))

    def states(self) -> dict[str, Doc]:
        """Every state record, keyed by str(pid) (only papers the user or a digest rated)."""
        # Keyed by the state files: commits that change no state keep the same dict.
        files = tuple(sorted(name for c, f in self.head.get("files", {}).items()
                             if c.startswith("state-") and (name := f.get("name"))))
        if self._all_states is None or self._all_states[0] != files:
            self._all_states = (files, self._all_shards("state"))
        return self._all_states[1]

    def key_bucket(self, bucket: int) -> dict[str, int]:
        doc = _table(self._db(f"keys-{bucket:02d}"), "keys").get("1")
        return doc["map"] if doc else {}

    def lookup_key(self, key: str) -> int | None:
        """The paper a library key or alias names (reads one small bucket)."""
        return self.key_bucket(key_bucket(key)).get(key)

    def keys(self) -> dict[str, int]:
        """Every library key and alias → paper id (reads every bucket)."""
        merged: dict[str, int] = {}
        for bucket in range(KEY_BUCKETS):
            merged.update(self.key_bucket(bucket))
        return merged

    def titles(self) -> dict[str, list[int]]:
        """Normalised title → ids of the papers with that title (used to merge imports)."""
        doc = _table(self._db("titles"), "titles").get("1")
        return doc["map"] if doc else {}

    # -- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, reload what others committed, yield a Transaction, commit it on success.

        An exception inside the block discards the transaction: nothing is written.
        """
        with self.lock.held():
            outer = self._writing
            self._writing = True
            try:
                self.refresh()
                self._migrate_if_needed()
                tx = Transaction(self)
                yield tx
                if tx.dirty:
                    self._commit(tx)
            finally:
                self._writing = outer

    def _migrate_if_needed(self) -> None:
        schema = int(self.head.get("schema", SCHEMA_VERSION))
        while schema < SCHEMA_VERSION:
            tx = Transaction(self)
            migrate = MIGRATIONS.get(schema)
            if migrate is not None:
                migrate(tx)
            tx.schema = schema + 1
            self._commit(tx)
            schema += 1

    def _commit(self, tx: Transaction) -> None:
        generation = int(self.head.get("generation", 0)) + 1
        files: dict[str, Doc] = dict(self.head.get("files", {}))
        fresh_dbs: dict[str, tuple[str, Tables]] = {}
        fresh_blobs: dict[str, tuple[str, bytes]] = {}
        fresh_index: tuple[str, IndexTable] | None = None
        try:
            for component, changes in tx.table_changes().items():
                # A copy of the outer mapping: readers keep the tables they already hold.
                db = TinyDB(dict(self._db(component)), storage=_DocumentsStorage)
                for table_name, docs in changes.items():
                    table = db.table(table_name)
                    raw = _table(cast(Tables, db.storage.read() or {}), table_name)
                    gone = [k for k in docs if str(k) in raw]
                    if gone:
                        table.remove(doc_ids=gone)
                    new = [Document(doc, doc_id=k) for k, doc in docs.items() if doc is not None]
                    if new:
                        table.insert_multiple(new)
                written = cast(Tables, db.storage.read() or {})
                name = self._write(component, generation, orjson.dumps(written), files)
                fresh_dbs[component] = (name, written)
            if tx.paper_changes:
                index = IndexTable() if tx.rebuild_index else self.index()
                index.apply(tx.paper_changes)
                payload = orjson.dumps({"index": {"1": index.to_doc()}})
                fresh_index = (self._write("index", generation, payload, files), index)
            for shard, lines in tx.search_changes().items():
                current = {} if tx.search_reset else self.search_files.lines(shard)
                for pid, text in lines.items():
                    if text is None:
                        current.pop(pid, None)
                    else:
                        current[pid] = text
                blob = "".join(f"{pid}\t{t}\n" for pid, t in sorted(current.items())).encode()
                component = search_component(shard)
                fresh_blobs[component] = (self._write(component, generation, blob, files), blob)
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
            self._forget()
            raise
        self._head = new_head
        self._dbs.update(fresh_dbs)
        if fresh_index is not None:
            self._index = fresh_index
        for component, (name, blob) in fresh_blobs.items():
            self.search_files.written(component, name, blob)
        backups.collect_garbage(self, new_head)
        backups.maybe_snapshot(self, new_head, bulk=len(tx.paper_changes) >= BULK_PAPERS)

    def _write(self, component: str, generation: int, payload: bytes, files: dict[str, Doc]) -> str:
        suffix = "txt" if component.startswith("search-") else "json"
        name = f"{component}.{generation}.{suffix}"
        atomic_write_bytes(self.data_dir / name, payload, durable=self.durable)
        files[component] = {"name": name, "size": len(payload), "crc32": zlib.crc32(payload)}
        return name

    def _forget(self) -> None:
        self._head = None
        self._dbs.clear()
        self._index = None
        self._all_states = None
        self.search_files.clear()

    # -- integrity and backups (file-level work lives in readlist.backups) -----------------

    def _corrupt(self, problem: str) -> CorruptLibrary:
        backup = backups.newest_good(self)
        if backup is None:
            hint = "no good backup was found"
        else:
            hint = f"newest good backup: {backup.describe()}; run `readlist doctor --repair`"
        return CorruptLibrary(f"{problem}; {hint}")

    def backups(self) -> list[Backup]:
        return backups.all_backups(self)

    def snapshots(self) -> list[Path]:
        return backups.snapshots(self)

    def verify_current(self) -> str | None:
        """None when the current generation is intact, else what is wrong (HEAD included)."""
        try:
            head = self._read_head()
        except LibraryError as exc:
            return exc.message.split("; newest good backup")[0].split("; no good backup")[0]
        return backups.verify(Backup(head, self.data_dir, "generation"))

    def newest_good_backup(self) -> Backup | None:
        return backups.newest_good(self)

    def restore(self, backup: Backup) -> int:
        """Make a verified backup current again, as a new generation; returns its number."""
        with self.lock.held():
            backups.copy_back(self, backup)
            generation = max([0, *(b.generation for b in self.backups())]) + 1
            restored = {**backup.manifest, "generation": generation, "committed_at": _now()}
            data = orjson.dumps(restored, option=orjson.OPT_INDENT_2)
            atomic_write_bytes(
                self.manifest_dir / f"{generation:010d}.json", data, durable=self.durable
            )
            atomic_write_bytes(self.head_path, data, durable=self.durable)
            self._forget()
            self._head = restored
            return generation

