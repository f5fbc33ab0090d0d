"""DialogActions: the main screen's keys that open a dialog or leave the app with a link.

Add, import, export, sort and help each push a modal (the long ones get their task as a
callable and run it in a worker; their results come back here); the link keys open the
paper's page or PDF, or copy its link. None of them edits a paper's state.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from readlist.models import Paper
from readlist.text import safe_line
from readlist.tui.cells import clip
from readlist.tui.main_screen_base import MainScreenBase

if TYPE_CHECKING:
    from readlist.tui.sort_menu import SortChoice

# Dialogs are imported when opened: none of them is needed to paint the first frame.


class DialogActions(MainScreenBase):
    """Base of PaperActions: the `action_*` methods of the links and the dialogs."""

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
