"""Per-row data derived from the listing index: each row's state record, notes and text.

The listing index (readlist.libindex) holds one row per paper; querying, sorting and the
summaries all read these per-row views beside it. Each is cached with the objects it was
built from (the caches live on `LibraryBase`), so a long-lived process builds them once.
"""

from __future__ import annotations

from typing import Any

from readlist.libindex import IndexTable
from readlist.query_eval import notes_by_row
from readlist.service.base import LibraryBase

Doc = dict[str, Any]


class Rows(LibraryBase):
    """The listing index's per-row views, shared by `Listing` and `Summaries`."""

    def digest_docs(self) -> dict[int, Doc]:
        return {int(k): v for k, v in self.store.digests().items()}

    def row_states(self, table: IndexTable | None = None) -> list[Doc]:
        """The state record of each row of the listing index (`table`, default the current
        one), {} for untouched papers. Cached for that index and those states (callers must
        not change the records)."""
        table = self.store.index() if table is None else table
        states = self.store.states()
        cached = self._row_states
        if cached is None or cached[0] is not table or cached[1] is not states:
            empty: Doc = {}
            rows = [empty] * len(table)
            position = table.pos
            for key, state in states.items():
                i = position.get(int(key))
                if i is not None:
                    rows[i] = state
            cached = self._row_states = (table, states, rows)
        return cached[2]

    def row_notes(self, table: IndexTable | None = None) -> dict[int, str]:
        """Row → casefolded notes, for the rows whose paper has notes (cached with the
        row states they come from)."""
        rows = self.row_states(table)
        cached = self._row_notes
        if cached is None or cached[0] is not rows:
            cached = self._row_notes = (rows, notes_by_row(rows))
        return cached[1]

    def row_texts(self, table: IndexTable | None = None) -> list[bytes]:
        """Each row's indexed text (casefolded UTF-8), for filtering as the user types.

        Built once from the search files and kept while they and the index stay the same;
        only a long-lived process (the TUI) should ask, as it holds every abstract.
        """
        table = self.store.index() if table is None else table
        components = self.store.search_files.components()
        with self._row_texts_lock:
            cached = self._row_texts
            if (cached is None or cached[0] is not table or cached[1] != len(table)
                    or cached[2] != components):
                texts = [b""] * len(table)
                position = table.pos
                for component, _ in components:
                    for pid, text in zip(*self.store.search_files.rows(component), strict=True):
                        i = position.get(pid)
                        if i is not None:
                            texts[i] = text
                cached = self._row_texts = (table, len(table), components, texts)
            return cached[3]
