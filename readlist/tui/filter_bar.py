"""FilterBar: the current view, the `/` filter (the CLI's query language) and the count."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input, Static

from readlist.text import safe_line
from readlist.tui.cells import clip

PLACEHOLDER = "/ filter: words, \"a phrase\", tag:x, is:unread, rating:🔴, year:2024, -word, OR"


class FilterInput(Input):
    """The filter's Input. Its size is fixed by CSS, so the virtual size that follows the
    text needs no layout of the screen: typing repaints this line alone (a layout repaints
    every widget, too slow for a keystroke on a big library)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def on_resize(self) -> None:
        """Keep the cursor in sight when the input narrows (the count beside it grew);
        Textual keeps the old scroll offset, which can hide the end of a long filter."""
        offset = cell_len(self.value[: self.cursor_position])
        self.scroll_to_region(Region(offset, 0, width=1, height=1), force=True, animate=False)


class FilterBar(Horizontal):
    """The view name, the filter input (applied live) and the number of papers shown."""

    class Changed(Message):
        """The filter text changed (every keystroke)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Done(Message):
        """The user pressed enter in the filter: back to the list."""

    _status_width = -1
    _view_label: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="view-label")
        yield FilterInput(placeholder=PLACEHOLDER, id="filter-input", compact=True)
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
        if label == self._view_label:
            return
        self._view_label = label
        self.query_one("#view-label", Static).update(
            Text(clip(safe_line(label), 28), style="bold", no_wrap=True)
        )

    @property
    def status(self) -> Static:
        return self.query_one("#filter-status", Static)

    @property
    def busy(self) -> bool:
        return self.status.has_class("-busy")

    def set_busy(self, busy: bool) -> None:
        """Show that a filter or view is being computed (big libraries take a moment).

        The class goes on the status alone: restyling only it keeps a keystroke cheap.
        """
        self.status.set_class(busy, "-busy")

    def set_status(self, shown: int, total: int, sort: str, error: str | None = None) -> None:
        """Show how many papers pass the filter, or why the filter is not valid."""
        status = self.status
        status.set_class(error is not None, "-error")
        status.tooltip = error  # the whole message, for the mouse
        if error is not None:
            # Short enough to leave most of the line to the input being corrected.
            text = clip(error.removeprefix("invalid query: "), max(16, self.size.width // 3))
        else:
            count = f"{shown:,}" if shown == total else f"{shown:,} of {total:,}"
            text = f"{count} · sort: {sort}"
        # A new layout (of the whole screen) only when the status changes width.
        width = cell_len(text)
        status.update(Text(text, no_wrap=True), layout=width != self._status_width)
        self._status_width = width

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done())
