"""A store transaction: changes made under the library lock and committed together.

Reads inside a transaction see its own pending writes. The store turns the pending
changes into new component files at commit (readlist.store); nothing here touches disk.
Which component a record goes to is readlist.store_layout's; the key index a transaction
sees is readlist.key_index's `KeyMap`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from readlist.key_index import KeyMap
from readlist.store_layout import SCHEMA_VERSION, shard_component, shard_of

if TYPE_CHECKING:
    from readlist.store import Store

Doc = dict[str, Any]


class Transaction:
    """Pending changes to one library. Obtain one with `Store.transaction()`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        head = store.head
        self.schema = int(head.get("schema", SCHEMA_VERSION))
        self.next_pid = int(head.get("next_pid", 1))
        self.next_did = int(head.get("next_did", 1))
        self.paper_changes: dict[int, Doc | None] = {}
        self._digests: dict[int, Doc | None] = {}
        self._states: dict[int, Doc | None] = {}
        self._details: dict[int, Doc | None] = {}
        self._search: dict[int, str | None] = {}
        self._meta: dict[int, Doc | None] = {}
        #: Full-text lines replace each shard's file instead of updating it (rebuild).
        self._search_reset = False
        self._keys: KeyMap | None = None
        self._titles: dict[str, list[int]] | None = None
        #: Rebuild the listing index from scratch at commit (doctor --repair).
        self.rebuild_index = False
        self.dirty = False

    # -- ids ---------------------------------------------------------------------------------

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

    # -- papers ------------------------------------------------------------------------------

    def paper(self, pid: int) -> Doc | None:
        if pid in self.paper_changes:
            return self.paper_changes[pid]
        return self.store.paper(pid)

    def exists(self, pid: int) -> bool:
        """Whether the paper is in the library (reads one small shard)."""
        if pid in self.paper_changes:
            return self.paper_changes[pid] is not None
        return self.store.paper(pid) is not None

    def iter_papers(self) -> Iterator[tuple[int, Doc]]:
        """Every paper record (reads every shard: use sparingly)."""
        for key, doc in self.store.papers().items():
            pid = int(key)
            if pid not in self.paper_changes:
                yield pid, doc
        for pid, pending in self.paper_changes.items():
            if pending is not None:
                yield pid, pending

    def put_paper(self, pid: int, doc: Doc) -> None:
        """Insert or replace a paper record; keys and titles indexes follow it."""
        old = self.paper(pid)
        self._unindex(pid, old)
        self.paper_changes[pid] = doc
        keys = self.keys()
        for k in [doc.get("key"), *doc.get("aliases", [])]:
            if k is not None:
                keys[k] = pid
        norm = doc.get("title_norm")
        if norm:
            bucket = self.titles().setdefault(norm, [])
            if pid not in bucket:
                bucket.append(pid)
        self.dirty = True

    def delete_paper(self, pid: int) -> None:
        """Remove a paper and everything of it: record, keys, state, details, index line."""
        old = self.paper(pid)
        if old is None:
            return
        self._unindex(pid, old)
        self.paper_changes[pid] = None
        self._states[pid] = None
        self._details[pid] = None
        self._search[pid] = None
        self.dirty = True

    def _unindex(self, pid: int, old: Doc | None) -> None:
        if old is None:
            return
        keys = self.keys()
        for k in [old.get("key"), *old.get("aliases", [])]:
            if k is not None and keys.get(k) == pid:
                del keys[k]
        norm = old.get("title_norm")
        titles = self.titles()
        if norm and pid in titles.get(norm, ()):
            titles[norm] = [p for p in titles[norm] if p != pid]
            if not titles[norm]:
                del titles[norm]

    def rebuild_indexes(self, text_of: Callable[[Doc, Doc | None], str]) -> int:
        """Recompute every derived index (keys, titles, listing, full text) from the records.

        Returns the number of papers indexed. Used by `readlist doctor --repair`.
        """
        papers = dict(self.iter_papers())
        self._keys = KeyMap(self.store, empty=True)
        self._titles = {}
        self.rebuild_index = True
        for pid, doc in sorted(papers.items()):
            self.paper_changes[pid] = doc
            keys = self._keys
            for k in [doc.get("key"), *doc.get("aliases", [])]:
                if k is not None:
                    keys[k] = pid
            norm = doc.get("title_norm")
            if norm:
                self._titles.setdefault(norm, []).append(pid)
            self._search[pid] = " ".join(text_of(doc, self.details(pid)).casefold().split())
        self._search_reset = True
        self.dirty = True
        return len(papers)

    def reindex_listing(self) -> None:
        """Rewrite the listing index from the paper records (after a layout change)."""
        for pid, doc in self.iter_papers():
            self.paper_changes.setdefault(pid, doc)
        self.rebuild_index = True
        self.dirty = True

    def keys(self) -> KeyMap:
        """Library keys and aliases → paper id, as this transaction sees them."""
        if self._keys is None:
            self._keys = KeyMap(self.store)
        return self._keys

    def titles(self) -> dict[str, list[int]]:
        if self._titles is None:
            self._titles = {k: list(v) for k, v in self.store.titles().items()}
        return self._titles

    def discard(self, pid: int) -> None:
        """Drop the state, details and index line of a paper id that has no record."""
        self._states[pid] = None
        self._details[pid] = None
        self._search[pid] = None
        self.dirty = True

    # -- user state --------------------------------------------------------------------------

    def state(self, pid: int) -> Doc | None:
        if pid in self._states:
            return self._states[pid]
        return self.store.state(pid)

    def put_state(self, pid: int, doc: Doc | None) -> None:
        self._states[pid] = doc
        self.dirty = True

    # -- bulky details + search text -----------------------------------------------------------

    def details(self, pid: int) -> Doc | None:
        if pid in self._details:
            return self._details[pid]
        return self.store.details([pid]).get(pid)

    def put_details(self, pid: int, doc: Doc, search_text: str) -> None:
        self._details[pid] = doc
        self._search[pid] = " ".join(search_text.casefold().split())
        self.dirty = True

    # -- digests and meta ------------------------------------------------------------------

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

    def meta(self, name: str) -> Doc | None:
        """A free-form library-level record (e.g. the resume point of `enrich`)."""
        for pending in self._meta.values():
            if pending is not None and pending.get("name") == name:
                return pending
        return self.store.meta_doc(name)

    def put_meta(self, name: str, doc: Doc) -> None:
        existing = self.store.meta()
        for key, old in existing.items():
            if old.get("name") == name:
                self._meta[int(key)] = {**doc, "name": name}
                break
        else:
            same = [k for k, v in self._meta.items() if v is not None and v.get("name") == name]
            new_id = same[0] if same else max([0, *(int(k) for k in existing), *self._meta]) + 1
            self._meta[new_id] = {**doc, "name": name}
        self.dirty = True

    # -- commit plumbing -------------------------------------------------------------------------

    def table_changes(self) -> dict[str, dict[str, dict[int, Doc | None]]]:
        """Pending documents per component and table (None = delete)."""
        changes: dict[str, dict[str, dict[int, Doc | None]]] = {}
        catalog: dict[str, dict[int, Doc | None]] = {}
        if self._digests:
            catalog["digests"] = self._digests
        if self._meta:
            catalog["meta"] = self._meta
        if catalog:
            changes["catalog"] = catalog
        if self._keys is not None:
            for number, mapping in self._keys.changed_buckets().items():
                changes[f"keys-{number:02d}"] = {"keys": {1: {"map": mapping}}}
        if self._titles is not None and self.paper_changes:
            changes["titles"] = {"titles": {1: {"map": self._titles}}}
        for kind, pending in (
            ("papers", self.paper_changes),
            ("details", self._details),
            ("state", self._states),
        ):
            for pid, doc in pending.items():
                component = changes.setdefault(shard_component(kind, shard_of(pid)), {})
                component.setdefault(kind, {})[pid] = doc
        return changes

    @property
    def search_reset(self) -> bool:
        return self._search_reset

    def search_changes(self) -> dict[int, dict[int, str | None]]:
        by_shard: dict[int, dict[int, str | None]] = {}
        for pid, text in self._search.items():
            by_shard.setdefault(shard_of(pid), {})[pid] = text
        return by_shard
