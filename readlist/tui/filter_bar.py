"""FilterBar: the current view, the `/` filter (the CLI's query language) and the count."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from readlist.text import safe_line
from readlist.tui.cells import clip

PLACEHOLDER = "/ filter: words, \"a phrase\", tag:x, is:unread, rating:🔴, year:2024, -word, OR"


class FilterBar(Horizontal):
    """The view name, the filter input (applied live) and the number of papers shown."""

    class Changed(Message):
        """The filter text changed (every keystroke)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Done(Message):
        """The user pressed enter in the filter: back to the list."""

    def compose(self) -> ComposeResult:
        yield Static(id="view-label")
        yield Input(placeholder=PLACEHOLDER, id="filter-input", compact=True)
        yield Static(id="filter-status")

    @property
    def input(self) -> Input:
        return self.query_one("#filter-input", Input)

    @property
    def text(self) -> str:
        return self.input.value

    def set_text(self, text: str) -> None:
        """Replace the filter text (e.g. from the command palette) without a Changed message."""
        with self.input.prevent(Input.Changed):
            self.input.value = text

    def set_view(self, label: str) -> None:
        self.query_one("#view-label", Static).update(
            Text(clip(safe_line(label), 28), style="bold", no_wrap=True)
        )

    def set_busy(self, busy: bool) -> None:
        """Show that a filter or view is being computed (big libraries take a moment)."""
        self.set_class(busy, "-busy")

    def set_status(self, shown: int, total: int, sort: str, error: str | None = None) -> None:
        """Show how many papers pass the filter, or why the filter is not valid."""
        status = self.query_one("#filter-status", Static)
        self.set_class(error is not None, "-error")
        if error is not None:
            status.update(Text(clip(error, 60), no_wrap=True))
            return
        count = f"{shown:,}" if shown == total else f"{shown:,} of {total:,}"
        status.update(Text(f"{count} · sort: {sort}", no_wrap=True))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done())
