"""ConfirmModal: a yes/no question (y answers yes; n or escape, no)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from readlist.text import safe_line
from readlist.tui import keys


class ConfirmModal(ModalScreen[bool]):
    """Dismissed with True when the user answers yes."""

    CSS_PATH = "dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings((*keys.CONFIRM_KEYS, *keys.MODAL_KEYS))

    def __init__(self, title: str, question: str, hint: str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.title_text, style="bold"), id="dialog-title")
            yield Static(Text(safe_line(self.question)), classes="dialog-prompt")
            yield Static(Text(self.hint), id="dialog-hint")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)

    def action_close(self) -> None:
        self.dismiss(False)
