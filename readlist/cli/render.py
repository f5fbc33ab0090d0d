"""Rendering for the command line: safe text, printing to terminals and pipes, the tables.

Every piece of library text (titles, authors, notes, digest names, sources) is untrusted: it
goes through `readlist.text.safe_line`/`safe_text` and into `rich.text.Text` (or the plain
cells of `readlist.cli.table`), never into a markup string, so `[bold]` prints literally and
escape sequences print visibly. The paper view, import reports and stats are in
`readlist.cli.views`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, RenderableType
from rich.text import Text

from readlist.cli import table
from readlist.cli.table import Cell, Column
from readlist.models import PRIORITY_MARK, Paper
from readlist.service import DigestSummary
from readlist.text import safe_line, safe_text

#: Width of the views (show, stats, import reports) when stdout is not a terminal: wide
#: enough that nothing wraps, so piped output does not depend on the environment's COLUMNS.
#: (Tables lay themselves out: `readlist.cli.table`.)
PIPE_WIDTH = 10_000

STATE_STYLE = {"unread": "bold", "reading": "yellow", "read": "green", "skipped": "dim"}
PRIORITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "none": ""}


def line(value: object, style: str = "") -> Text:
    """Untrusted one-line text, safe to print."""
    return Text(safe_line(str(value)), style=style)


def block(value: str, style: str = "") -> Text:
    """Untrusted multi-line text, safe to print."""
    return Text(safe_text(value.strip("\n")), style=style)


def print_rendered(console: Console, renderable: RenderableType) -> None:
    """Print to a terminal as is; to a pipe at a fixed width, without trailing blanks."""
    if console.is_terminal:
        console.print(renderable)
        return
    if isinstance(renderable, table.Lines):  # already laid out; a pipe gets no styles
        console.file.write(renderable.plain)
        console.file.flush()
        return
    wide = Console(
        file=console.file, width=PIPE_WIDTH, color_system=None, markup=False, emoji=False,
        highlight=False,
    )
    with wide.capture() as capture:
        wide.print(renderable)
    console.file.write("\n".join(row.rstrip() for row in capture.get().splitlines()) + "\n")
    console.file.flush()


# -- papers --------------------------------------------------------------------------------


def author_line(paper: Paper) -> str:
    """`First Author` or `First Author et al.`."""
    first = paper.authors[0] if paper.authors else paper.first_author
    if not first:
        return ""
    many = paper.author_count != 1 or len(paper.authors) > 1
    return f"{first} et al." if many else first


def digest_label(paper: Paper, names: dict[int, str]) -> str:
    if not paper.digest_ids:
        return ""
    first = names.get(paper.digest_ids[0], f"digest-{paper.digest_ids[0]}")
    more = len(paper.digest_ids) - 1
    return f"{first} +{more}" if more else first


def paper_rows(papers: Sequence[Paper], names: dict[int, str]) -> list[list[Cell]]:
    """Cells of the `readlist list` table (safe text, style)."""
    rows = []
    for paper in papers:
        user = paper.user
        rows.append([
            (safe_line(paper.key), "cyan"),
            (safe_line(user.rating or ""), ""),
            (PRIORITY_MARK[user.priority], PRIORITY_STYLE[user.priority.value]),
            (user.state.value, STATE_STYLE.get(user.state.value, "")),
            (safe_line(paper.display_title), ""),
            (safe_line(author_line(paper)), ""),
            (safe_line(digest_label(paper, names)), "dim"),
            (paper.date or "", ""),
        ])
    return rows


PAPER_COLUMNS = (
    Column("Key", max_width=24),
    Column("R"),
    Column("P"),
    Column("State"),
    Column("Title", flexible=True),
    Column("Author", max_width=22, drop_rank=3),
    Column("Digest", max_width=18, drop_rank=1),
    Column("Date", drop_rank=2),
)


def paper_table(papers: Sequence[Paper], names: dict[int, str], *, width: int | None) -> table.Lines:
    """The `readlist list` table: key, rating, priority, state, title, author, digest, date.

    `width` is the terminal's (titles are cut with an ellipsis and the least useful columns
    left out to fit), or None for a pipe (nothing is cut; one line per paper).
    """
    return table.render(PAPER_COLUMNS, paper_rows(papers, names), width)


def list_caption(shown: int, matching: int, total: int, query: str) -> Text:
    noun = "paper" if matching == 1 else "papers"
    text = f"{shown} of {matching} {noun}"
    if query:
        text += f" matching {query!r} ({total} in the library)"
    return line(text, style="dim")


# -- digests ------------------------------------------------------------------------------


DIGEST_COLUMNS = (
    Column("Name", max_width=28),
    Column("Family"),
    Column("Title", flexible=True),
    Column("Date", drop_rank=1),
    Column("Papers", right=True),
    Column("Read", right=True),
    Column("Triaged", right=True, drop_rank=2),
)


def digests_table(summaries: Sequence[DigestSummary], *, width: int | None) -> table.Lines:
    """Every digest with its read progress."""
    rows: list[list[Cell]] = [
        [
            (safe_line(s.digest.name), "cyan"),
            (safe_line(s.digest.family), ""),
            (safe_line(s.digest.title or ""), ""),
            (safe_line(s.digest.date or ""), ""),
            (str(s.papers), ""),
            (f"{s.read}/{s.papers}", "green" if s.papers and s.read == s.papers else ""),
            (str(s.triaged), ""),
        ]
        for s in summaries
    ]
    return table.render(DIGEST_COLUMNS, rows, width)
