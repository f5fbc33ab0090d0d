"""Reading the library: decoded components, cached while the manifest names their files.

No tinydb here (readlist.store alone imports it): components are read as TinyDB's file
format (table → doc id → document) straight from the decoded files.

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
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from readlist.libindex import IndexTable
from readlist.search_files import SearchFiles
from readlist.store_files import StoreFiles
from readlist.store_layout import (
    KEY_BUCKETS,
    SCHEMA_VERSION,
    key_bucket,
    shard_component,
    shard_of,
)

Doc = dict[str, Any]
Tables = dict[str, dict[str, Doc]]


def raw_table(tables: Tables, name: str) -> dict[str, Doc]:
    """The raw documents of a table, keyed by str(doc_id). Callers must not mutate them."""
    table = tables.get(name)
    return table if table is not None else {}


class StoreReader(StoreFiles):
    """Every read of a library; the base of readlist.store.Store, which adds the writes."""

    def __init__(self, root: Path, *, lock_timeout: float = 15.0, durable: bool = True) -> None:
        super().__init__(root, lock_timeout=lock_timeout, durable=durable)
        #: Decoded components (TinyDB's file format: table → doc id → document). Reads use
        #: them directly; a commit hands a component to TinyDB to write it.
        self._dbs: dict[str, tuple[str, Tables]] = {}
        self._index: tuple[str, IndexTable] | None = None
        self._all_states: tuple[tuple[str, ...], dict[str, Doc]] | None = None
        #: True while this store runs a transaction (its reads must not start an upgrade).
        self._writing = False
        #: The full-text files (readlist.search_files): searched by free-word queries.
        self.search_files = SearchFiles(self._read_file, lambda: self.head.get("files", {}))

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

    def _forget(self) -> None:
        super()._forget()
        self._dbs.clear()
        self._index = None
        self._all_states = None
        self.search_files.clear()

    def _upgrade(self) -> None:
        """Bring a library older than SCHEMA_VERSION up to date (the Store migrates it)."""
        raise NotImplementedError

    # -- loading components ----------------------------------------------------------------

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
            self._upgrade()  # before anything reads the library
        if self._index is None or self._index[0] != self._file_name("index"):
            loaded = self._read_file("index")
            if loaded is None:
                self._index = ("", IndexTable())
            else:
                doc = raw_table(self._decode(*loaded), "index").get("1")
                try:
                    self._index = (loaded[0], IndexTable.from_doc(doc))
                except ValueError:
                    raise self._corrupt(f"library file {loaded[0]} is inconsistent") from None
        return self._index[1]

    def _shard_table(self, kind: str, pid: int) -> dict[str, Doc]:
        return raw_table(self._db(shard_component(kind, shard_of(pid))), kind)

    def _all_shards(self, kind: str) -> dict[str, Doc]:
        result: dict[str, Doc] = {}
        prefix = f"{kind}-"
        for component in sorted(self.head.get("files", {})):
            if component.startswith(prefix):
                result.update(raw_table(self._db(component), kind))
        return result

    # -- records ---------------------------------------------------------------------------

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
        return raw_table(self._db("catalog"), "digests")

    def meta(self) -> dict[str, Doc]:
        return raw_table(self._db("catalog"), "meta")

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
        doc = raw_table(self._db(f"keys-{bucket:02d}"), "keys").get("1")
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
        doc = raw_table(self._db("titles"), "titles").get("1")
        return doc["map"] if doc else {}
