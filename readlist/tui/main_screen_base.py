"""MainScreenBase: what the parts of MainScreen share (its state, widgets and loader).

MainScreen is assembled from bases, one module each (see main_screen.py); this is the
bottom one. It declares the screen's state, finds its widgets, and names the methods
MainScreen implements, so each part can be read and type-checked on its own.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from readlist.models import Paper
from readlist.tui import keys
from readlist.tui.backend import Backend
from readlist.tui.backend_records import FilterResult, Overview, Snapshot
from readlist.tui.detail import PaperDetail
from readlist.tui.filter_bar import FilterBar
from readlist.tui.paper_list import PaperList
from readlist.tui.sidebar import Sidebar
from readlist.tui.triage import Triage
from readlist.tui.views import View


class MainScreenBase(Screen[None]):
    """Base of every part of MainScreen: its state, its widgets, what MainScreen implements."""

    backend: Backend
    triage: Triage
    snapshot: Snapshot | None
    view: View
    sort: str
    reverse: bool
    overview: Overview | None
    result: FilterResult | None
    keymap: keys.Keymap
    _detail: Paper | None

    @property
    def papers(self) -> PaperList:
        return self.query_one(PaperList)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one(Sidebar)

    @property
    def detail(self) -> PaperDetail:
        return self.query_one(PaperDetail)

    # Implemented by MainScreen (loading and redrawing).
    def request(self, *, view: View | None = None, text: str | None = None,
                keep: int | None = None, reload: bool = False, initial: bool = False) -> None:
        raise NotImplementedError

    def show_view(self, view: View) -> None:
        raise NotImplementedError

    def set_sort(self, sort: str, reverse: bool) -> None:
        raise NotImplementedError

    def after_state_change(self, pids: Any) -> None:
        raise NotImplementedError

    def refresh_overview(self, delay: float | None = None) -> None:
        raise NotImplementedError

    def focus_list(self) -> None:
        raise NotImplementedError

    # -- helpers --------------------------------------------------------------------------

    def _current(self) -> int | None:
        pid = self.papers.current
        if pid is None:
            self.notify("No paper selected.", timeout=2)
        return pid

