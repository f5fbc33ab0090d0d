"""A fast text table for long listings (`list`, `digests`).

`rich.table.Table` lays out every cell as a renderable: about 2 ms per row, so 10,000 papers
took 15 s. Here each row is one line of plain, already-safe strings, padded or cut to
column widths computed once, printed as styled Segments: the same look at a fraction of
the cost.

On a terminal the table fits the width: the flexible column (the title) takes what the
others leave and is cut with an ellipsis; optional columns are left out when empty or when
the title would get too narrow. In a pipe nothing is cut or left out, so every row is one
line and the columns are the same whatever COLUMNS says.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style

#: Spaces between two columns.
GAP = 2
#: The flexible column is never squeezed below this while optional columns can go.
MIN_FLEX = 24
#: What capped columns (keys, names) are cut to on very narrow terminals.
SHRUNK = 12


@dataclass(frozen=True)
class Column:
    """One column: its header, widest width on a terminal, and how it gives way."""

    header: str
    max_width: int | None = None
    #: Takes the width the other columns leave (exactly one column should).
    flexible: bool = False
    #: Left out on narrow terminals, lowest first; None = always shown.
    drop_rank: int | None = None
    right: bool = False


Cell = tuple[str, str]  # (safe text, style)


def width_of(text: str) -> int:
    """Terminal cells `text` takes (ASCII fast path: safe text has no control characters)."""
    return len(text) if text.isascii() else cell_len(text)


def fit(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], width: int | None) -> list[int | None]:
    """Each column's width, or None for a column left out."""
    natural = [width_of(c.header) for c in columns]
    filled = [False] * len(columns)
    for row in rows:
        for i, (text, _) in enumerate(row):
            cells = width_of(text)
            filled[i] = filled[i] or cells > 0
            if cells > natural[i]:
                natural[i] = cells
    if width is None:
        return list(natural)
    widths: list[int | None] = [
        min(n, c.max_width) if c.max_width else n for n, c in zip(natural, columns, strict=True)
    ]
    for i, column in enumerate(columns):
        if column.drop_rank is not None and not filled[i]:
            widths[i] = None  # an optional column with nothing in it
    flex = next((i for i, c in enumerate(columns) if c.flexible), None)

    def room() -> int:
        shown = [w for i, w in enumerate(widths) if w is not None and i != flex]
        count = len(shown) + (flex is not None)
        return width - sum(shown) - GAP * (count - 1)

    droppable = sorted((c.drop_rank, i) for i, c in enumerate(columns) if c.drop_rank is not None)
    for _, index in droppable:
        if widths[index] is None:
            continue
        wanted = min(MIN_FLEX, natural[flex]) if flex is not None else 0
        if room() >= wanted:
            break
        widths[index] = None
    if flex is not None and room() < min(MIN_FLEX, natural[flex]):
        for i, column in enumerate(columns):  # still too narrow: cut the capped columns too
            current = widths[i]
            if column.max_width and current is not None:
                widths[i] = min(current, SHRUNK)
    if flex is not None:
        widths[flex] = max(1, min(natural[flex], room()))
    return widths


def _cut(text: str, width: int) -> str:
    if width_of(text) <= width:
        return text
    if text.isascii():
        return text[: max(0, width - 1)] + "…" if width > 1 else text[:width]
    return set_cell_size(text, max(0, width - 1)) + "…" if width > 1 else set_cell_size(text, width)


class Lines:
    """A laid-out table: lines of (text, style) pieces, printed as Segments.

    Printing goes straight to Segments (no Text wrapping or splitting): that is what makes
    10,000 rows quick. Lines wider than the console are cropped, never wrapped.
    """

    def __init__(self, lines: list[list[Cell]]) -> None:
        self.lines = lines

    @property
    def plain(self) -> str:
        """The table without styles, newline-terminated (what a pipe gets)."""
        return "".join("".join(text for text, _ in line) + "\n" for line in self.lines)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        styles: dict[str, Style] = {}
        newline = Segment.line()
        for line in self.lines:
            segments = []
            for text, style in line:
                if style and style not in styles:
                    styles[style] = console.get_style(style)
                segments.append(Segment(text, styles[style] if style else None))
            if sum(width_of(text) for text, _ in line) > options.max_width:
                segments = Segment.adjust_line_length(segments, options.max_width)
            yield from segments
            yield newline


def render(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], width: int | None) -> Lines:
    """The table: header, a rule on terminals, one line per row; no line ends in blanks."""
    widths = fit(columns, rows, width)
    shown = [(i, w) for i, w in enumerate(widths) if w is not None]
    lines: list[list[Cell]] = []

    def add_line(cells: Sequence[Cell]) -> None:
        texts = [(cells[i][0].strip(), cells[i][1], i, w) for i, w in shown]
        while texts and not texts[-1][0]:
            texts.pop()  # no trailing blank cells
        pieces: list[Cell] = []
        for position, (text, style, index, column_width) in enumerate(texts):
            if width is not None:
                text = _cut(text, column_width)
            pad = " " * (column_width - width_of(text))
            last = position + 1 == len(texts)
            if columns[index].right:
                pieces.append((pad, ""))
            pieces.append((text, style))
            gap = ("" if columns[index].right else pad) + ("" if last else " " * GAP)
            if gap and not last:
                pieces.append((gap, ""))
        lines.append(pieces)

    add_line([(c.header, "bold") for c in columns])
    if width is not None:
        total = sum(w for _, w in shown) + GAP * max(0, len(shown) - 1)
        lines.append([("─" * min(total, width), "dim")])
    for row in rows:
        add_line(row)
    return Lines(lines)
