"""The abstracts part of a daily arXiv list: `##### **Title**`, `ID by A, B`, abstracts.

The abstracts are plain text pasted into Markdown, so a block is read from the source
lines between its id line and the next structural line (a paper heading, a table, a
category heading), never from markdown-it's paragraphs: a hard-wrapped abstract line can
look like a list item or a heading. This module finds the blocks and turns each into a
draft; abstract_split tells the English abstract from its translation.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from readlist.ids import ArxivId, parse_arxiv_id
from readlist.importers.abstract_split import split_abstract
from readlist.importers.arxiv_table import split_authors
from readlist.importers.base import PaperDraft, Skipped
from readlist.importers.markdown_tools import Doc, strip_strong

_ABSTRACTS = {"abstracts", "abstract", "paper abstracts"}


def looks_like_id_line(line: str) -> bool:
    """Cheap test for `2406.02543v1 by A, B` (also `**id**`, `[id](url)`, `arXiv:id`)."""
    head, sep, _ = line.strip().partition(" by ")
    if not sep or len(head) > 120:
        return False
    head = head.strip("*_`[ ")
    return parse_arxiv_id(head.split("]", 1)[0]) is not None


_Ident = tuple[ArxivId, list[str], bool]


def _id_line(doc: Doc, line: str) -> _Ident | None:
    """`2406.02543v1 by A, B, C` → (id, authors, complete); None for any other line."""
    head, sep, rest = line.strip().partition(" by ")
    if not sep or len(head) > 200:
        return None
    info = doc.inline(strip_strong(head))
    for candidate in (info.text, *(link.href for link in info.links)):
        arxiv = parse_arxiv_id(candidate)
        if arxiv:
            return arxiv, *split_authors(rest)
    return None


def _next_nonblank(lines: list[str], start: int) -> int | None:
    for i in range(start, min(len(lines), start + 3)):
        if lines[i].strip():
            return i
    return None


@dataclass(slots=True)
class Block:
    """One abstract block: its heading, the line its text follows (the id line, else the
    heading), the id line's id and authors, and the line its text stops before."""

    line: int
    title: str
    after: int
    ident: _Ident | None
    stop: int = 0


def find_blocks(doc: Doc) -> tuple[list[Block], set[int]]:
    """The abstract blocks of `doc`, in order, and the lines of the headings inside their
    text (abstract lines like `# of parameters`, which are no headings).

    A block ends at the next paper heading, table, HTML block or rule, and at a heading
    that is followed by one of those or owns a table (the next category, even when a
    `{{< table >}}` shortcode stands between them).
    """
    lines = doc.lines
    # (line, level, content, end, the first non-blank line after it)
    headings: list[tuple[int, int, str, int, int | None]] = []
    starts: set[int] = set()
    for i, tok in enumerate(doc.tokens):
        if tok.type == "heading_open" and tok.map:
            end = tok.map[1]
            headings.append((tok.map[0], int(tok.tag[1:]), doc.tokens[i + 1].content, end,
                             _next_nonblank(lines, end)))
        elif tok.type in ("gfm_table", "table_open", "html_block", "hr") and tok.map:
            starts.add(tok.map[0])
            if tok.type in ("gfm_table", "table_open") and headings:
                starts.add(headings[-1][0])
    blocks: list[Block] = []
    levels: set[int] = set()
    for line, level, content, _, nxt in headings:
        ident = _id_line(doc, lines[nxt]) if nxt is not None else None
        if ident and nxt is not None:
            blocks.append(Block(line, content, nxt, ident))
            levels.add(level)
    if not blocks:
        return [], set()
    first = blocks[0].line
    with_id = {b.line for b in blocks}
    for line, level, content, end, nxt in headings:
        if nxt in starts or strip_strong(content).casefold() in _ABSTRACTS:
            starts.add(line)
        elif level in levels and line > first:
            starts.add(line)
            if line not in with_id:
                blocks.append(Block(line, content, end - 1, None))
    starts.update(b.line for b in blocks)
    bounds = sorted(starts)
    blocks.sort(key=lambda b: b.line)
    for block in blocks:
        at = bisect.bisect_right(bounds, block.after)
        block.stop = bounds[at] if at < len(bounds) else len(lines)
    afters = [b.after for b in blocks]
    inside: set[int] = set()
    for line, *_ in headings:
        at = bisect.bisect_left(afters, line) - 1
        if at >= 0 and line < blocks[at].stop:
            inside.add(line)
    return blocks, inside


def merge_abstracts(
    doc: Doc,
    blocks: list[Block],
    add: Callable[[PaperDraft], PaperDraft],
    find: Callable[[PaperDraft], PaperDraft | None],
) -> list[Skipped]:
    """Merge the abstract blocks of `doc` (from find_blocks) through `add`; what was
    skipped (a block with neither an id nor a paper `find` knows)."""
    skipped: list[Skipped] = []
    for block in blocks:
        english, translated = split_abstract(doc.lines[block.after + 1 : block.stop])
        title = strip_strong(block.title).replace("\\|", "|")  # escaped as in the tables
        if title.startswith("["):
            title = doc.inline(title).text
        draft = PaperDraft(title=title, abstract=english, abstract_translated=translated,
                           line=block.line + 1)
        if block.ident is not None:
            draft.arxiv, draft.authors, draft.authors_complete = block.ident
        elif find(draft) is None:
            skipped.append(Skipped("abstract without an arXiv id or a matching table row",
                                   block.line + 1, title))
            continue
        add(draft)
    return skipped
