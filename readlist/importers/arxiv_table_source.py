"""Paper tables of a daily arXiv list that markdown-it's GFM table rule does not read as
written, read again from the source into the `Table` arxiv_table reads.

HTML tables: some generators write each day's papers as one `<table>` line under a
`### 📅 2025-09-19` heading (header cells `<th>title</th><th>abstract</th>...`, a title
cell `<a href="http://arxiv.org/abs/ID">Title</a>`, abstracts folded in `<details>`). Each
cell is rewritten as the Markdown arxiv_table reads (`[Title](url)`, `<details>` kept,
entities decoded), so columns are known by their header names as in a Markdown table.

Wrapped rows: a generator that pastes a hard-wrapped abstract into a Markdown row spreads
the row over several lines, which GFM reads as rows of their own, or ends the table at
(`- to improve...`). read_table joins them back.

Sniffing asks here whether a table is a paper table at all (paper_table, sniff_html).
"""

from __future__ import annotations

import html

from readlist.importers.arxiv_table import table_roles
from readlist.importers.dates import find_date
from readlist.importers.html_tokens import HTML_ELEMENTS, href_of
from readlist.importers.html_tokens import tokens as html_tokens
from readlist.importers.markdown_tools import Doc, Table, parse, simple_url

#: Tags a cell keeps for arxiv_table (a folded abstract, its paragraphs, line breaks).
_KEPT = frozenset({"details", "summary", "p", "br"})
_CELLS = ("td", "th")
_SNIFF_TRIES = 5  # tables sniffing looks at (the first days of a list may be empty)
_TITLE_WORDS = ("title", "paper", "标题", "题目", "论文")  # in a paper table's header
_OPENING = 1000  # characters at the top of a list where it may say it lists arXiv papers


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
    authors or abstract column (html_tables)."""
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


#: Stands for a newline inside a wrapped row while the table is read again.
_JOIN = "\ue000"


def _wrapped(lines: list[str], start: int, end: int) -> tuple[list[str], list[int], int] | None:
    """A table's source lines with each wrapped row joined into one (its newlines as
    `_JOIN`), the line each starts on and the line after the table; None when no row
    is wrapped. A row is wrapped when its line does not end with a pipe and the lines
    after it, up to one that does, do not start with one."""
    if not lines[start].rstrip().endswith("|") or all(
            line.rstrip().endswith("|") for line in lines[start + 2 : end]):
        return None
    rows, starts = [lines[start], lines[start + 1]], [start, start + 1]
    pending: list[str] = []  # continuation lines not yet closed by a pipe
    at = start + 2
    while at < len(lines) and lines[at].strip():
        line = lines[at]
        if (pending or not rows[-1].rstrip().endswith("|")) and line.lstrip()[:1] != "|" and (
                at > start + 2):
            pending.append(line)
            if line.rstrip().endswith("|"):
                rows[-1] = _JOIN.join([rows[-1], *pending])
                pending = []
        elif line.lstrip()[:1] == "|" and not pending:
            rows.append(line)
            starts.append(at)
        else:
            break
        at += 1
    return rows, starts, at - len(pending)


def read_table(doc: Doc, start: int, end: int, table: Table) -> tuple[Table, int]:
    """The table at source lines [start, end) and the line after it, its wrapped rows read
    whole: a generator that pastes a hard-wrapped abstract into a row spreads the row over
    several lines, which GFM reads as rows of their own or ends the table at (`- to
    improve...`). The cell holding the wrapped text keeps its newlines."""
    wrapped = _wrapped(doc.lines, start, end)
    if wrapped is None:
        return table, end
    rows, starts, after = wrapped
    tokens = [tok for tok in parse("\n".join(rows)).tokens if tok.type == "gfm_table"]
    if not tokens or tokens[0].map != [0, len(rows)]:
        return table, end
    found: Table = tokens[0].meta["table"]
    again = Table(found.header, [[cell.replace(_JOIN, "\n") for cell in row] for row in found.rows],
                  [starts[line] for line in found.row_lines])
    return again, after


def header_candidate(line: str) -> bool:
    """A line that may be a paper table's header (cheap, before any parsing)."""
    head = line.lstrip()[:300].casefold()
    return head.startswith("|") and any(word in head for word in _TITLE_WORDS)


def paper_table(doc: Doc, i: int) -> bool:
    """Whether token `i` of `doc` is a paper table: arXiv rows and a date or authors
    column (or code under a day heading), or a title and a summary in a document that
    says at its top that it lists arXiv papers."""
    tok = doc.tokens[i]
    if tok.type != "gfm_table" or not tok.map:
        return False
    table, _ = read_table(doc, tok.map[0], tok.map[1], tok.meta["table"])
    roles = table_roles(doc, table.header)
    if "title" not in roles:
        return False
    if "arxiv" not in "|".join(map("|".join, table.rows[:3])).casefold():
        # titles linked to the list's own pages, under a title that says they are arXiv's
        return bool(roles.keys() & {"summary", "abstract"}) and (
            "arxiv" in doc.src[:_OPENING].casefold())
    if "date" in roles or "authors" in roles:
        return True
    # The original layout: `## 2022-01-04` over `|paper|code|`.
    return "code" in roles and i >= 3 and doc.tokens[i - 3].type == "heading_open" and (
        find_date(doc.tokens[i - 2].content) is not None)

