"""LibrarySync: keeps the main screen in step with the library it shows.

The backend's writer reports each save (or failure) here; another process (the CLI)
changing the library is noticed by a poll and reloads the list; the sidebar's counts are
redone in a worker once the user pauses; the search text is read ahead of the first filter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message

from readlist.tui.backend import Backend
from readlist.tui.backend_records import Overview
from readlist.tui.paper_actions import PaperActions


class LibrarySync(PaperActions):
    """Base of MainScreen: saves, changes made elsewhere, sidebar counts, search warm-up."""

    #: Seconds to wait after a save before recounting the sidebar (more on big libraries).
    OVERVIEW_DELAY = 0.4
    #: Seconds between looks at whether another process changed the library.
    POLL_INTERVAL = 1.0

    # Set by MainScreen: whether a first answer was shown, and a reload is under way.
    loaded: bool
    _reloading: bool

    class OverviewLoaded(Message):
        def __init__(self, overview: Overview) -> None:
            super().__init__()
            self.overview = overview

    if TYPE_CHECKING:
        # Implemented by MainScreen.
        def _later(self, name: str, delay: float, callback: Any) -> None: ...

        def report_problem(self, message: str) -> None: ...

        # Implemented by TriageCounter and DetailLoader.
        def _shown(self) -> set[int]: ...

        def _recount(self, pids: set[int]) -> None: ...

        def _show_detail(self) -> None: ...

    # -- sidebar counts and search text ---------------------------------------------------

    def refresh_overview(self, delay: float | None = None) -> None:
        """Recount the sidebar once the user pauses (sooner on small libraries).

        Counting takes a pass over every paper (about a second per 100,000 papers), so
        while someone triages quickly it waits for a pause instead of competing with saves.
        """
        if delay is None:
            size = len(self.snapshot.index) if self.snapshot is not None else 0
            delay = self.OVERVIEW_DELAY + min(3.0, size / 40_000)
        self._later("overview", delay, self.run_overview)

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False,
          description="overview")
    def run_overview(self) -> None:
        try:
            self.post_message(self.OverviewLoaded(self.backend.overview()))
        except Exception as exc:  # counts are a nicety: report, never crash
            self.report_problem(f"cannot count the library: {exc}")

    @work(thread=True, exclusive=True, group="warm", exit_on_error=False,
          description="warm")
    def warm_search(self) -> None:
        """Load every paper's searchable text now, so the first full-text filter is quick."""
        try:
            self.backend.warm_search()
        except Exception as exc:  # filtering will load (and report) it when needed
            self.report_problem(f"cannot read the search index: {exc}")

    def on_library_sync_overview_loaded(self, message: OverviewLoaded) -> None:
        self.overview = message.overview
        self.sidebar.update(message.overview, self.view)

    # -- changes made elsewhere -----------------------------------------------------------

    def poll(self) -> None:
        """Once a second: reload when another process (the CLI) changed the library."""
        if self._reloading or self.backend.busy or not self.loaded:
            return
        if self.backend.changed_on_disk():
            self._reloading = True
            self._detail = None
            self.request(reload=True)

    # -- saving (results of the backend's writer) -----------------------------------------

    def on_backend_saved(self, message: Backend.Saved) -> None:
        self.triage.settled(message.edit)
        self.snapshot = message.snapshot
        self.papers.snapshot = message.snapshot
        self.after_state_change(message.edit.optimistic)
        self.refresh_overview()
        if message.external:
            self.request(reload=True)
        elif self.view.triage and not set(message.edit.optimistic) <= self._shown():
            # A paper that is not on the list changed (an undo after a reload): only the
            # view's query knows whether it belongs here now, and the counter with it.
            self.request(reload=True)

    def on_backend_save_failed(self, message: Backend.SaveFailed) -> None:
        self.triage.settled(message.edit)
        self.after_state_change(message.edit.optimistic)
        self.notify(f"Not saved ({message.edit.description}): {message.message}",
                    title="readlist", severity="error", markup=False)

    def after_state_change(self, pids: Any) -> None:
        """Redraw what depends on these papers' states: rows, counter, details."""
        pids = set(pids)
        self.papers.refresh_pids(pids)
        self._recount(pids)
        if self._detail is not None and self._detail.pid in pids:
            self._show_detail()
