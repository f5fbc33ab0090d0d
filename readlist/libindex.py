"""The listing index: one compact column per field that lists, filters and sorts need.

Derived from the paper records (the store rewrites it whenever a paper changes), so that
`readlist list`, queries and the TUI's paper list never decode the full records: at 100,000
papers the columns load in a fraction of the time the records take, and they render a
row without building any per-paper object.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

Doc = dict[str, Any]

COLUMNS = ("pid", "key", "title", "author", "date", "added", "votes", "venue", "digests",
           "sections", "pos", "flags")
# Bits of the `flags` column.
HAS_CODE = 1
HAS_ARXIV = 2
HAS_OPENREVIEW = 4
HAS_DOI = 8
HAS_ABSTRACT = 16
HAS_SUMMARY = 32
PENDING = 64


def _epoch(added: Any) -> int:
    """An ISO time as whole seconds since 1970 (ints decode and sort faster than text)."""
    if not isinstance(added, str) or not added:
        return 0
    return _epoch_of(added)


@functools.lru_cache(maxsize=256)
def _epoch_of(added: str) -> int:
    """(Cached: the papers of one import share their `added` time.)"""
    try:
        return int(datetime.fromisoformat(added).timestamp())
    except ValueError:
        return 0


def places(prov: Doc) -> list[str | None]:
    """The section and subsection names under which one provenance entry lists its paper,
    including the digest's repeated listings (`also_in`, a paper under two categories)."""
    names = [prov.get("section"), prov.get("subsection")]
    for place in prov.get("also_in", ()):
        names.extend(place)
    return names


def entry(pid: int, doc: Doc) -> tuple[Any, ...]:
    """The index row of one paper record, in COLUMNS order."""
    flags = 0
    if (doc.get("links") or {}).get("code"):
        flags |= HAS_CODE
    if doc.get("arxiv_id"):
        flags |= HAS_ARXIV
    if doc.get("openreview_id"):
        flags |= HAS_OPENREVIEW
    if doc.get("doi"):
        flags |= HAS_DOI
    if doc.get("has_abstract"):
        flags |= HAS_ABSTRACT
    if doc.get("has_summary"):
        flags |= HAS_SUMMARY
    if doc.get("pending"):
        flags |= PENDING
    prov = doc.get("prov") or []
    names: list[str] = []
    for p in prov:
        for name in places(p):
            if name and name not in names:
                names.append(name)
    return (
        pid,
        doc.get("key", ""),
        doc.get("title", ""),
        doc.get("first_author"),
        doc.get("date"),
        _epoch(doc.get("added")),
        doc.get("votes"),
        doc.get("venue"),
        list(doc.get("digests", [])),
        # One string (headings never hold a newline): 100,000 strings decode much faster
        # than 100,000 lists.
        "\n".join(names),
        int(prov[0].get("position", 0)) if prov else 0,
        flags,
    )


@dataclass
class IndexTable:
    """Columns of equal length; row i describes paper cols["pid"][i]."""

    cols: dict[str, list[Any]] = field(default_factory=lambda: {c: [] for c in COLUMNS})
    _pos: dict[int, int] | None = None
    _folded_titles: list[str] | None = None

    @classmethod
    def from_doc(cls, doc: Doc | None) -> IndexTable:
        if not doc:
            return cls()
        cols = {c: doc.get(c, []) for c in COLUMNS}
        if len({len(v) for v in cols.values()}) > 1:
            raise ValueError("index columns differ in length")
        return cls(cols)

    def to_doc(self) -> Doc:
        return dict(self.cols)

    def __len__(self) -> int:
        return len(self.cols["pid"])

    @property
    def pos(self) -> dict[int, int]:
        """pid → row number."""
        if self._pos is None:
            self._pos = {pid: i for i, pid in enumerate(self.cols["pid"])}
        return self._pos

    def folded_titles(self) -> list[str]:
        """Casefolded titles, computed once per loaded index (free-word and title: matching)."""
        if self._folded_titles is None:
            self._folded_titles = [t.casefold() for t in self.cols["title"]]
        return self._folded_titles

    def row(self, pid: int) -> dict[str, Any] | None:
        i = self.pos.get(pid)
        if i is None:
            return None
        return {c: self.cols[c][i] for c in COLUMNS}

    def apply(self, changes: dict[int, Doc | None]) -> None:
        """Upsert or (None) remove the rows of changed papers."""
        pos = self.pos
        columns = [self.cols[c] for c in COLUMNS]
        removed: set[int] = set()
        appended: list[tuple[Any, ...]] = []
        for pid, doc in changes.items():
            i = pos.get(pid)
            if doc is None:
                if i is not None:
                    removed.add(i)
                continue
            values = entry(pid, doc)
            if i is None:
                appended.append(values)
            else:
                for column, value in zip(columns, values, strict=True):
                    column[i] = value
        if appended:
            start = len(self)
            for column, values in zip(columns, zip(*appended, strict=True), strict=True):
                column.extend(values)
            for offset, row in enumerate(appended):
                pos[row[0]] = start + offset
        if removed:
            keep = [i for i in range(len(self)) if i not in removed]
            self.cols = {c: [values[i] for i in keep] for c, values in self.cols.items()}
            self._pos = None
        self._folded_titles = None
