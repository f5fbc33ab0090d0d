"""HelpScreen: every key binding, with its id for remapping in config.toml."""

from __future__ import annotations

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
    'e.g. [keys] toggle_read = "m"; a key taken from another binding leaves it. '
    "ctrl+p: command palette (views, sort, themes)."
)


def display_keys(names: list[str], display: object) -> str:
    """['question_mark', 'slash'] → '? /' using the app's own key formatting."""
    fmt = getattr(display, "get_key_display", None)
    return " ".join(fmt(Binding(key, "")) if callable(fmt) else key for key in names)


def help_table(keymap: keys.Keymap, legend: Legend, display: object = None) -> Table:
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
            lost = keymap.taken.get(key.id)
            if lost:
                gone = ", ".join(f"{display_keys([k], display)} went to {to}" for k, to in lost)
                description += f" ({gone})"
            shown = display_keys(keymap.keys_of(key), display) or "no key"
            table.add_row(Text(shown, style="" if keymap.keys_of(key) else "dim italic"),
                          Text(description), Text(key.id))
    return table


class HelpScreen(ModalScreen[None]):
    """`?`: the full list of keys."""

    CSS_PATH = "dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.HELP_KEYS)

    def __init__(self, keymap: keys.Keymap, legend: Legend) -> None:
        super().__init__()
        self.keymap = keymap
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
