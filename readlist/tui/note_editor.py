"""NoteEditor: edit a paper's note inline (ctrl+s saves, escape cancels)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from readlist.text import safe_line
from readlist.tui import keys
from readlist.tui.cells import clip


class NoteEditor(ModalScreen[str | None]):
    """`n`: the note as Markdown in a text area; dismissed with the new text (or None)."""

    CSS_PATH = "dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.NOTE_KEYS)

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.paper_title = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="-tall"):
            yield Static(Text("Note", style="bold"), id="dialog-title")
            yield Static(Text(clip(safe_line(self.paper_title), 70)), classes="dialog-prompt")
            yield TextArea(self.text, language=None, soft_wrap=True, show_line_numbers=False,
                           tab_behavior="indent", id="note-area")
            yield Static(Text("ctrl+s: save · escape: cancel · N opens $EDITOR instead"),
                         id="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
