"""PaperActions: what the main screen's keys do to papers (triage, dialogs, links).

Each triage key builds an edit (triage.py), shows it at once, queues it for the backend's
writer and, in the Inbox, moves on to the next untriaged paper. Dialogs get their task as
a callable and run it in a worker; their results come back here.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import SuspendNotSupported
from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from readlist.errors import ReadlistError
from readlist.models import Paper, ReadState
from readlist.text import safe_line
from readlist.tui import keys
from readlist.tui.backend import Backend
from readlist.tui.backend_records import Edit, FilterResult, Overview, Snapshot
from readlist.tui.cells import clip
from readlist.tui.detail import PaperDetail
from readlist.tui.filter_bar import FilterBar
from readlist.tui.paper_list import PaperList
from readlist.tui.sidebar import Sidebar
from readlist.tui.triage import Triage
from readlist.tui.views import INBOX, View

if TYPE_CHECKING:
    from readlist.tui.sort_menu import SortChoice
    from readlist.tui.tag_modal import TagChange

# Dialogs are imported when opened: none of them is needed to paint the first frame.


class PaperActions(Screen[None]):
    """Base of MainScreen: the `action_*` methods of MAIN_KEYS and the dialogs."""

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

    # -- links ----------------------------------------------------------------------------

    def _with_paper(self, then: Any) -> None:
        pid = self._current()
        if pid is None:
            return
        if self._detail is not None and self._detail.pid == pid:
            then(self._detail)
            return

        def load() -> None:
            paper = self.backend.details(pid)
            if paper is not None:
                self.app.call_from_thread(then, paper)

        self.run_worker(load, thread=True, group="link", exit_on_error=False)

    def action_open_page(self) -> None:
        self._with_paper(lambda p: self._open(p.url, "page"))

    def action_open_pdf(self) -> None:
        self._with_paper(lambda p: self._open(p.pdf_url, "PDF"))

    def _open(self, url: str | None, what: str) -> None:
        if not url:
            self.notify(f"This paper has no {what} link.", timeout=3)
            return
        self.app.open_url(url)

    def action_copy_link(self) -> None:
        def copy(paper: Paper) -> None:
            url = paper.url
            if not url:
                self.notify("This paper has no link.", timeout=3)
                return
            self.app.copy_to_clipboard(url)
            self.notify(f"Copied {clip(safe_line(url), 70)}", timeout=3, markup=False)

        self._with_paper(copy)

    # -- dialogs --------------------------------------------------------------------------

    def _after_dialog(self, message: str | None) -> None:
        if message:
            self.notify(safe_line(message), timeout=6, markup=False)
            self.request(reload=True)

    def action_add(self) -> None:
        from readlist.tui.add_modal import AddModal

        self.app.push_screen(AddModal(self.backend.add_arxiv), self._after_dialog)

    def action_import_source(self) -> None:
        from readlist.tui.import_modal import ImportModal

        self.app.push_screen(ImportModal(self.backend.import_source), self._after_dialog)

    def action_export(self) -> None:
        if self.snapshot is None:
            return
        # Exactly the papers on screen, in a list of its own: the list the user sees may be
        # replaced by a reload while the dialog is open.
        pids = list(self.papers.pids)
        if not pids:
            self.notify("Nothing to export: no papers are shown here.", timeout=4, markup=False)
            return
        name = "".join(c if c.isalnum() else "-" for c in self.view.label.lower()).strip("-")
        default = str(Path.cwd() / f"readlist-{name or 'view'}.md")
        filtered = ", filtered" if self.filter_bar.text.strip() else ""
        prompt = (f"File to write ({len(pids):,} paper{'s' if len(pids) != 1 else ''} of "
                  f"{clip(self.view.label, 40)}{filtered}):")

        def task(path: str, force: bool, progress: Any) -> str:
            return self.backend.export_markdown(pids, path, progress, force=force)

        def done(message: str | None) -> None:
            if message:
                self.notify(safe_line(message), timeout=6, markup=False)

        from readlist.tui.export_modal import ExportModal

        self.app.push_screen(ExportModal(task, value=default, prompt=prompt), done)

    def action_sort(self) -> None:
        def done(choice: SortChoice | None) -> None:
            if choice is not None:
                self.set_sort(*choice)

        from readlist.tui.sort_menu import SortMenu

        self.app.push_screen(SortMenu(self.sort, self.reverse), done)

    def action_help(self) -> None:
        from readlist.tui.help_screen import HelpScreen

        self.app.push_screen(HelpScreen(self.keymap, self.triage.legend))

    # -- focus ----------------------------------------------------------------------------

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        # Bindings whose keys all went to remaps are bound to a key no terminal sends:
        # the footer must not offer them.
        return {k: v for k, v in super().active_bindings.items() if k != keys.UNBOUND}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter" and isinstance(self.focused, Input):
            # `/` is a priority binding (keys.py) and Textual does not see that an input
            # takes a typed slash: in the filter itself, it is text.
            return False
        return super().check_action(action, parameters)

    def action_filter(self) -> None:
        # At once (Widget.focus waits for the message queue): the keys right after `/`
        # are sent to whatever has the focus when the app reads them (see keys.py).
        self.set_focus(self.filter_bar.input)

    def action_focus_detail(self) -> None:
        self.detail.focus()

    def _panes(self) -> list[Widget]:
        panes: list[Widget] = [self.papers, self.detail]
        if not self.has_class("-narrow") or self.has_class("-show-sidebar"):
            panes.insert(0, self.sidebar)
        return panes

    def _cycle(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        index = panes.index(focused) if focused in panes else 0
        target = panes[(index + step) % len(panes)]
        if target is not self.sidebar:
            self.remove_class("-show-sidebar")
        target.focus()

    def action_next_pane(self) -> None:
        self._cycle(1)

    def action_previous_pane(self) -> None:
        self._cycle(-1)

    def action_views(self) -> None:
        if self.focused is self.sidebar:
            self.focus_list()
            return
        self.add_class("-show-sidebar")
        self.sidebar.focus()

    def action_inbox(self) -> None:
        self.show_view(INBOX)

    def action_back(self) -> None:
        if self.focused is self.papers:
            if self.filter_bar.text:
                self.filter_bar.set_text("")
                self.request(text="")
            return
        self.focus_list()

    def action_quit(self) -> None:
        self.app.exit()
