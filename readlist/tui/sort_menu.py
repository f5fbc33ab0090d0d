"""SortMenu: choose how the paper list is sorted (choosing the current key reverses it)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from readlist.config import SORT_KEYS
from readlist.tui import keys

SORT_LABELS = {
    "added": "added — newest import first, digest order within",
    "date": "date — newest paper first",
    "title": "title — A to Z",
    "votes": "votes — most voted first",
    "priority": "priority — high first",
    "rating": "rating — legend order",
    "state": "state — unread, reading, read, skipped",
    "author": "first author — A to Z",
    "digest": "digest — import order, then position",
}

SortChoice = tuple[str, bool]


class SortMenu(ModalScreen[SortChoice | None]):
    """`s`: a list of sort keys; dismissed with (key, reverse)."""

    CSS_PATH = "dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.MODAL_KEYS)

    def __init__(self, current: str, reverse: bool) -> None:
        super().__init__()
        self.current = current
        self.reverse = reverse

    def compose(self) -> ComposeResult:
        options = []
        for key in SORT_KEYS:
            mark = ("↑ " if self.reverse else "↓ ") if key == self.current else "  "
            options.append(Option(Text(mark + SORT_LABELS.get(key, key)), id=key))
        with Vertical(id="dialog"):
            yield Static(Text("Sort by", style="bold"), id="dialog-title")
            yield OptionList(*options, id="sort-options")
            yield Static(Text("enter: sort · the current key again: reverse · escape: cancel"),
                         id="dialog-hint")

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        menu.highlighted = SORT_KEYS.index(self.current) if self.current in SORT_KEYS else 0
        menu.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key = event.option.id or self.current
        self.dismiss((key, not self.reverse if key == self.current else False))

    def action_close(self) -> None:
        self.dismiss(None)
