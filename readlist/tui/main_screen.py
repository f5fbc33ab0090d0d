"""MainScreen: sidebar, filter bar, paper list and details; loads data through workers.

Data flow: every view change, filter keystroke or reload becomes a `Request`
handled by one exclusive thread worker, which posts `Loaded` back; results of superseded
requests are dropped by sequence number, so typing never waits for a slow query.

The screen's other parts are its bases, one module each: the keys (`PaperActions`,
paper_actions.py), views, filter and sort (`ViewControls`, view_controls.py), saves,
outside changes and sidebar counts (`LibrarySync`, library_sync.py), the details pane
(`DetailLoader`, detail_loader.py) and the triage counter (`TriageCounter`, triage_counter.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer

from readlist.config import Config
from readlist.errors import ReadlistError, UsageError
from readlist.models import Paper
from readlist.tui import keys
from readlist.tui.backend import Backend
from readlist.tui.backend_records import FilterResult, Overview, Snapshot
from readlist.tui.detail import PaperDetail
from readlist.tui.detail_loader import DetailLoader
from readlist.tui.filter_bar import FilterBar
from readlist.tui.library_sync import LibrarySync
from readlist.tui.paper_list import PaperList
from readlist.tui.sidebar import Sidebar
from readlist.tui.triage import Triage
from readlist.tui.triage_bar import Hint, TriageBar, triage_hints
from readlist.tui.triage_counter import TriageCounter
from readlist.tui.view_controls import ViewControls
from readlist.tui.views import ALL, INBOX, View

NO_PAPERS = "No papers here. a: add by arXiv id · i: import a digest · /: change the filter"
EMPTY_LIBRARY = ("Your library is empty (readlist demo opens a sample one). "
                 "i: import a digest · a: add by arXiv id")

#: Views at least this big get a quick title-and-notes answer to a free-word filter
#: before the full-text one (which reads every abstract).
QUICK_FIRST = 20_000


@dataclass(frozen=True)
class Request:
    """What the list should show: a view, a filter, a sort; where the cursor should stay."""

    seq: int
    view: View
    text: str
    sort: str
    reverse: bool
    keep: int | None = None
    reload: bool = False
    initial: bool = False
    #: The view's sorted papers when the view, sort and generation are unchanged.
    cached: tuple[tuple[Any, ...], list[int]] | None = None
    previous: FilterResult | None = None


class MainScreen(ViewControls, LibrarySync, DetailLoader, TriageCounter):
    """The library: views on the left, papers in the middle, the paper's details."""

    CSS_PATH = "main_screen.tcss"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.MAIN_KEYS)
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Textual declares it as an instance attribute
        (0, "-narrow"), (100, "-normal"), (150, "-wide"),
    ]

    #: A filter keystroke is answered at once; on big views the full-text pass waits
    #: FULL_TEXT_DELAY seconds for the next keystroke first (no work for a word still being
    #: typed). The other pauses before heavier work belong to the bases that do it.
    FULL_TEXT_DELAY = 0.03

    class Loaded(Message):
        def __init__(self, request: Request, snapshot: Snapshot, view: View,
                     view_key: tuple[Any, ...], view_rows: list[int], result: FilterResult,
                     triaged: set[int]) -> None:
            super().__init__()
            self.request, self.snapshot, self.view = request, snapshot, view
            self.view_key, self.view_rows, self.result = view_key, view_rows, result
            #: The papers of the answer already triaged.
            self.triaged = triaged

    class FilterFailed(Message):
        def __init__(self, seq: int, error: str) -> None:
            super().__init__()
            self.seq, self.error = seq, error

    class Problem(Message):
        """A worker failed (unreadable library, …): shown as a notification."""

        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(self, backend: Backend, config: Config, keymap: keys.Keymap) -> None:
        super().__init__()
        self.backend = backend
        self.config = config
        self.keymap = keymap
        self.legend = backend.library.legend
        self.triage = Triage(self.legend)
        self.view: View = INBOX
        self.sort = config.default_sort
        self.reverse = False
        self.snapshot: Snapshot | None = None
        self.result: FilterResult | None = None
        self.overview: Overview | None = None
        self.loaded = False
        self._seq = 0
        self._view_cache: tuple[tuple[Any, ...], list[int]] | None = None
        #: Triage counter: papers on the list that are triaged, and triaged papers of the
        #: view's scope that are not on it (triaged before the list was loaded).
        self._triaged: set[int] = set()
        self._triaged_elsewhere = 0
        self._shown_set: tuple[FilterResult | None, set[int]] = (None, set())
        self._hints: list[Hint] = []
        self._detail: Paper | None = None
        self._debounce: dict[str, Timer] = {}
        self._reloading = False
        #: Load the next highlighted paper's details without the usual pause.
        self._detail_now = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield Sidebar(self.legend, id="sidebar")
            with Vertical(id="main"):
                yield FilterBar(id="filter-bar")
                bar = TriageBar(id="triage-bar")
                bar.display = self.view.triage
                yield bar
                with Container(id="panes"):
                    yield PaperList(id="papers")
                    yield PaperDetail(self.legend, id="detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._hints = triage_hints(
            self.keymap, lambda key: self.app.get_key_display(Binding(key, "")))
        self.papers.overrides = self.triage.overrides
        self.papers.focus()
        self.filter_bar.set_view(self.view.label)
        self.request(initial=True)
        self.set_interval(self.POLL_INTERVAL, self.poll)

    # -- used by the bases ----------------------------------------------------------------

    def _later(self, name: str, delay: float, callback: Any) -> None:
        """Run `callback` after `delay`, restarting the wait if asked again (debounce)."""
        timer = self._debounce.pop(name, None)
        if timer is not None:
            timer.stop()
        if delay <= 0:
            callback()
            return
        self._debounce[name] = self.set_timer(delay, callback, name=name)

    def report_problem(self, message: str) -> None:
        """Show a worker's failure as a notification (callable from any thread)."""
        self.post_message(self.Problem(message))

    # -- loading --------------------------------------------------------------------------

    def request(self, *, view: View | None = None, text: str | None = None,
                keep: int | None = None, reload: bool = False, initial: bool = False) -> None:
        """Ask the loader for `view` filtered by `text` (defaults: what is shown now)."""
        self._seq += 1
        view = view or self.view
        text = self.filter_bar.text if text is None else text
        self.filter_bar.set_busy(True)
        self.run_loader(Request(self._seq, view, text, self.sort, self.reverse, keep, reload,
                                initial, None if reload else self._view_cache, self.result))

    @work(thread=True, exclusive=True, group="load", exit_on_error=False,
          description="load")
    def run_loader(self, req: Request) -> None:
        backend = self.backend

        def stale() -> bool:  # a newer request came in: its worker will do the work
            return req.seq != self._seq

        try:
            if req.reload:
                backend.reload()
            if stale():
                return
            snapshot = backend.snapshot()
            view = req.view
            key: tuple[Any, ...] = (view, req.sort, req.reverse, snapshot.generation)
            if req.cached is not None and req.cached[0] == key:
                view_rows = req.cached[1]
            else:
                view_rows = backend.view_rows(view, req.sort, req.reverse)
            if stale():
                return
            if req.initial and view == INBOX and not view_rows:
                view, key = ALL, (ALL, req.sort, req.reverse, snapshot.generation)
                view_rows = backend.view_rows(view, req.sort, req.reverse)
            if len(view_rows) >= QUICK_FIRST and self.backend.library.parse_query(req.text).words:
                # Searching every abstract takes a while on a big library: show the papers
                # whose titles (or notes) match at once, then the full answer.
                quick = backend.filter(view, view_rows, req.text, req.previous, full_text=False)
                self.post_message(self.Loaded(req, snapshot, view, key, view_rows, quick,
                                              self._progress(quick, snapshot)))
                time.sleep(self.FULL_TEXT_DELAY)
                if stale():
                    return
            result = backend.filter(view, view_rows, req.text, req.previous)
            self.post_message(self.Loaded(req, snapshot, view, key, view_rows, result,
                                          self._progress(result, snapshot)))

        except UsageError as exc:
            self.post_message(self.FilterFailed(req.seq, exc.message))
        except ReadlistError as exc:
            self.post_message(self.Problem(exc.message))
        except Exception as exc:  # the UI must survive anything a worker meets
            self.post_message(self.Problem(f"{exc.__class__.__name__}: {exc}"))

    def on_main_screen_loaded(self, message: Loaded) -> None:
        req = message.request
        self._reloading = False
        if req.seq != self._seq:
            return  # superseded by a newer request
        first = not self.loaded
        self.loaded = True
        self.filter_bar.set_busy(not message.result.complete)
        self.snapshot = message.snapshot
        view_changed = message.view != self.view
        self.view = message.view
        self.result = message.result
        self._view_cache = (message.view_key, message.view_rows)
        self._triaged = message.triaged
        if view_changed:
            self._triaged_elsewhere = 0  # the new scope's count follows (ScopeCounted)
        papers = self.papers
        papers.snapshot = message.snapshot
        self.detail.digest_names = message.snapshot.digest_names
        papers.message = NO_PAPERS if len(message.snapshot.index) else EMPTY_LIBRARY
        if view_changed and req.keep is None:
            papers.show(message.result.pids, index=0)
        else:
            # Stay on the paper under the cursor now (the user may have moved meanwhile).
            keep = req.keep if req.keep is not None else papers.current
            if req.reload:
                # Changed elsewhere: a paper that left the view is replaced by the one that
                # took its place, and the details follow at once (keys act on that paper).
                self._detail_now = True
                papers.show(message.result.pids, keep=keep)
            else:
                # A new filter or sort: a paper filtered out gives way to the first match.
                papers.show(message.result.pids, keep=keep, index=0)
        # display, not a screen class: a class change restyles every widget on the screen.
        self.query_one(TriageBar).display = self.view.triage
        self.filter_bar.set_view(self.view.label)
        self._show_status()
        self._show_triage_progress()
        if self.view.triage and message.result.complete:
            # The counter's scope is another pass (over the triaged papers): once typing
            # pauses, so neither the answer nor its paint shares the CPU with it.
            self.count_scope(req.seq, message.result, message.snapshot)
        if first or req.reload:
            # After the list is painted: these workers would compete with the paint.
            self.call_after_refresh(self.refresh_overview, 0)
            self.call_after_refresh(self.warm_search)

    def on_main_screen_filter_failed(self, message: FilterFailed) -> None:
        if message.seq == self._seq:
            self._reloading = False
            self.filter_bar.set_busy(False)
            self._show_status(message.error)

    def on_main_screen_problem(self, message: Problem) -> None:
        self._reloading = False
        self.notify(message.message, title="readlist", severity="error", markup=False)

    def _show_status(self, error: str | None = None) -> None:
        total = len(self._view_cache[1]) if self._view_cache else 0
        shown = len(self.result.pids) if self.result else 0
        label = self.sort + (" ↑" if self.reverse else "")
        self.filter_bar.set_status(shown, total, label, error)
