"""HelpScreen: every key binding, with its id for remapping in config.toml."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from readlist.models import Legend
from readlist.tui import keys

INTRO = (
    "Changes are saved at once. Remap keys in config.toml by id (right column), "
    'e.g. [keys] toggle_read = "x". ctrl+p: command palette (views, sort, themes).'
)


def display_keys(keyspec: str, display: object) -> str:
    """'question_mark,slash' → '? /' using the app's own key formatting."""
    fmt = getattr(display, "get_key_display", None)
    shown = []
    for key in keyspec.split(","):
        shown.append(fmt(Binding(key, "")) if callable(fmt) else key)
    return " ".join(shown)


def help_table(keymap: Mapping[str, str], legend: Legend, display: object = None) -> Table:
    """All bindings by section: keys, what they do, binding id."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    table.add_column(style="dim", no_wrap=True)
    for n, section in enumerate(keys.SECTIONS):
        if n:
            table.add_row("", "")
        table.add_row("", Text(section, style="bold underline"))
        for key in keys.ALL_KEYS:
            if key.section != section:
                continue
            description = key.description
            if key.id.startswith("rate_") and key.id != "rate_clear":
                rating = legend.ratings[int(key.id[-1]) - 1] if int(key.id[-1]) <= len(
                    legend.ratings) else None
                if rating is not None:
                    description = f"Rate {rating.emoji} {rating.meaning}"
            table.add_row(Text(display_keys(keys.effective_keys(key, keymap), display)),
                          Text(description), Text(key.id))
    return table


class HelpScreen(ModalScreen[None]):
    """`?`: the full list of keys."""

    CSS_PATH = "dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.HELP_KEYS)

    def __init__(self, keymap: Mapping[str, str], legend: Legend) -> None:
        super().__init__()
        self.keymap = dict(keymap)
        self.legend = legend

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="-tall -wide"):
            yield Static(Text("readlist — keys", style="bold"), id="dialog-title")
            yield Static(Text(INTRO), classes="dialog-prompt")
            with VerticalScroll(id="help-scroll"):
                yield Static(help_table(self.keymap, self.legend, self.app), id="help-table")
            yield Static(Text("escape, q or ?: close · ctrl+p: command palette"),
                         id="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)
