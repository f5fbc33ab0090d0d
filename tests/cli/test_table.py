"""The fast table: fits any terminal width, never cuts in a pipe, counts wide characters."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console

from readlist.cli.table import Column, render

COLUMNS = (Column("Key", max_width=10), Column("Title", flexible=True),
           Column("Author", max_width=8, drop_rank=2), Column("Note", drop_rank=1))
ROWS = [
    [("2401.00001", "cyan"), ("A rather long title about diffusion models", ""),
     ("Alice Smith", ""), ("", "")],
    [("openreview:abcdefgh", "cyan"), ("気になる論文の題名がここにあります", ""), ("Bo", ""), ("", "")],
]


def printed(width: int) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=width, force_terminal=True, color_system=None).print(
        render(COLUMNS, ROWS, width))
    return out.getvalue().splitlines()


@pytest.mark.parametrize("width", [1, 8, 20, 33, 60, 200])
def test_terminal_lines_fit_the_width(width: int) -> None:
    lines = printed(width)
    assert len(lines) == 4  # header, rule, two rows: nothing wraps
    assert all(cell_len(line) <= width for line in lines)


def test_title_is_cut_with_an_ellipsis_and_empty_columns_are_left_out() -> None:
    header, _, first, second = printed(50)
    assert header.split() == ["Key", "Title", "Author"]  # "Note" is empty everywhere
    assert first.startswith("2401.00001  A rather long") and "…" in first
    assert second.startswith("openrevie…  気になる")


def test_narrow_terminal_drops_optional_columns_first() -> None:
    assert printed(30)[0].split() == ["Key", "Title"]


def test_pipe_keeps_everything_and_ends_no_line_in_blanks() -> None:
    plain = render(COLUMNS, ROWS, None).plain
    lines = plain.splitlines()
    assert lines[0].split() == ["Key", "Title", "Author", "Note"]
    assert "openreview:abcdefgh  気になる論文の題名がここにあります" in lines[2]
    assert all(line == line.rstrip() for line in lines) and plain.endswith("\n")
    # wide characters count as two cells: the Author column lines up under its header
    column = lines[0].index("Author")
    assert lines[1][column:].startswith("Alice Smith")
    assert cell_len(lines[2][: lines[2].index("Bo")]) == column
