"""PaperRows: how PaperList draws its rows (the Line API half of the widget).

Kept apart from the list's data and cursor (paper_list.py) because drawing has its own
state, the style and strip caches, and its own reasons to change (columns, marks, theme);
`PaperList` is the only subclass and supplies the papers, the cursor and the snapshot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.scroll_view import ScrollView
from textual.strip import Strip

from readlist.models import PRIORITY_MARK, ReadState
from readlist.text import safe_line
from readlist.tui.backend_records import Row, Snapshot
from readlist.tui.cells import fit

STATE_MARK = {ReadState.UNREAD.value: "•", ReadState.READING.value: "◐",
              ReadState.READ.value: "✓", ReadState.SKIPPED.value: "–"}


#: Drawn rows kept (a few screens' worth).
STRIP_CACHE = 1000


class PaperRows(ScrollView):
    """Base of PaperList: draws the header and the visible rows, with cached styles."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-list--header",
        "paper-list--cursor",
        "paper-list--untriaged",
        "paper-list--read",
        "paper-list--priority",
        "paper-list--meta",
        "paper-list--message",
    }

    # Set by PaperList: its papers, cursor, snapshot and empty-list message, and the caches
    # (created in PaperList.__init__).
    pids: list[int]
    cursor: int
    snapshot: Snapshot | None
    message: str
    _styles: tuple[str, dict[str, Style]] | None
    _strips: dict[tuple[Any, ...], tuple[Row, Strip]]

    if TYPE_CHECKING:  # implemented by PaperList
        def row(self, pid: int) -> Row | None: ...

    # -- rendering ------------------------------------------------------------------------
    #
    # Rows are built as segments directly (no rich Text per cell) with styles computed once
    # per theme/focus change: at 60 rows a full repaint costs a few milliseconds.

    def _columns(self, width: int) -> tuple[int, int, int, int]:
        """Widths of title, author, digest and date for this width (0 hides a column)."""
        date = 10 if width >= 56 else 0
        author = 16 if width >= 72 else 0
        digest = 14 if width >= 104 else 0
        fixed = 2 + 1 + 3 + 1 + 1 + 1  # rating, priority, state and their gaps
        gaps = sum(1 for w in (author, digest, date) if w)
        title = max(8, width - fixed - author - digest - date - gaps)
        return title, author, digest, date

    def notify_style_update(self) -> None:
        self._styles = None
        super().notify_style_update()

    def on_focus(self) -> None:
        self._styles = None
        self.refresh()

    def on_blur(self) -> None:
        self._styles = None
        self.refresh()

    def _style(self, name: str) -> Style:
        """Line and text styles, computed once per theme and focus change."""
        cached = self._styles
        if cached is None or cached[0] != self.app.theme:
            base = self.rich_style
            styles = {"base": base}
            for component in ("header", "cursor", "message"):
                styles[component] = base + self.get_component_rich_style(f"paper-list--{component}")
            for component in ("meta", "read", "untriaged", "priority"):
                styles[component] = self._ink(f"paper-list--{component}")
            cached = self._styles = (self.app.theme, styles)
            self._strips.clear()
        return cached[1][name]

    def _ink(self, name: str) -> Style:
        """A component's text colour and attributes, without its background.

        Colours like $text-muted have alpha: asking for the full style blends them with the
        list's background (a partial style would not), then the background is dropped so
        the cursor's shows through.
        """
        full = self.get_component_rich_style(name)
        return Style(color=full.color, bold=full.bold, italic=full.italic, dim=full.dim)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._style("base")
        if y == 0:
            return self._header(width)
        row = int(self.scroll_offset.y) + y - 1
        if not self.pids:
            if y == 2:
                return self._line([("  " + self.message, self._style("message"), width)], base)
            return Strip.blank(width, base)
        if row >= len(self.pids):
            return Strip.blank(width, base)
        found = self.row(self.pids[row])
        line = self._style("cursor") if row == self.cursor else base
        if found is None:
            return Strip.blank(width, line)
        generation = self.snapshot.generation if self.snapshot else -1
        key = (found.pid, row == self.cursor, width, generation)
        cached = self._strips.get(key)
        if cached is not None and cached[0] == found:
            return cached[1]
        strip = self._line(self._cells(found, width), line)
        if len(self._strips) >= STRIP_CACHE:
            self._strips.clear()
        self._strips[key] = (found, strip)
        return strip

    def _cells(self, row: Row, width: int) -> list[tuple[str, Style | None, int]]:
        title_w, author_w, digest_w, date_w = self._columns(width)
        state = row.state
        read_state = state.get("state", "unread")
        meta = self._style("meta")
        title_style = None
        if read_state in ("read", "skipped"):
            title_style = self._style("read")
        elif not state.get("triaged"):
            title_style = self._style("untriaged")
        cells: list[tuple[str, Style | None, int]] = [
            (state.get("rating") or "", None, 2),
            (PRIORITY_MARK.get(state.get("priority", "none"), ""), self._style("priority"), 3),
            (STATE_MARK.get(read_state, "?"), meta, 1),
            (safe_line(row.display_title), title_style, title_w),
        ]
        if author_w:
            cells.append((safe_line(row.author or ""), meta, author_w))
        if digest_w:
            names = self.snapshot.digest_names if self.snapshot else {}
            digest = names.get(row.digests[0], "") if row.digests else ""
            cells.append((safe_line(digest), meta, digest_w))
        if date_w:
            cells.append((safe_line(row.date or ""), meta, date_w))
        return cells

    def _header(self, width: int) -> Strip:
        title_w, author_w, digest_w, date_w = self._columns(width)
        cells: list[tuple[str, Style | None, int]] = [
            ("", None, 2), ("pri", None, 3), ("", None, 1),
            (f"title ({len(self.pids):,})", None, title_w),
        ]
        for label, w in (("first author", author_w), ("digest", digest_w), ("date", date_w)):
            if w:
                cells.append((label, None, w))
        return self._line(cells, self._style("header"))

    def _line(self, cells: list[tuple[str, Style | None, int]], line: Style) -> Strip:
        """Cells of fixed widths (cut with an ellipsis) on a line drawn in `line` style."""
        segments = []
        gap = Segment(" ", line)
        for i, (text, style, width) in enumerate(cells):
            if i:
                segments.append(gap)
            segments.append(Segment(fit(text, width), line + style if style else line))
        return Strip(segments).adjust_cell_length(self.scrollable_content_region.width, line)
