"""The library on disk: TinyDB documents in immutable, generation-numbered files.

The only module that imports tinydb. The store is built in three layers:

- readlist.store_files: the folder, its manifest (HEAD.json) and immutable data files,
  integrity checks and backups;
- readlist.store_reads: decoded components (which data lives in which file) and every read;
- this module: transactions, schema migrations and the commit, which writes through TinyDB.

A commit writes only the components it changed, as new files, then a new manifest, then
renames it over HEAD.json. Readers never lock: they read HEAD.json and the files it names,
which never change. Writers hold the lock, reload whatever another process committed since
they last looked, apply their change to that fresh data, and commit: no lost updates.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any, cast

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from readlist import backups
from readlist.backups import FORMAT
from readlist.libindex import IndexTable
from readlist.search_files import component_of as search_component
from readlist.store_files import now
from readlist.store_layout import SCHEMA_VERSION
from readlist.store_reads import StoreReader, Tables, raw_table
from readlist.transaction import Transaction

__all__ = ["MIGRATIONS", "Store", "Transaction"]

Doc = dict[str, Any]

#: A commit changing at least this many papers (an import) snapshots at once; smaller
#: ones (add, triage) wait for a cheap moment (readlist.backups.maybe_snapshot).
BULK_PAPERS = 100

#: Schema migrations: MIGRATIONS[n] upgrades a library at schema n to n + 1, in a transaction.
MIGRATIONS: dict[int, Callable[[Transaction], None]] = {1: Transaction.reindex_listing}


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


class Store(StoreReader):
    """Access to one library folder. Cheap to create; loads components on first use."""

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

    def _upgrade(self) -> None:
        with self.transaction():
            pass  # upgrades the library (MIGRATIONS)

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
                    raw = raw_table(cast(Tables, db.storage.read() or {}), table_name)
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
                "committed_at": now(),
                "next_pid": tx.next_pid,
                "next_did": tx.next_did,
                "files": files,
            }
            self._publish(new_head)
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
