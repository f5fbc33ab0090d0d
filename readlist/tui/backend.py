"""The TUI's one door to the `Library`: reads in workers, and an ordered queue of writes.

Textual runs the UI on one thread and I/O in thread workers; the UI thread never calls the
Library (it could wait on the disk):

- reads (views, filters, details, sidebar counts) run in exclusive thread workers;
- writes (triage actions, undo) go through `submit`, which runs them one at a time, in the
  order the keys were pressed, in a writer worker; results come back as messages;
- reloads (another process committed) and writes hold `write_lock`.

Reads take no lock, so a long filter or count never delays a save. That is safe because
this Library only ever writes user states: a commit swaps in new state dictionaries and a
refresh swaps in new components, without changing the objects a reader already holds (the
listing index changes in place only when papers change, which happens in the dialogs'
own Library, never in this one). The UI renders from a `Snapshot` of such objects.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from textual.message import Message

from readlist.errors import ReadlistError
from readlist.gcpause import gc_paused
from readlist.libindex import PENDING, IndexTable
from readlist.models import Legend
from readlist.query import Query
from readlist.service import Change, DigestSummary, Library, Stats
from readlist.tui.views import View, narrows, triaged_in_scope

Doc = dict[str, Any]
Signature = tuple[int, int, int] | None


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


class Backend:
    """Serialises access to one Library for the TUI (see the module docstring)."""

    class Saved(Message):
        """An edit reached the disk; `snapshot` holds the states after it."""

        def __init__(self, edit: Edit, snapshot: Snapshot, external: bool) -> None:
            super().__init__()
            self.edit = edit
            self.snapshot = snapshot
            #: True when the write also picked up another process's commit.
            self.external = external

    class SaveFailed(Message):
        """An edit could not be saved (the message says why); nothing changed."""

        def __init__(self, edit: Edit, message: str) -> None:
            super().__init__()
            self.edit = edit
            self.message = message

    def __init__(self, library: Library) -> None:
        self.library = library
        # The TUI filters on every keystroke: keep the full-text index in memory.
        library.store.search_files.keep_in_memory = True
        self.write_lock = threading.RLock()
        self._queue: deque[Edit] = deque()
        self._queue_lock = threading.Lock()
        self._draining = False
        self._idle = threading.Event()
        self._idle.set()
        self.signature: Signature = None
        self._generation = -1
        self._pools: dict[tuple[int, int, str | None], set[int]] = {}
        #: Edits saved since the app started (for the benchmark and the tests).
        self.saved = 0
        #: Extra arguments for the arXiv client (tests pass a mock transport here).
        self.arxiv_options: dict[str, Any] = {}

    # -- reads (worker threads) -----------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """Load (or reuse) the listing index and states."""
        if self.signature is None:
            # First look at the library: what is on disk from now on counts as seen.
            self.signature = self.library.store.head_signature()
        return self._snapshot()

    def _snapshot(self) -> Snapshot:
        # One pause of the cyclic GC around all the files read (not one per file): a
        # collection between files walks everything decoded so far (~0.1 s at 100k papers).
        with gc_paused():
            return self._load_snapshot()

    def _load_snapshot(self) -> Snapshot:
        store = self.library.store
        self._generation = store.generation
        index = store.index()
        index.pos  # noqa: B018 - build the pid → row map here, not on the UI thread
        names = {int(k): str(d.get("title") or d.get("name") or f"digest-{k}")
                 for k, d in store.digests().items()}
        return Snapshot(index, store.states(), names, self.library.legend, self._generation)

    def reload(self) -> bool:
        """Pick up commits of other processes; True when the library changed."""
        with self.write_lock:
            self.signature = self.library.store.head_signature()
            changed = self.library.refresh()
            return changed or self.library.store.generation != self._generation

    def changed_on_disk(self) -> bool:
        """Cheap check (one stat) for a commit this backend has not seen yet."""
        return self.library.store.head_signature() != self.signature

    def warm_search(self) -> None:
        """Load the papers' searchable text (free words are matched against it)."""
        self.library.row_texts()

    def view_rows(self, view: View, sort: str, reverse: bool) -> list[int]:
        """The papers of a view, sorted, as rows of the listing index."""
        rows = None
        if view.digest is not None:
            rows = self.library.rows_of(self._pool(view.digest, view.section))
        return self.library.sort_rows(self.library.select_rows(view.query(), rows), sort, reverse)

    def filter(self, view: View, view_rows: list[int], text: str,
               previous: FilterResult | None = None, *, full_text: bool = True) -> FilterResult:
        """Narrow a view's (sorted) rows with a query; UsageError on a malformed query.

        When the query only narrows the previous complete answer (the user typed one more
        letter), only that answer's rows are searched.
        """
        generation = self.library.store.generation
        query = self.library.parse_query(text)
        seed = view_rows
        if (previous is not None and previous.complete and previous.view == view
                and previous.generation == generation and narrows(previous.query, query)):
            seed = previous.rows
        full_text = full_text or not query.words
        rows = self.library.select_rows(query, seed, full_text=full_text)
        return FilterResult(view, text, query, rows, self.library.pids_of(rows), generation,
                            complete=full_text)

    def triaged_elsewhere(self, result: FilterResult, snapshot: Snapshot) -> int:
        """For a triage view's answer: the papers of its scope that are triaged and not
        in the answer (see views.triaged_in_scope); the counter's starting point."""
        view = result.view
        # Only triaged papers can count: the query runs over them, not the whole library
        # (a few thousand rows instead of 100,000, on every keystroke of a triage view).
        states = snapshot.states
        candidates = {int(pid) for pid, state in states.items() if (state or {}).get("triaged")}
        if view.digest is not None:
            candidates &= self._pool(view.digest, view.section)
        found = self.library.select_rows(triaged_in_scope(view, result.query),
                                         self.library.rows_of(candidates),
                                         full_text=result.complete)
        shown = set(result.pids)
        return sum(1 for pid in self.library.pids_of(found) if pid not in shown)

    def _pool(self, did: int, section: str | None) -> set[int]:
        """Papers listed by digest `did` (in `section`, when given), cached per generation."""
        generation = self.library.store.generation
        key = (generation, did, section)
        found = self._pools.get(key)
        if found is None:
            found = self.library.digest_pids(did, section)
            self._pools = {k: v for k, v in self._pools.items() if k[0] == generation}
            self._pools[key] = found
        return found

    def overview(self) -> Overview:
        """Counts for the sidebar (one pass over the library each)."""
        lib = self.library
        digests = lib.digests()
        return Overview(lib.stats(), digests, lib.tag_counts(),
                        {d.digest.id: d.papers - d.triaged for d in digests})

    def details(self, pid: int) -> Any:
        """The paper with its bulky fields (abstract, provenance…), or None when gone."""
        found = self.library.papers([pid], details=True)
        return found[0] if found else None

    # -- long tasks (dialogs) ------------------------------------------------------------
    #
    # These may take seconds (network, big files). They run on a Library of their own, like
    # a CLI command in another terminal would: the UI's library is never locked meanwhile,
    # and the next poll (or the reload the dialog asks for) picks up what they committed.

    def side_library(self) -> Library:
        lib = self.library
        return Library(lib.home, config=lib.config, durable=lib.store.durable)

    def add_arxiv(self, text: str, progress: Callable[[str], None]) -> str:
        """Add papers by arXiv id/URL (space separated); a one-line summary, or ReadlistError."""
        from readlist.service import arxiv_ops

        specs = text.replace(",", " ").split()
        progress(f"Asking arXiv about {len(specs)} paper{'s' if len(specs) != 1 else ''}…")
        library = self.side_library()
        with arxiv_ops.open_client(library, **self.arxiv_options) as client:
            report = arxiv_ops.add_papers(library, specs, client=client)
        if not report.papers:
            reason = report.outage or (report.failed[0][1] if report.failed else "nothing added")
            typed = report.failed[0][0] if report.failed else text
            raise ReadlistError(f"{typed}: {reason}")
        done = ", ".join(f"{p.key} ({p.status})" for p in report.papers[:3])
        more = f" and {len(report.papers) - 3} more" if len(report.papers) > 3 else ""
        failed = f"; not added: {', '.join(f for f, _ in report.failed)}" if report.failed else ""
        outage = f"; arXiv unreachable ({report.outage}), kept as pending" if report.outage else ""
        return f"Added {done}{more}{failed}{outage}"

    def import_source(self, spec: str, progress: Callable[[str], None]) -> str:
        """Import a file, folder or URL; a one-line summary, or ReadlistError."""
        from pathlib import Path

        if not spec.lower().startswith(("http://", "https://")):
            spec = str(Path(spec).expanduser())
        outcome = self.side_library().import_sources(
            [spec], progress=lambda source: progress(f"Reading {source}…"))
        if not outcome.reports:
            raise ReadlistError(outcome.errors[0].message if outcome.errors else "nothing to import")
        parts = []
        for r in outcome.reports:
            label = r.title or r.name or r.source
            skipped = f", {len(r.skipped)} skipped" if r.skipped else ""
            parts.append(f"{label}: {r.new} new, {r.merged} merged, {r.unchanged} unchanged"
                         f"{skipped} ({r.family})")
        errors = f"; {len(outcome.errors)} failed: {outcome.errors[0].message}" if outcome.errors else ""
        return "Imported " + "; ".join(parts) + errors

    def export_markdown(self, pids: list[int], path: str, progress: Callable[[str], None], *,
                        force: bool = False) -> str:
        """Write these papers as `readlist export markdown` would; a summary, or ReadlistError
        (an existing file is only replaced with `force`)."""
        from pathlib import Path

        from readlist.service import export_ops

        target = Path(path).expanduser()
        progress("Writing the Markdown export…")
        count = export_ops.write_markdown_of(self.side_library(), pids, target, force=force)
        return f"Exported {count:,} paper{'s' if count != 1 else ''} to {target}"

    # -- writes ---------------------------------------------------------------------------

    def submit(self, edit: Edit) -> bool:
        """Queue an edit; True when the caller must start a writer (`drain`) for it."""
        with self._queue_lock:
            self._queue.append(edit)
            self._idle.clear()
            if self._draining:
                return False
            self._draining = True
            return True

    def drain(self, post: Callable[[Message], object]) -> None:
        """Run queued edits in order until the queue is empty (body of the writer worker)."""
        while True:
            with self._queue_lock:
                if not self._queue:
                    self._draining = False
                    self._idle.set()
                    return
                edit = self._queue.popleft()
            post(self._save(edit))

    def _save(self, edit: Edit) -> Message:
        try:
            with self.write_lock:
                store = self.library.store
                external = store.head_signature() != self.signature
                if edit.undo_of is not None:
                    done = edit.undo_of.change
                    edit.change = (self.library.undo(done) if done is not None
                                   else Change(edit.description))
                else:
                    edit.change = edit.apply(self.library)
                self.signature = store.head_signature()
                snapshot = self._snapshot()
                self.saved += 1
            return self.Saved(edit, snapshot, external)
        except Exception as exc:  # a failed save must reach the user, never crash the app
            edit.failed = str(exc) or exc.__class__.__name__
            return self.SaveFailed(edit, edit.failed)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every queued edit is saved (used when the app exits)."""
        return self._idle.wait(timeout)

    @property
    def busy(self) -> bool:
        return not self._idle.is_set()
