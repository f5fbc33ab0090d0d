"""Fast block rules for markdown-it-py: GFM tables, and raw text runs.

Tables: markdown-it's own table rule emits about ten tokens per cell and costs ~200 µs per
row, so a 10,000-row daily list took seconds. This rule recognises the same tables (a
header row, a delimiter row with as many cells, then rows until a blank line or the start
of another block, GFM spec) and emits ONE `gfm_table` token whose `meta["table"]` holds
the split cells. Cells are split on unescaped `|` as the spec says; inline parsing is left
to the importer, for the cells it reads.

Raw runs: some digests paste plain text into Markdown (a daily arXiv list's abstracts).
An importer that reads such text from the source lines can ask, through
`env["raw_run_start"]`, for each run starting at a line it recognises to become ONE
`raw_text` token, up to the next line that may start a heading, a table, HTML or a rule.
Nothing changes for documents parsed without that key.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.rules_block import StateBlock

__all__ = ["Table", "gfm_table", "raw_run"]


@dataclass
class Table:
    """A GFM table: header cells (stripped), body rows and their line numbers.

    Body cells are kept as written (not stripped, `\\|` unescaped) so that a row with more
    cells than the header can be re-joined exactly.
    """

    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)


def _split_row(line: str) -> list[str]:
    """Cells of one table line, split on unescaped `|` (GFM), outer pipes dropped.

    Linear: one `find` per pipe, no regular expression.
    """
    line = line.strip()
    if "\\" in line:
        cells, current, start, i = [], [], 0, 0
        while True:
            j = line.find("|", i)
            if j < 0:
                break
            if j > 0 and line[j - 1] == "\\":
                current.append(line[start : j - 1])
                start = j
            else:
                current.append(line[start:j])
                cells.append("".join(current))
                current, start = [], j + 1
            i = j + 1
        current.append(line[start:])
        cells.append("".join(current))
    else:
        cells = line.split("|")
    if cells and cells[0].strip() == "" and line.startswith("|"):
        cells.pop(0)
    if cells and cells[-1].strip() == "" and line.endswith("|") and not line.endswith("\\|"):
        cells.pop()
    return cells


def _delimiter_cells(line: str) -> int:
    """Number of cells of a GFM delimiter row (`| :---: | --- |`), 0 when it is not one."""
    if len(line) < 2 or line[0] not in "|-:" or "-" not in line:
        return 0
    if line[0] == "-" and line[1] in " \t":
        return 0  # a list item, not a delimiter row
    if line.strip("|-: \t"):
        return 0
    parts = line.split("|")
    count = 0
    for i, part in enumerate(parts):
        cell = part.strip()
        if not cell:
            if i in (0, len(parts) - 1):
                continue
            return 0
        if cell.strip(":").strip("-") or "-" not in cell or cell.count(":") > 2:
            return 0
        if ":" in cell[1:-1]:
            return 0
        count += 1
    return count


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def gfm_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: a GFM table (header row, delimiter row, rows) as one `gfm_table` token."""
    if start + 2 > end:
        return False
    second = start + 1
    if state.sCount[second] < state.blkIndent or state.is_code_block(second):
        return False
    if state.is_code_block(start):
        return False
    width = _delimiter_cells(_line(state, second))
    header_line = _line(state, start)
    if not width or "|" not in header_line:
        return False
    header = [cell.strip() for cell in _split_row(header_line)]
    if len(header) != width:
        return False
    if silent:
        return True
    table = Table(header)
    old_parent, state.parentType = state.parentType, "table"
    terminators = state.md.block.ruler.getRules("blockquote")
    line = start + 2
    while line < end:
        if state.sCount[line] < state.blkIndent or state.is_code_block(line):
            break
        text = _line(state, line)
        if not text.strip():
            break
        # A row starting with `|` cannot start any other block: skip the costly checks.
        if text[0] != "|" and any(rule(state, line, end, True) for rule in terminators):
            break
        table.rows.append(_split_row(text))
        table.row_lines.append(line)
        line += 1
    token = state.push("gfm_table", "table", 0)
    token.map = [start, line]
    token.meta = {"table": table}
    state.parentType = old_parent
    state.line = line
    return True


def _ends_run(src: str, begins: list[int], ends: list[int], line: int) -> int | None:
    """The line a raw run ends at, if candidate `line` starts a heading, table, HTML or rule."""
    text = src[begins[line] : ends[line]].lstrip(" ")
    if text[:1] in ("#", "|", "<"):
        return line
    stripped = text.strip()
    if line > 0 and _delimiter_cells(stripped) and "|" in src[begins[line - 1] : ends[line - 1]]:
        return line - 1  # the header row of a table written without outer pipes
    if len(stripped) >= 3 and not stripped.strip(stripped[0] + " \t"):
        return line  # a thematic break
    return None


# A line that may end a raw run: `#`, `|`, `<`, a rule or a table delimiter row, indented at
# most three spaces. Found by a literal-prefixed search in the source, never line by line.
_RUN_STOP = re.compile(r"\n {0,3}[#|<*_:-]")


def raw_run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: a run of plain-text lines the importer reads itself, as one token."""
    predicate = state.env.get("raw_run_start") if isinstance(state.env, dict) else None
    if predicate is None or state.blkIndent or state.is_code_block(start):
        return False
    if not predicate(_line(state, start)):
        return False
    if silent:
        return True
    src, begins, ends = state.src, state.bMarks, state.eMarks
    line = end
    pos, limit = ends[start], begins[end] if end < len(begins) else len(src)
    while (found := _RUN_STOP.search(src, pos, limit)) is not None:
        candidate = bisect.bisect_right(begins, found.start() + 1) - 1
        stop = _ends_run(src, begins, ends, candidate)
        if stop is not None and stop > start:
            line = stop
            break
        pos = ends[candidate]
    token = state.push("raw_text", "", 0)
    token.map = [start, line]
    state.line = line
    return True
