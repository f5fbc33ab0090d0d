"""Daily arXiv lists whose paper tables are written in HTML inside the Markdown.

Some generators write each day's papers as one `<table>` line under a `### 📅 2025-09-19`
heading (header cells `<th>title</th><th>abstract</th>...`, a title cell
`<a href="http://arxiv.org/abs/ID">Title</a>`, abstracts folded in `<details>`). This
module turns such a table into the `Table` the Markdown tables give, each cell rewritten
as the Markdown arxiv_table reads (`[Title](url)`, `<details>` kept, entities decoded), so
columns are known by their header names and rows read exactly as in a Markdown table.
"""

from __future__ import annotations

import html

from readlist.importers.arxiv_table import table_roles
from readlist.importers.html_tokens import HTML_ELEMENTS, href_of
from readlist.importers.html_tokens import tokens as html_tokens
from readlist.importers.markdown_tools import Table, parse, simple_url

#: Tags a cell keeps for arxiv_table (a folded abstract, its paragraphs, line breaks).
_KEPT = frozenset({"details", "summary", "p", "br"})
_CELLS = ("td", "th")
_SNIFF_TRIES = 5  # tables sniffing looks at (the first days of a list may be empty)


def _markdown(parts: list[tuple[str, str, str]]) -> str:
    """One cell's tokens as Markdown: links as `[text](url)`, text unescaped, the tags
    arxiv_table reads kept."""
    out: list[str] = []
    href: str | None = None
    for kind, name, raw in parts:
        if kind == "text":
            out.append(html.unescape(raw))
        elif name == "a" and kind == "start":
            href = href_of(raw)
            out.append("[")
        elif name == "a" and kind == "end" and href is not None:
            out.append(f"]({href})" if simple_url(href) else f"](<{href}>)")
            href = None
        elif name in _KEPT or name not in HTML_ELEMENTS:
            out.append(raw)  # a `<think>` span is arxiv_table's to drop
    if href is not None:
        out.append(f"]({href})")
    return "".join(out).strip()


class _Reader:
    """The walk through one HTML block: the tables found so far and the open row/cell."""

    def __init__(self, source: str, first_line: int) -> None:
        self.source = source
        self.line, self.cursor = first_line, 0
        self.tables: list[Table] = []
        self.depth = 0  # nested tables are content of the outer table's cell
        self.row: list[str] | None = None
        self.row_line = 0
        self.heads = 0  # `<th>` cells in the open row
        self.cell: list[tuple[str, str, str]] | None = None

    def _advance(self, raw: str) -> None:
        at = self.source.find(raw, self.cursor)
        if at >= 0:
            self.line += self.source.count("\n", self.cursor, at)
            self.cursor = at + len(raw)

    def close_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            self.row.append(_markdown(self.cell))
        self.cell = None

    def close_row(self) -> None:
        self.close_cell()
        row, self.row = self.row, None
        if not row or not self.tables:
            return
        table = self.tables[-1]
        if not table.header and (self.heads == len(row) or not table.rows):
            table.header = row  # the `<th>` row, else the first one
        else:
            table.rows.append(row)
            table.row_lines.append(self.row_line)

    def feed(self, kind: str, name: str, raw: str) -> None:
        if name == "table" and kind in ("start", "end"):
            if kind == "start":
                self.depth += 1
                if self.depth == 1:
                    self.tables.append(Table([]))
                    return
            else:
                self.depth -= 1
                if self.depth == 0:
                    self.close_row()
                    return
        if self.depth != 1:
            if self.cell is not None and self.depth > 1:
                self.cell.append((kind, name, raw))
            return
        if name == "tr" and kind == "start":
            self.close_row()
            self._advance(raw)
            self.row, self.row_line, self.heads = [], self.line, 0
        elif name == "tr" and kind == "end":
            self.close_row()
        elif name in _CELLS and kind == "start":
            self.close_cell()
            if self.row is None:
                self._advance(raw)
                self.row, self.row_line, self.heads = [], self.line, 0
            self.cell, self.heads = [], self.heads + (name == "th")
        elif name in _CELLS and kind == "end":
            self.close_cell()
        elif self.cell is not None:
            self.cell.append((kind, name, raw))


def html_tables(source: str, first_line: int) -> list[Table]:
    """The tables of an HTML block that starts at source line `first_line`, with a header
    (the `<th>` row, else the first row) and their body rows and the lines these start on."""
    reader = _Reader(source, first_line)
    for kind, name, raw in html_tokens(source):
        reader.feed(kind, name, raw)
    reader.close_row()
    return [table for table in reader.tables if table.header]


def table_end(lines: list[str], start: int) -> int:
    """The line after the one closing the `<table>` opened at line `start` (a blank line
    inside a cell ends markdown-it's HTML block before the table does)."""
    depth = 0
    for i in range(start, len(lines)):
        folded = lines[i].casefold()
        depth += folded.count("<table") - folded.count("</table")
        if depth <= 0:
            return i + 1
    return len(lines)


def sniff_html(text: str) -> bool:
    """Whether one of the first HTML tables is a paper table with arXiv rows and a date,
    authors or abstract column (arxiv_html)."""
    start = text.find("<table", 0, 500_000)
    doc = parse("") if start >= 0 else None
    for _ in range(_SNIFF_TRIES):
        if start < 0 or doc is None:
            return False
        end = text.find("</table", start, start + 200_000)
        source = text[start : end + 8 if end >= 0 else start + 200_000]
        for table in html_tables(source, 0):
            roles = table_roles(doc, table.header)
            rows = "|".join(map("|".join, table.rows[:3])).casefold()
            if "title" in roles and "arxiv" in rows and (
                    "date" in roles or "authors" in roles or "abstract" in roles):
                return True
        start = text.find("<table", start + len(source), 500_000)
    return False
