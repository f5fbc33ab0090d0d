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

The records it hands out (`Snapshot`, `Edit`, `FilterResult`…) are in backend_records.py;
the dialogs' long tasks, which run on a Library of their own, in dialog_tasks.py.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from textual.message import Message

from readlist.gcpause import gc_paused
from readlist.service import Change, Library
from readlist.tui.backend_records import Edit, FilterResult, Overview, Snapshot
from readlist.tui.dialog_tasks import DialogTasks
from readlist.tui.views import View, narrows, triaged_in_scope

Signature = tuple[int, int, int] | None


class Backend(DialogTasks):
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
