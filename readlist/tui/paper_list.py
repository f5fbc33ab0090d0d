"""PaperList: a virtual list of papers that renders only the rows on screen.

A `DataTable` needs seconds to build 100,000 rows; this widget keeps an array of paper ids
and draws each visible row on demand (Textual's Line API), so showing or re-filtering any
number of papers costs the same as showing thirty. The drawing itself (columns, marks,
style and strip caches) is in its base, `PaperRows` (paper_rows.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from readlist.tui import keys
from readlist.tui.backend_records import Row, Snapshot
from readlist.tui.paper_rows import PaperRows

Doc = dict[str, Any]


class PaperList(PaperRows, can_focus=True):
    """The papers of the current view and filter, one row each, with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.LIST_KEYS)

    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    class Highlighted(Message):
        """The cursor moved to another paper (None: the list is empty)."""

        def __init__(self, paper_list: PaperList, pid: int | None) -> None:
            super().__init__()
            self.paper_list = paper_list
            self.pid = pid

        @property
        def control(self) -> PaperList:
            return self.paper_list

    class Selected(Message):
        """The user chose a paper (enter or a click): show its details."""

        def __init__(self, paper_list: PaperList, pid: int) -> None:
            super().__init__()
            self.paper_list = paper_list
            self.pid = pid

        @property
        def control(self) -> PaperList:
            return self.paper_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.pids: list[int] = []
        self.snapshot: Snapshot | None = None
        #: Optimistic states shown until the writer saves them (pid → state document).
        self.overrides: Mapping[int, Doc] = {}
        #: Shown instead of rows while nothing is loaded / when the list is empty.
        self.message = "Loading…"
        self._last_pid: int | None = None
        self._styles: tuple[str, dict[str, Style]] | None = None
        #: Drawn rows: (pid, cursor?, width, generation) → (row drawn, strip); emptied when
        #: the styles change (theme, focus).
        #: A filter keystroke mostly shows rows drawn a moment ago.
        self._strips: dict[tuple[Any, ...], tuple[Row, Strip]] = {}

    # -- data -----------------------------------------------------------------------------

    @property
    def current(self) -> int | None:
        """The paper id under the cursor."""
        return self.pids[self.cursor] if 0 <= self.cursor < len(self.pids) else None

    def show(self, pids: list[int], *, keep: int | None = None, index: int | None = None) -> None:
        """Display `pids`; the cursor stays on `keep` when present, else goes to `index`.

        Without an `index`, a `keep` that left the list is replaced by the paper that took
        its place: the next one of the old list still shown (else the one before it).
        """
        old = self.pids
        self.pids = pids
        self._set_virtual_height(len(pids) + 1)
        target = index if index is not None else self.cursor
        if keep is not None:
            try:
                target = pids.index(keep)
            except ValueError:
                if index is None:
                    target = _successor(old, pids, keep, target)
        self._last_pid = -1  # force a Highlighted message even if the pid is the same
        self.cursor = max(0, min(target, len(pids) - 1))
        self.refresh()

    def _set_virtual_height(self, height: int) -> None:
        """Set the number of lines (header + rows).

        Assigning `virtual_size` asks for a layout of the whole screen, which costs a
        repaint of every widget (tens of ms): too slow for each filter keystroke. When the
        vertical scrollbar stays as it was, only this widget and its scrollbar change.
        """
        size = Size(self.size.width, height)
        old = self.virtual_size
        if size == old:
            return
        visible = self.container_size.height
        if old.width != size.width or (old.height > visible) != (height > visible):
            self.virtual_size = size  # the scrollbar appears or goes: a real layout change
            return
        self.set_reactive(PaperList.virtual_size, size)
        if self.show_vertical_scrollbar:  # same scrollbar, new proportions
            self.vertical_scrollbar.window_virtual_size = height
            self.vertical_scrollbar.refresh()
        self.scroll_y = self.validate_scroll_y(self.scroll_y)
        self.refresh()

    def row(self, pid: int) -> Row | None:
        """A paper's row, with its optimistic state when an edit is being saved."""
        if self.snapshot is None:
            return None
        return self.snapshot.row(pid, self.overrides.get(pid))

    def refresh_pids(self, pids: set[int] | list[int]) -> None:
        """Redraw the rows of these papers (after their state changed)."""
        wanted = set(pids)
        top = int(self.scroll_offset.y)
        for line in range(1, self.size.height):
            row = top + line - 1
            if row < len(self.pids) and self.pids[row] in wanted:
                self.refresh_line(row + 1)

    # -- cursor ---------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        top = int(self.scroll_offset.y)
        if self.pids:
            self._scroll_to_cursor()
        if int(self.scroll_offset.y) == top and self._last_pid != -1:
            for row in (old, new):  # only the two rows whose look changed
                self.refresh_line(row + 1)  # (virtual line: the header is line 0)
        else:
            self.refresh()
        pid = self.current
        if pid != self._last_pid:
            self._last_pid = pid
            self.post_message(self.Highlighted(self, pid))

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.pids) - 1)) if self.pids else 0

    @property
    def _page(self) -> int:
        return max(1, self.size.height - 2)

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.size.height - 1)
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            top = self.cursor
        elif self.cursor >= top + visible:
            top = self.cursor - visible + 1
        if top != int(self.scroll_offset.y):
            self.scroll_to(y=top, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_first(self) -> None:
        self.cursor = 0

    def action_cursor_last(self) -> None:
        self.cursor = len(self.pids) - 1

    def action_page_down(self) -> None:
        self.cursor += self._page

    def action_page_up(self) -> None:
        self.cursor -= self._page

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_offset.y) + event.y - 1
        if event.y >= 1 and 0 <= row < len(self.pids):
            self.cursor = row
            if event.chain >= 2:
                self.post_message(self.Selected(self, self.pids[row]))

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.pids) + 1)
        if self.pids:
            self._scroll_to_cursor()


def _successor(old: list[int], new: list[int], gone: int, default: int) -> int:
    """Where the cursor goes when paper `gone` left the list: the row of the first paper
    after it in `old` that is still in `new` (else the last one before it)."""
    try:
        at = old.index(gone)
    except ValueError:
        return default
    shown = set(new)
    after = next((p for p in old[at + 1:] if p in shown), None)
    if after is None:
        after = next((p for p in reversed(old[:at]) if p in shown), None)
    return new.index(after) if after is not None else default
