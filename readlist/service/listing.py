"""Finding and ordering papers: queries evaluated over the listing index, and sorts.

What `list`, the TUI's table and every `--where` ask: rows matching a query (read from the
index's columns, the full-text search files and the per-row views of `Rows`), turned into
paper ids and sorted by one of config.SORT_KEYS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from readlist.errors import UsageError
from readlist.libindex import places
from readlist.models import Priority, ReadState
from readlist.query import Query, parse
from readlist.query_eval import MatchContext, select
from readlist.service.rows import Rows

STATE_ORDER = {s.value: i for i, s in enumerate(ReadState)}


class Listing(Rows):
    """Queries and sorts over the listing index (rows) and the paper ids on those rows."""

    def parse_query(self, text: str) -> Query:
        return parse(text, self.legend)

    def match_context(self, query: Query, candidates: set[int] | None = None, *,
                      full_text: bool = True) -> MatchContext:
        """Everything needed to evaluate `query`: columns, full-text hits, and loaders for
        the states and digests (read only when a term needs them).

        With `full_text=False` free words match titles and notes only (a quick first answer
        while the full-text index is searched). With `search_files.keep_in_memory` (the TUI),
        free words are matched against `row_texts` instead of asking the search files.
        """
        table = self.store.index()  # one index for every column the query reads
        words = query.words
        hits = None
        texts = None
        if words and full_text:
            if self.store.search_files.keep_in_memory:
                texts = self.row_texts(table)
            else:
                found = self.store.search_files.search(words, candidates)
                hits = dict(zip(words, found, strict=True))
        return MatchContext(
            table=table,
            row_states=lambda: self.row_states(table),
            digests=self.digest_docs,
            text_hits=hits,
            row_texts=texts,
            row_notes=lambda: self.row_notes(table),
        )

    def select_rows(self, query: Query | str, rows: Sequence[int] | None = None, *,
                    full_text: bool = True) -> list[int]:
        """Rows of the listing index matching `query`, in the order of `rows` (default: all,
        in index order). `full_text=False`: free words match titles and notes only."""
        if isinstance(query, str):
            query = self.parse_query(query)
        if query.is_empty:
            return list(range(len(self.store.index())) if rows is None else rows)
        return select(query, self.match_context(query, full_text=full_text), rows)

    def _query_rows(self, query: Query | str, candidates: Iterable[int] | None = None,
                    full_text: bool = True) -> list[int]:
        """Rows of the listing index matching `query` (in index order)."""
        if isinstance(query, str):
            query = self.parse_query(query)
        table = self.store.index()
        pool = None if candidates is None else set(candidates)
        if pool is None or (len(pool) >= len(table) and pool.issuperset(table.cols["pid"])):
            rows: Sequence[int] = range(len(table))
            pool = None  # every paper: the full-text index needs no candidate list
        else:
            rows = self.rows_of(pool)
        if query.is_empty:
            return list(rows)
        return select(query, self.match_context(query, pool, full_text=full_text), rows)

    def rows_of(self, pids: Iterable[int]) -> list[int]:
        """The listing-index rows of these papers (those still in the library), in index order."""
        position = self.store.index().pos
        return sorted(position[p] for p in pids if p in position)

    def pids_of(self, rows: Iterable[int]) -> list[int]:
        """The papers on these listing-index rows, in the same order."""
        pids = self.store.index().cols["pid"]
        return [pids[i] for i in rows]

    def query_pids(self, query: Query | str = "", candidates: Iterable[int] | None = None,
                   *, full_text: bool = True) -> list[int]:
        """Ids of the papers matching `query` (in index order), optionally among `candidates`
        (`full_text=False`: free words match titles and notes only)."""
        return self.pids_of(self._query_rows(query, candidates, full_text))

    def sort_rows(self, rows: list[int], sort: str | None = None,
                  reverse: bool = False) -> list[int]:
        """Sort rows of the listing index by one of config.SORT_KEYS (stable)."""
        sort = sort or self.config.default_sort
        table = self.store.index()
        cols = table.cols
        key: Callable[[int], Any]
        descending = False
        if sort == "added":
            # Newest import first; within one import, the digest's own order.
            added = cols["added"]
            key, descending = (lambda i: added[i]), True
        elif sort == "date":
            dates = cols["date"]
            key, descending = (lambda i: dates[i] or ""), True
        elif sort == "votes":
            votes = cols["votes"]
            key, descending = (lambda i: -1 if votes[i] is None else votes[i]), True
        elif sort == "title":
            key = table.folded_titles().__getitem__
        elif sort in ("priority", "rating", "state"):
            key = self._state_sort_key(sort)
        elif sort == "author":
            authors = cols["author"]

            def key(i: int) -> Any:
                return (authors[i] or "\uffff").casefold()
        elif sort == "digest":
            digests, pos = cols["digests"], cols["pos"]

            def key(i: int) -> Any:
                return (digests[i][0] if digests[i] else 0, pos[i])
        else:
            raise UsageError(f"unknown sort {sort!r}")
        ordered = sorted(rows, key=key, reverse=descending)  # stable: ties keep index order
        return ordered[::-1] if reverse else ordered

    def _state_sort_key(self, sort: str) -> Callable[[int], Any]:
        states = self.row_states()
        if sort == "priority":
            rank = {p.value: p.rank for p in Priority}
            return lambda i: rank[states[i].get("priority", "none")]
        if sort == "rating":
            legend = self.legend
            return lambda i: legend.rank(states[i].get("rating"))
        return lambda i: STATE_ORDER[states[i].get("state", "unread")]

    def ranked_pids(self, query: Query | str = "", *, sort: str | None = None,
                    reverse: bool = False) -> list[int]:
        """Ids of the papers matching `query`, sorted (what `list` and the TUI show)."""
        return self.pids_of(self.sort_rows(self._query_rows(query), sort, reverse))

    def digest_pids(self, did: int, section: str | None = None) -> set[int]:
        """Papers listed by digest `did`; with `section`, only those under that exact
        section or subsection of it."""
        cols = self.store.index().cols
        listed = [pid for pid, dids in zip(cols["pid"], cols["digests"], strict=True)
                  if did in dids]
        if section is None:
            return set(listed)
        return {
            pid for pid, doc in self.store.rows(listed).items()
            if any(p.get("digest") == did and section in places(p) for p in doc.get("prov", ()))
        }

    def count(self) -> int:
        """How many papers the library holds."""
        return len(self.store.index())

