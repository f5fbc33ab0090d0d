"""The one API both front ends call: query, triage, import.

The CLI and the TUI hold no business logic: they parse arguments or keys, call a `Library`
method, and render what it returns. Every write goes through a store transaction, so it is
atomic, safe beside other readlist processes, and applied to the freshest data on disk.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from readlist.errors import NotFoundError, UsageError
from readlist.ids import doi_key, openreview_key, parse_target
from readlist.libindex import PENDING, IndexTable, places
from readlist.models import Digest, Paper, Priority, ReadState
from readlist.query import Query, parse
from readlist.query_eval import MatchContext, notes_by_row, select
from readlist.service.import_ops import Importing
from readlist.service.records import to_digest, to_paper
from readlist.service.triage import Triage

Doc = dict[str, Any]

STATE_ORDER = {s.value: i for i, s in enumerate(ReadState)}


@dataclass(frozen=True)
class DigestSummary:
    """A digest with its read progress."""

    digest: Digest
    papers: int
    read: int
    triaged: int


@dataclass(frozen=True)
class Stats:
    papers: int
    digests: int
    by_state: dict[str, int]
    by_priority: dict[str, int]
    by_rating: dict[str, int]
    tags: dict[str, int]
    triaged: int
    with_notes: int
    pending: int
    families: dict[str, int]


class Library(Triage, Importing):
    """A readlist library: reading (here), triage (service.triage), import
    (service.import_ops), over the store in a home folder (service.base)."""

    def parse_query(self, text: str) -> Query:
        return parse(text, self.legend)

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

    def query(
        self,
        query: Query | str = "",
        *,
        sort: str | None = None,
        reverse: bool = False,
        limit: int | None = None,
        details: bool = False,
    ) -> list[Paper]:
        """Papers matching `query`, sorted, at most `limit` of them."""
        rows = self.sort_rows(self._query_rows(query), sort, reverse)
        if limit is not None:
            rows = rows[: max(0, limit)]
        return self.papers(self.pids_of(rows), details=details)

    def papers(self, pids: Sequence[int], *, details: bool = False) -> list[Paper]:
        """Full `Paper` objects for the given ids (reads only the shards they live in)."""
        rows = self.store.rows(pids)
        loaded = self.store.details(pids) if details else {}
        digests = self.digest_docs() if details else None
        result = []
        for pid in pids:
            doc = rows.get(pid)
            if doc is None:
                continue
            result.append(
                to_paper(pid, doc, self.store.state(pid),
                         loaded.get(pid, {}) if details else None, digests)
            )
        return result

    def paper(self, pid: int, *, details: bool = True) -> Paper:
        found = self.papers([pid], details=details)
        if not found:
            raise NotFoundError(f"no paper with id {pid} in the library")
        return found[0]

    def resolve(self, target: str) -> int:
        """The paper a TARGET names: key, arXiv id in any form, OpenReview id, DOI, or URL."""
        text = target.strip()
        if not text:
            raise UsageError("empty TARGET")
        parsed = parse_target(text)
        if parsed.arxiv is not None:
            candidates = [parsed.arxiv.id]
        elif parsed.openreview is not None:
            candidates = [openreview_key(parsed.openreview)]
        elif parsed.doi is not None:
            candidates = [doi_key(parsed.doi)]
        else:
            candidates = [text, f"openreview:{text}"]
        for candidate in candidates:
            pid = self.store.lookup_key(candidate)
            if pid is not None:
                return pid
        if parsed.key is not None:
            if "://" in text:
                for key, doc in self.store.papers().items():
                    if text in (doc.get("links") or {}).values():
                        return int(key)
            else:
                matches = {pid for key, pid in self.store.keys().items() if key.startswith(text)}
                if len(matches) == 1:
                    return matches.pop()
                if len(matches) > 1:
                    raise UsageError(
                        f"{text!r} is ambiguous: it starts {len(matches)} library keys"
                    )
        raise NotFoundError(f"no paper {text!r} in the library")

    def resolve_many(self, targets: Iterable[str]) -> list[int]:
        seen: dict[int, None] = {}
        for target in targets:
            seen[self.resolve(target)] = None
        return list(seen)

    def digests(self) -> list[DigestSummary]:
        """Every digest, oldest import first, with papers / read / triaged counts."""
        totals: Counter[int] = Counter()
        read: Counter[int] = Counter()
        triaged: Counter[int] = Counter()
        table = self.store.index()
        states = self.row_states(table)
        for state, dids in zip(states, table.cols["digests"], strict=True):
            is_read = state.get("state") == "read"
            is_triaged = bool(state.get("triaged"))
            for did in dids:
                totals[did] += 1
                read[did] += is_read
                triaged[did] += is_triaged
        return [
            DigestSummary(to_digest(did, doc), totals[did], read[did], triaged[did])
            for did, doc in sorted(self.digest_docs().items())
        ]

    def tag_counts(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for state in self.row_states():
            if state:
                counts.update(state.get("tags", ()))
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def stats(self) -> Stats:
        table = self.store.index()
        by_state: Counter[str] = Counter()
        by_priority: Counter[str] = Counter()
        by_rating: Counter[str] = Counter()
        triaged = notes = 0
        for state in self.row_states(table):
            by_state[state.get("state", "unread")] += 1
            by_priority[state.get("priority", "none")] += 1
            if state.get("rating"):
                by_rating[state["rating"]] += 1
            triaged += bool(state.get("triaged"))
            notes += bool(state.get("notes"))
        pending = sum(1 for f in table.cols["flags"] if f & PENDING)
        digests = self.store.digests()
        families: Counter[str] = Counter(d.get("family", "?") for d in digests.values())
        return Stats(
            papers=len(table),
            digests=len(digests),
            by_state={s.value: by_state[s.value] for s in ReadState},
            by_priority={p.value: by_priority[p.value] for p in Priority},
            by_rating={r.emoji: by_rating[r.emoji] for r in self.legend.ratings},
            tags=self.tag_counts(),
            triaged=triaged,
            with_notes=notes,
            pending=pending,
            families=dict(families),
        )

