"""ExportModal: write the papers of the current view to a Markdown file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from readlist.tui.cells import clip
from readlist.tui.prompt_modal import PromptModal

#: (file name, overwrite?, progress callback) → a one-line success message.
ExportTask = Callable[[str, bool, Callable[[str], None]], str]


class ExportModal(PromptModal):
    """`e`: the same Markdown as `readlist export markdown`, to a file the user names.

    An existing file is replaced only once the user said yes to overwriting it.
    """

    TITLE_TEXT = "Export to Markdown"
    PROMPT = "File to write:"
    PLACEHOLDER = "readlist-export.md"
    HINT = "enter: write the file · escape: cancel"

    def __init__(self, export: ExportTask, *, value: str = "", prompt: str | None = None) -> None:
        super().__init__(self._export, value=value, prompt=prompt)
        self.export = export
        #: The file name the user agreed to overwrite.
        self.overwrite: str | None = None

    def _export(self, value: str, progress: Callable[[str], None]) -> str:
        return self.export(value, value == self.overwrite, progress)

    def submit_value(self, value: str) -> None:
        target = Path(value).expanduser()
        if value == self.overwrite or not target.is_file():
            self.start(value)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.overwrite = value
                self.start(value)
            else:
                self._status("Kept the existing file: type another name.")
                self.input.focus()

        from readlist.tui.confirm_modal import ConfirmModal

        self.app.push_screen(ConfirmModal(
            "Overwrite?", f"{clip(str(target), 64)} already exists. Replace it?",
            "y: replace the file · n or escape: keep it"), answer)
