"""PaperActions: what the main screen's keys do to papers (triage, tags, notes).

Each triage key builds an edit (triage.py), shows it at once, queues it for the backend's
writer and, in the Inbox, moves on to the next untriaged paper. Dialogs get their task as
a callable and run it in a worker; their results come back here.

The keys that open the other dialogs or a paper's links are in `DialogActions`
(dialog_actions.py), the ones that move the focus in `PaneFocus` (pane_focus.py), and
what all of them share in `MainScreenBase` (main_screen_base.py).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import SuspendNotSupported

from readlist.errors import ReadlistError
from readlist.models import ReadState
from readlist.tui.backend_records import Edit
from readlist.tui.dialog_actions import DialogActions
from readlist.tui.pane_focus import PaneFocus

if TYPE_CHECKING:
    from readlist.tui.tag_modal import TagChange

# Dialogs are imported when opened: none of them is needed to paint the first frame.


class PaperActions(DialogActions, PaneFocus):
    """Base of MainScreen: the `action_*` methods of MAIN_KEYS and the dialogs."""

    # -- helpers --------------------------------------------------------------------------

    def submit(self, edit: Edit) -> None:
        """Show an edit now, save it in the background (in key-press order)."""
        self.triage.begin(edit)
        self.after_state_change(edit.optimistic)
        if self.backend.submit(edit):
            self.run_worker(partial(self.backend.drain, self.post_message), thread=True,
                            group="writer", exit_on_error=False)

    def advance(self) -> None:
        """Next paper: in triage mode the next untriaged one (wrapping), else the next row."""
        papers = self.papers
        if not self.view.triage:
            papers.cursor = min(papers.cursor + 1, max(0, len(papers.pids) - 1))
            return
        pids, start = papers.pids, papers.cursor
        for offset in range(1, len(pids) + 1):
            index = (start + offset) % len(pids)
            if not self.triage.is_triaged(self.snapshot, pids[index]):
                papers.cursor = index
                return
        if pids:
            self.notify("Everything here is triaged. 🎉  u undoes, v picks another view.",
                        title="Inbox zero", markup=False)

    def _act(self, build: Any, *, advance: bool) -> None:
        pid = self._current()
        if pid is None:
            return
        self.submit(build(self.snapshot, pid))
        if advance:
            self.advance()

    # -- triage keys ----------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        self._act(self.triage.toggle_read, advance=True)

    def action_rate(self, number: int) -> None:
        if number > len(self.triage.legend.ratings):
            self.notify(f"The legend has {len(self.triage.legend.ratings)} ratings.", timeout=2)
            return
        self._act(lambda snap, pid: self.triage.rate(snap, pid, number),
                  advance=self.view.triage)

    def action_cycle_priority(self) -> None:
        self._act(self.triage.cycle_priority, advance=self.view.triage)

    def action_skip(self) -> None:
        self._act(lambda snap, pid: self.triage.mark(snap, pid, ReadState.SKIPPED), advance=True)

    def action_reading(self) -> None:
        self._act(lambda snap, pid: self.triage.mark(snap, pid, ReadState.READING),
                  advance=self.view.triage)

    def action_next_untriaged(self) -> None:
        self.advance()

    def action_undo(self) -> None:
        edit = self.triage.undo(self.snapshot)
        if edit is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self.submit(edit)
        pid = next(iter(edit.optimistic), None)
        if pid is not None and pid in self.papers.pids:
            self.papers.cursor = self.papers.pids.index(pid)
        self.notify(f"Undone: {edit.description[5:]}", timeout=2, markup=False)

    def action_tags(self) -> None:
        pid = self._current()
        if pid is None:
            return
        current = list(self.triage.state(self.snapshot, pid).get("tags", []))
        known = list(self.overview.tags) if self.overview else []

        def done(change: TagChange | None) -> None:
            if change is not None:
                self.submit(self.triage.retag(self.snapshot, pid, *change))
                self.refresh_overview()

        from readlist.tui.tag_modal import TagModal

        self.app.push_screen(TagModal(self._title(pid), current, known), done)

    def action_note(self) -> None:
        pid = self._current()
        if pid is None:
            return

        def done(text: str | None) -> None:
            if text is not None:
                self.submit(self.triage.set_note(self.snapshot, pid, text))

        note = str(self.triage.state(self.snapshot, pid).get("notes") or "")
        from readlist.tui.note_editor import NoteEditor

        self.app.push_screen(NoteEditor(self._title(pid), note), done)

    def action_note_editor(self) -> None:
        pid = self._current()
        if pid is None:
            return
        from readlist.editor import edit_text

        note = str(self.triage.state(self.snapshot, pid).get("notes") or "")
        text, failure = note, None
        try:
            with self.app.suspend():
                # Caught in here: an error leaving suspend() skips the code that gives the
                # terminal back to the app, and the screen would stay frozen for good.
                try:
                    text = edit_text(note)
                except ReadlistError as exc:
                    failure = exc.message
                except Exception as exc:  # whatever the editor does, the app must come back
                    failure = f"the editor failed ({exc.__class__.__name__}: {exc}); nothing changed"
        except SuspendNotSupported:
            self.notify("This terminal cannot run an editor from here: use n.", title="Note",
                        severity="warning", markup=False)
            return
        if failure is not None:
            self.notify(failure, title="Note", severity="error", markup=False)
            return
        if text != note:
            self.submit(self.triage.set_note(self.snapshot, pid, text))

    def _title(self, pid: int) -> str:
        row = self.snapshot.row(pid) if self.snapshot else None
        return row.display_title if row else ""
