"""The full-text files of a library: one `pid\\ttext` line per paper, per shard.

`search-NNNN` files are derived (readlist.service.records.search_text, casefolded, spaces
normalised) and immutable like every library file (readlist.store). This module reads and
searches them; the store writes them in its commits.

A one-shot command scans each file with `bytes.find`, stepping in Python once per hit. A
long-lived process (the TUI) sets `keep_in_memory`: each file is then split once into
per-paper texts, kept while the file stays current, and a term is one C-speed
substring pass over them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from readlist.store_layout import shard_of

Doc = dict[str, Any]
#: (file name, bytes) of a component, or None when the library has no such file.
Reader = Callable[[str], tuple[str, bytes] | None]


def component_of(shard: int) -> str:
    return f"search-{shard:04d}"


def lines_containing(blob: bytes, term: bytes) -> Iterator[int]:
    """Paper ids of the `pid\\ttext` lines of `blob` that contain `term`.

    `bytes.find` does the scanning in C; Python only steps once per matching line, so
    the cost follows the number of hits, not the size of the file.
    """
    end = len(blob)
    at = blob.find(term)
    while at >= 0:
        start = blob.rfind(b"\n", 0, at) + 1
        stop = blob.find(b"\n", at)
        stop = end if stop < 0 else stop
        tab = blob.find(b"\t", start, stop)
        if at < tab:  # a hit inside the id ("3" in paper 13): look again in this line's text
            at = blob.find(term, tab + 1)
            continue
        if tab >= 0:
            yield int(blob[start:tab])
        at = blob.find(term, stop)


def split_lines(blob: bytes) -> tuple[list[int], list[bytes]]:
    """The paper ids and texts of a search file's `pid\ttext` lines."""
    ids: list[int] = []
    texts: list[bytes] = []
    for line in blob.split(b"\n"):
        tab = line.find(b"\t")
        if tab > 0:
            ids.append(int(line[:tab]))
            texts.append(line[tab + 1 :])
    return ids, texts


class SearchFiles:
    """Reading and searching one store's search files (see the module docstring)."""

    def __init__(self, read_file: Reader, files: Callable[[], dict[str, Doc]]) -> None:
        self._read_file = read_file
        self._files = files  # the current manifest's component → file entry
        #: Keep the files in memory between queries (the TUI filters on every keystroke).
        self.keep_in_memory = False
        self._blobs: dict[str, tuple[str, bytes]] = {}
        #: component → (file name, pids, texts): files split into one text per paper.
        self._rows: dict[str, tuple[str, list[int], list[bytes]]] = {}

    def components(self) -> tuple[tuple[str, str], ...]:
        """(component, file name) of each search file, in shard order (a cache key)."""
        return tuple(sorted((c, f["name"]) for c, f in self._files().items()
                            if c.startswith("search-")))

    def search(self, terms: list[str], pids: set[int] | None = None) -> list[set[int]]:
        """For each casefolded term, the papers whose indexed text contains it.

        Scans one file at a time, so memory stays bounded on any library size. With
        `pids`, only the files holding those papers are read.
        """
        encoded = [t.encode("utf-8") for t in terms]
        hits: list[set[int]] = [set() for _ in terms]
        if not encoded:
            return hits
        shards: set[int] | None = None if pids is None else {shard_of(pid) for pid in pids}
        for component, _ in self.components():
            if shards is not None and int(component[7:]) not in shards:
                continue
            blob = self._blob(component)
            for i, term in enumerate(encoded):
                hits[i].update(lines_containing(blob, term))
        if pids is not None:
            hits = [found & pids for found in hits]
        return hits

    def rows(self, component: str) -> tuple[list[int], list[bytes]]:
        """The papers of one search file and their indexed text (casefolded UTF-8).

        Kept with `keep_in_memory` (instead of the file itself: the texts are its bytes).
        """
        name = self._files().get(component, {}).get("name")
        cached = self._rows.get(component)
        if cached is not None and cached[0] == name:
            return cached[1], cached[2]
        ids, texts = split_lines(self._blob(component))
        if self.keep_in_memory and name is not None:
            self._rows[component] = (name, ids, texts)
            self._blobs.pop(component, None)
        return ids, texts

    def lines(self, shard: int) -> dict[int, str]:
        """The lines of one shard's file (to rewrite it)."""
        ids, texts = split_lines(self._blob(component_of(shard)))
        return {pid: text.decode("utf-8") for pid, text in zip(ids, texts, strict=True)}

    def _blob(self, component: str) -> bytes:
        cached = self._blobs.get(component)
        if cached is not None and cached[0] == self._files().get(component, {}).get("name"):
            return cached[1]
        loaded = self._read_file(component)
        if loaded is None:
            return b""
        if self.keep_in_memory:
            self._blobs[component] = loaded
        return loaded[1]

    # -- keeping the memory current (called by the store) -----------------------------------

    def written(self, component: str, name: str, blob: bytes) -> None:
        """A commit wrote a new version of `component`."""
        self._blobs.pop(component, None)
        if self.keep_in_memory:
            self._blobs[component] = (name, blob)

    def keep_current(self, current: Callable[[str, str], bool]) -> None:
        """Forget what another process replaced (`current(component, file name)`)."""
        self._blobs = {c: v for c, v in self._blobs.items() if current(c, v[0])}
        self._rows = {c: v for c, v in self._rows.items() if current(c, v[0])}

    def clear(self) -> None:
        self._blobs.clear()
        self._rows.clear()
