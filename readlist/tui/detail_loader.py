"""DetailLoader: fills the details pane with the highlighted paper, read in a worker.

Moving the cursor only marks the pane stale; the paper is read once the cursor rests
(DETAIL_DELAY), and a paper that arrives after the cursor moved on is dropped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message

from readlist.models import Paper, UserState
from readlist.tui.paper_actions import PaperActions
from readlist.tui.paper_list import PaperList


class DetailLoader(PaperActions):
    """Base of MainScreen: loads the highlighted paper's details and shows them."""

    #: Seconds the cursor must rest on a paper before its details are read.
    DETAIL_DELAY = 0.12

    #: Set by MainScreen: load the next highlighted paper's details without the pause.
    _detail_now: bool

    class DetailLoaded(Message):
        def __init__(self, pid: int, paper: Paper | None) -> None:
            super().__init__()
            self.pid, self.paper = pid, paper

    if TYPE_CHECKING:  # implemented by MainScreen
        def _later(self, name: str, delay: float, callback: Any) -> None: ...

        def report_problem(self, message: str) -> None: ...

    def on_paper_list_highlighted(self, message: PaperList.Highlighted) -> None:
        pid = message.pid
        now, self._detail_now = self._detail_now, False
        if pid is None:
            self._detail = None
            self.detail.show(None)
            return
        if self._detail is not None and self._detail.pid == pid:
            self._show_detail()
            return
        # Until its details arrive, the pane says it still shows another paper.
        self.detail.mark_stale(pid)
        self._later("detail", 0 if now else self.DETAIL_DELAY, lambda: self.run_details(pid))

    def on_paper_list_selected(self, message: PaperList.Selected) -> None:
        self.detail.focus()

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False,
          description="detail")
    def run_details(self, pid: int) -> None:
        try:
            self.post_message(self.DetailLoaded(pid, self.backend.details(pid)))
        except Exception as exc:
            self.report_problem(f"cannot load paper {pid}: {exc}")

    def on_detail_loader_detail_loaded(self, message: DetailLoaded) -> None:
        if message.pid != self.papers.current:
            return
        self._detail = message.paper
        self._show_detail()

    def _show_detail(self) -> None:
        """Render the loaded paper with the state the user sees (optimistic edits included)."""
        paper = self._detail
        if paper is not None:
            state = self.triage.state(self.snapshot, paper.pid)
            paper = replace(paper, user=UserState.from_doc(state))
        self.detail.show(paper)
