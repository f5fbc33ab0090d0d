"""Summaries of the whole library: each digest's read progress, tag counts, statistics.

What `readlist digests` and `readlist stats` show, and the TUI's sidebar: counts over
every row's state record, each in one pass over the listing index.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from readlist.libindex import PENDING
from readlist.models import Digest, Priority, ReadState
from readlist.service.records import to_digest
from readlist.service.rows import Rows


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


class Summaries(Rows):
    """Counts over the library: per digest, per tag, and overall."""

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

