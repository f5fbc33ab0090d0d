"""TriageCounter: the triage bar's "n of m triaged" while a triage view (the Inbox, …) is shown.

The count has two parts: the papers of the answer already triaged, worked out on the
loader's thread with each answer (`_progress`), and the triaged papers of the view's scope
that the answer leaves out (triaged before the list was loaded). The second part is another
pass, over the triaged papers only, run once typing pauses and posted as `ScopeCounted`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message

from readlist.tui.backend_records import FilterResult, Snapshot
from readlist.tui.paper_actions import PaperActions
from readlist.tui.triage_bar import Hint, TriageBar
from readlist.tui.views import UNTRIAGED


class TriageCounter(PaperActions):
    """Base of MainScreen: counts a triage view's progress and shows it in the triage bar."""

    #: Seconds typing must pause, once an answer is shown, before its scope is counted.
    SCOPE_DELAY = 0.1

    # Set by MainScreen: the loader's request number, and the counter's state.
    _seq: int
    #: Papers on the list that are triaged, and triaged papers of the view's scope that
    #: are not on it (triaged before the list was loaded).
    _triaged: set[int]
    _triaged_elsewhere: int
    _shown_set: tuple[FilterResult | None, set[int]]
    _hints: list[Hint]

    class ScopeCounted(Message):
        """The triaged papers of a triage view's scope that its answer leaves out."""

        def __init__(self, seq: int, elsewhere: int) -> None:
            super().__init__()
            self.seq, self.elsewhere = seq, elsewhere

    if TYPE_CHECKING:  # implemented by MainScreen
        def _later(self, name: str, delay: float, callback: Any) -> None: ...

        def report_problem(self, message: str) -> None: ...

    @staticmethod
    def _progress(result: FilterResult, snapshot: Snapshot) -> set[int]:
        """Where a triage view's counter starts (worker thread): the papers of the answer
        already triaged (the scope's others come after, in ScopeCounted).

        A view that selects untriaged papers (the Inbox) has none, and no per-paper look
        is needed for it on the way to the screen."""
        view = result.view
        if not view.triage or UNTRIAGED in view.terms:
            return set()
        states = snapshot.states
        return {p for p in result.pids if (states.get(str(p)) or {}).get("triaged")}

    def count_scope(self, seq: int, result: FilterResult, snapshot: Snapshot) -> None:
        """Count the triaged papers of the scope outside the answer `seq`, once typing pauses."""
        self._later("scope", self.SCOPE_DELAY,
                    lambda: self.run_scope_count(seq, result, snapshot))

    @work(thread=True, exclusive=True, group="scope", exit_on_error=False,
          description="triage scope")
    def run_scope_count(self, seq: int, result: FilterResult, snapshot: Snapshot) -> None:
        if seq != self._seq:
            return
        try:
            self.post_message(self.ScopeCounted(seq, self.backend.triaged_elsewhere(result, snapshot)))
        except Exception as exc:  # the UI must survive anything a worker meets
            self.report_problem(f"{exc.__class__.__name__}: {exc}")

    def on_triage_counter_scope_counted(self, message: ScopeCounted) -> None:
        if message.seq == self._seq:
            self._triaged_elsewhere = message.elsewhere
            self._show_triage_progress()

    def _show_triage_progress(self) -> None:
        if self.view.triage and self.result is not None:
            elsewhere = self._triaged_elsewhere
            self.query_one(TriageBar).show_progress(elsewhere + len(self._triaged),
                                                    elsewhere + len(self.result.pids),
                                                    self._hints)

    def _recount(self, pids: set[int]) -> None:
        """Update the counter for papers whose state changed (those on the list count)."""
        if self.view.triage:
            for pid in pids & self._shown():
                if self.triage.is_triaged(self.snapshot, pid):
                    self._triaged.add(pid)
                else:
                    self._triaged.discard(pid)
            self._show_triage_progress()

    def _shown(self) -> set[int]:
        """The papers of the list, as a set (built once per answer, when first needed)."""
        result = self.result
        if result is None:
            return set()
        if self._shown_set[0] is not result:
            self._shown_set = (result, set(result.pids))
        return self._shown_set[1]
