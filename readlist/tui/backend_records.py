"""The records the TUI's backend and its screen pass between threads.

`Snapshot` and `Row` are what the UI thread renders from, `Overview` feeds the sidebar,
`FilterResult` is one answer to a view + filter, and `Edit` is one user action queued for
the backend's writer. They live apart from `Backend` because every screen part and widget
reads them, while only the app and the screen talk to the backend itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from readlist.libindex import PENDING, IndexTable
from readlist.models import Legend
from readlist.query import Query
from readlist.service import Change, DigestSummary, Library, Stats
from readlist.tui.views import View

Doc = dict[str, Any]


class Row(NamedTuple):
    """What the paper list shows of one paper (from the listing index and the state)."""

    pid: int
    title: str
    author: str | None
    date: str | None
    digests: list[int]
    state: Doc
    key: str = ""
    #: Known by id only: arXiv has not been asked yet (an offline `add`, a bare link).
    pending: bool = False

    @property
    def display_title(self) -> str:
        """The title, or what stands for it while there is none (as `Paper.display_title`)."""
        if self.title.strip():
            return self.title
        return f"({self.key}: metadata pending)" if self.pending else f"({self.key})"


@dataclass(frozen=True)
class Snapshot:
    """What the UI thread renders from: the listing index, user states, digest names.

    Commits replace these objects rather than change them (the index only gains rows), so
    the UI thread may read a snapshot while a worker writes.
    """

    index: IndexTable
    states: Mapping[str, Doc]
    digest_names: Mapping[int, str]
    legend: Legend
    generation: int

    def row(self, pid: int, state: Doc | None = None) -> Row | None:
        """One paper's row; `state` overrides the stored state (optimistic edits)."""
        i = self.index.pos.get(pid)
        if i is None:
            return None
        cols = self.index.cols
        if state is None:
            state = self.states.get(str(pid)) or {}
        return Row(pid, cols["title"][i], cols["author"][i], cols["date"][i],
                   cols["digests"][i], state, cols["key"][i], bool(cols["flags"][i] & PENDING))

    def has(self, pid: int) -> bool:
        return pid in self.index.pos


@dataclass(frozen=True)
class Overview:
    """The sidebar's numbers: library stats, digests with progress, tags with counts."""

    stats: Stats
    digests: list[DigestSummary]
    tags: dict[str, int]
    untriaged_by_digest: dict[int, int]


@dataclass
class Edit:
    """One user action, queued for the writer: what to call, and what to show meanwhile."""

    description: str
    apply: Callable[[Library], Change]
    #: pid → the state document the UI shows until the write is saved.
    optimistic: dict[int, Doc]
    #: pid → the state document before the action (what an undo shows).
    prior: dict[int, Doc]
    #: Filled by the writer once saved: what the library says changed.
    change: Change | None = None
    undo_of: Edit | None = None
    failed: str | None = None


@dataclass
class FilterResult:
    """The papers a view + filter text select, in the view's sort order."""

    view: View
    text: str
    query: Query
    #: Rows of the listing index (what the next, narrower filter starts from) …
    rows: list[int]
    #: … and the papers on them (what the list shows).
    pids: list[int]
    generation: int
    #: False for the quick first answer (free words matched on titles and notes only);
    #: such a result never seeds the next, narrower filter.
    complete: bool = True

