"""The outline of a paper-notes document (family 003): which headings are papers.

A note is a title heading, its paper link right under it, and numbered sections one level
below (`# Title` / `## 1. …`, or `## Title` / `### 1. …` under a `#` document title), or
sections one of which is a summary (`### TL;DR`). The paper level is found, not assumed:
it is the heading level whose headings carry a paper link and such sections one level
down. A heading over a table of contents or a list of several papers, a numbered
section, or a stray heading of the paper level with neither link nor sections is not a
paper.

Only top-level blocks count (markdown-it tokens of nesting level 0), so a `# comment` in a
fenced code block, a list item or a `<details>` block never becomes a heading.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from readlist.importers.notes_refs import (
    Ref,
    SpanRefs,
    container_refs,
    paper_keys,
    span_refs,
)

if TYPE_CHECKING:
    from readlist.importers.markdown_tools import Doc

# `1.`, `**1.**`, `1\.` (an escaped setext section), `１．`, `2)`; not `1.58-bit` (a title).
_NUMBER = re.compile(r"\s*(?:\*\*|__)?(\d{1,2})\\?\s*[.)．、:：](?!\d)")
_HEAD_BLOCKS = 3  # the link may follow an authors or affiliations line
# Blocks whose paragraphs (or cells) may hold the title's link line.
_CONTAINERS = ("blockquote_open", "bullet_list_open", "ordered_list_open", "gfm_table")

# Words of a section heading that holds the note's short summary, best first: the tweet
# the seed's prompt asks for, then one-line takeaways, then any summary. Writers put the
# summary first (`## TL;DR`, `## 一句话总结`) or last (`## 8. ...tweet`), in any language.
_SUMMARY_WORDS: tuple[tuple[str, ...], ...] = (
    ("tweet", "ツイート", "트윗", "推文", "tl;dr", "tldr"),
    ("one-sentence", "one sentence", "one-line", "one line", "in a nutshell", "takeaway",
     "take-away", "140 char", "280 char", "一言で", "一句话", "一句話", "한줄", "한 줄", "140字"),
    ("summary", "要約", "요약", "总结", "總結", "まとめ", "résumé"),
)


def summary_rank(raw: str) -> int:
    """How surely a section heading names the note's short summary: 3 for a tweet or
    TL;DR, 2 for a one-line takeaway, 1 for a summary, 0 for none."""
    folded = raw.casefold()
    for rank, words in enumerate(_SUMMARY_WORDS):
        if any(word in folded for word in words):
            return len(_SUMMARY_WORDS) - rank
    return 0


@dataclass(slots=True)
class Head:
    """A top-level heading: token index, block index, level (1 for `#`), inline source,
    section number."""

    k: int
    n: int
    level: int
    raw: str
    number: int | None


@dataclass
class HeadRefs:
    """The links between a heading and the next one."""

    #: Refs of the link line among its first blocks (`[View Paper](…)`), if there is one.
    line: list[Ref] = field(default_factory=list)
    #: Every ref of its paragraphs, link line first.
    refs: list[Ref] = field(default_factory=list)
    link_line: bool = False


def _number(raw: str) -> int | None:
    if not raw or not (raw[0].isdigit() or raw[0] in "*_ \t"):
        return None  # most headings: no need for the pattern
    found = _NUMBER.match(raw)
    return int(found[1]) if found else None


class Outline:
    """The top-level headings of a document and what lies between them."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        tokens = doc.tokens
        self.heads: list[Head] = []
        #: Token indices of the top-level blocks, in order.
        self.blocks: list[int]
        #: Setext `---` lines that close a note ("tweet" over the separator), not headings.
        self.closing: set[int] = set()
        self._refs: dict[int, HeadRefs] = {}
        #: The paper links of each paragraph block read so far (by block number): a link
        #: line is looked at from the title under it and from the one over it.
        self._spans: dict[int, SpanRefs | None] = {}
        self.blocks = [k for k, tok in enumerate(tokens) if tok.level == 0 and tok.nesting >= 0]
        for n, k in enumerate(self.blocks):
            tok = tokens[k]
            if tok.type != "heading_open":
                continue
            if tok.markup == "-" and self._closes_note(k):
                self.closing.add(k)
                continue
            raw = tokens[k + 1].content
            self.heads.append(Head(k, n, int(tok.tag[1:]), raw, _number(raw)))

    def _closes_note(self, k: int) -> bool:
        """`text` right over a `---` line that a title follows (or nothing): to Markdown a
        setext heading, to the writer the note's last line and its separator."""
        tokens = self.doc.tokens
        after = k + 3
        return after >= len(tokens) or (tokens[after].type == "heading_open"
                                        and int(tokens[after].tag[1:]) <= 2)

    # -- links -------------------------------------------------------------------------

    def _paragraph_refs(self, n: int, containers: bool = False) -> SpanRefs | None:
        """The links of block n: a paragraph, or with `containers` the paragraphs of a
        blockquote or list, or a table's cells (`> [View paper](…)` under a citation,
        `- **Link:** https://…` in a metadata list, `| arXiv | [2503.00001](…) |`): looked
        at only right under a title, lists in a note's text are its own business)."""
        if n not in self._spans:
            tokens = self.doc.tokens
            k = self.blocks[n]
            kind = tokens[k].type
            span: SpanRefs | None = None
            if kind == "paragraph_open":
                span = span_refs(self.doc, tokens[k + 1].content)
            elif kind in _CONTAINERS and containers:
                stop = self.blocks[n + 1] if n + 1 < len(self.blocks) else len(tokens)
                span = container_refs(self.doc, tokens[k:stop])
            self._spans[n] = span
        return self._spans[n]

    def refs(self, head: Head) -> HeadRefs:
        """The links under a heading, up to the next heading. A link line right above the
        next title, after a `---` separator, belongs to that title, not to this note."""
        cached = self._refs.get(head.k)
        if cached is not None:
            return cached
        found = HeadRefs()
        tokens = self.doc.tokens
        first = head.n + 1
        n = first
        while n < len(self.blocks) and tokens[self.blocks[n]].type != "heading_open":
            if self._above_title(n, head.level):
                break
            span = self._paragraph_refs(n, containers=n - first < _HEAD_BLOCKS)
            if span is not None:
                if not found.link_line and n - first < _HEAD_BLOCKS and span.link_line:
                    found.line, found.link_line = span.line, True
                found.refs.extend(r for r in span.refs if r.href)  # a bare id only on its line
            n += 1
        found.refs = found.line + [ref for ref in found.refs if ref not in found.line]
        self._refs[head.k] = found
        return found

    def _above_title(self, n: int, level: int) -> bool:
        """Block n is a paragraph after a `---` and right before a heading of `level` or
        above (where a writer may put the next paper's link)."""
        tokens = self.doc.tokens
        after = n + 1
        return (n > 0 and after < len(self.blocks)
                and tokens[self.blocks[n - 1]].type == "hr"
                and tokens[self.blocks[n]].type == "paragraph_open"
                and tokens[self.blocks[after]].type == "heading_open"
                and int(tokens[self.blocks[after]].tag[1:]) <= level)

    def above(self, head: Head) -> list[Ref]:
        """Paper refs of a link line just above the title, after a `---` separator or at
        the start of the document (`📄 [View Paper](…)` then `# Title`)."""
        n = head.n - 1
        tokens = self.doc.tokens
        if n < 0 or tokens[self.blocks[n]].type != "paragraph_open":
            return []
        if n > 0 and tokens[self.blocks[n - 1]].type != "hr":
            return []
        span = self._paragraph_refs(n)
        return span.line if span is not None and any(r.paper for r in span.line) else []

    # -- structure ---------------------------------------------------------------------

    def children(self, i: int) -> list[Head]:
        """The headings one level below heads[i], up to the next one at its level or above."""
        head = self.heads[i]
        found = []
        for j in range(i + 1, len(self.heads)):
            other = self.heads[j]
            if other.level <= head.level:
                break
            if other.level == head.level + 1:
                found.append(other)
        return found

    def _child_where(self, i: int, test: Callable[[Head], object]) -> bool:
        """Whether one of the next 40 headings one level below heads[i] (before the next
        at its level or above) passes `test`."""
        head = self.heads[i]
        for other in self.heads[i + 1 : i + 40]:
            if other.level <= head.level:
                return False
            if other.level == head.level + 1 and test(other):
                return True
        return False

    def _numbered_child(self, i: int) -> bool:
        return self._child_where(i, lambda h: h.number is not None)

    def _summary_child(self, i: int) -> bool:
        return self._child_where(i, lambda h: summary_rank(h.raw))

    def _note_head(self, i: int, line: list[Ref], body: list[Ref] | None = None) -> bool:
        """heads[i] with link line `line` (and `body`, every link under it) looks like a
        note's title: a paper link and numbered sections one level down, or a link line
        naming exactly one paper and a summary section (`## TL;DR`, `## 一句话总结`)."""
        papers = len(paper_keys(line))
        if papers > 1:
            return False  # a list of papers (a table of contents), not one paper's link
        if self._numbered_child(i):
            return any(r.paper for r in (body or line))
        return papers == 1 and self._summary_child(i)

    def notes_shape(self, sole: list[Ref] | None = None) -> bool:
        """Some heading has a paper link line right under it (or just above it, after a
        separator) and numbered or summary sections one level below: the shape of a note.
        `sole`: the paper the file's front matter names, for a file's only title heading."""
        sole_title = self.sole_title() if sole else None
        for i, head in enumerate(self.heads):
            if not (self._numbered_child(i) or self._summary_child(i)):
                continue
            line = self.refs(head).line or self.above(head)
            if not line and i == sole_title:
                line = sole or []
            if self._note_head(i, line):
                return True
        return False

    def sole_title(self) -> int | None:
        """The index of the document's only top heading (a one-paper note file), if any."""
        top = min((h.level for h in self.heads), default=0)
        found = [i for i, h in enumerate(self.heads) if h.level == top][:2]
        return found[0] if len(found) == 1 else None

    def lists_papers(self, refs: HeadRefs) -> bool:
        """The link line under a heading names several papers: a list (references, a
        reading list), not one paper's note."""
        return len(paper_keys(refs.line)) > 1

    def paper_level(self, sole: list[Ref] | None = None) -> int:
        """The heading level of the papers: the level whose headings most often have a
        paper link and numbered (or summary) sections one level below (the higher level on
        a tie). `sole` as for notes_shape."""
        score: Counter[int] = Counter()
        sole_title = self.sole_title() if sole else None
        for i, head in enumerate(self.heads):
            if not (self._numbered_child(i) or self._summary_child(i)):
                continue
            refs = self.refs(head)
            above = self.above(head) or ((sole or []) if i == sole_title else [])
            if self._note_head(i, refs.line or above, refs.refs or above):
                score[head.level] += 1
        if not score:  # no links at all: numbered sections still mark the notes
            score.update(h.level for i, h in enumerate(self.heads) if self._numbered_child(i))
        if not score:
            score.update(h.level for h in self.heads if any(r.paper for r in self.refs(h).line))
        return min(score, key=lambda level: (-score[level], level)) if score else 1

    def is_paper(self, i: int, refs: HeadRefs, above: list[Ref]) -> bool:
        """A heading of the paper level is a paper when a paper link goes with it, its first
        section is numbered 1, or it follows a `---` separator and has sections."""
        if self.lists_papers(refs):
            return False
        if refs.link_line or above or any(r.paper for r in refs.refs):
            return True
        sections = self.children(i)
        if not sections:
            return False
        k = self.heads[i].k
        after_rule = k > 0 and self.doc.tokens[k - 1].type == "hr"
        return after_rule or sections[0].number == 1
