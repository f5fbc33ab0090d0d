"""Annotated conference posts (family 000): Jekyll/Hugo Markdown with emoji-rated paper bullets.

A paper is a list item whose first line names it: most often it starts with its link,
after at most a task box (`[x]`, the author's own "read" mark, ignored), thumbnails, rating
marks, venue labels or emphasis: `- [Title](https://openreview.net/forum?id=...) (spotlight)
🔴 — blurb`; siblings also give a bold or plain title before labelled links
(`- **Title** [[OpenReview](...)] 🔵`) or an autolink (see post_entry). Nested bullets are
its notes (Markdown as written) and `「...」` bullets the author's comments. A bullet that is
not a paper (`- 推論`) is a topic: the paper bullets nested under it are one level deeper
than the headings over it (its subsection, or its section when no heading made one), as are
those under a bold paragraph that stands over a list (`**評価**`).

This module walks the lists and makes each paper bullet a draft; post_entry reads which
paper a bullet names, post_line the rest of its first line, post_links its links,
post_marks the rating marks, post_comments the 「」 comments and post_parts the rest of the
post (front matter, hidden parts, headings). Of the first line:
- rating: the first of the post's marks (coloured circles, squares and hearts, their
  `:red_circle:` shortcodes, and whatever the post's own legend defines, e.g. `- ⭐ must
  read`). A line with several (`🔵🟣`) keeps the first as the rating and all of them, as
  written, at the start of the blurb: the library has one rating, but nothing is lost.
- venue: its presentation labels (`(oral)`, `**Spotlight**`), each once, joined.
- what is left is the blurb; 「」 groups ending it are comments.

Which link bullets are papers: anchors (`#summary`) and site-relative links never; links
to one paper (arXiv, OpenReview, DOI, a proceedings page, a PDF) always; other pages when
the bullet looks like a paper entry (a mark, a venue label, notes, another paper link) or
shares its section with one that does. So `- [Official paper list](...)` in a closing
section is not a paper. A bullet that links a paper but reads as none of these shapes
(`- I also liked [Mamba](https://arxiv.org/...)`) is reported as skipped, as is what the
author hid in `<!-- -->` comments.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from readlist.importers.base import (
    DigestDraft,
    Importer,
    PaperDraft,
    ParseError,
    Skipped,
    is_code_url,
    web_url,
)
from readlist.importers.front_matter import front_matter, front_matter_date
from readlist.importers.markdown_tools import Doc, dedent_block, normalize, parse
from readlist.importers.post_comments import comments_of, split_comments
from readlist.importers.post_entry import Entry, Unread, read_entry
from readlist.importers.post_line import read_line
from readlist.importers.post_links import add_link, own_link, paper_url
from readlist.importers.post_marks import DEFAULT_MARKS, legend_marks, rating_in, repeated_marks
from readlist.importers.post_parts import Headings, Visible, bold_label
from readlist.importers.post_sniff import looks_like_post
from readlist.importers.post_split import has_link, split_entry
from readlist.importers.post_tables import table_papers
from readlist.importers.post_venues import heading_venue

if TYPE_CHECKING:
    from markdown_it.token import Token

    from readlist.importers.md_blocks import Table

_LIST_OPENS = ("bullet_list_open", "ordered_list_open")
# A hard line break: two spaces, a backslash or `<br>` before the end of a line.
_HARD_BREAK = re.compile(r"(?: {2,}|\\|<br\s*/?>)\n", re.IGNORECASE)


def _item_end(tokens: list[Token], start: int) -> int:
    """Index of the list_item_close matching the list_item_open at `start`."""
    level = tokens[start].level
    k = start + 1
    while not (tokens[k].type == "list_item_close" and tokens[k].level == level):
        k += 1
    return k


def _paper(
    doc: Doc, tokens: list[Token], start: int, end: int, marks: frozenset[str],
    blanked: frozenset[int],
) -> tuple[PaperDraft, bool | None] | Skipped | None:
    """The paper a list item describes and whether it surely is one (None: only when
    nothing else says so, not for sharing a section with papers); Skipped when it links a
    paper the importer cannot read an entry from; None for prose."""
    if start + 2 >= end or tokens[start + 1].type != "paragraph_open":
        return None
    raw = tokens[start + 2].content
    para_start, para_end = tokens[start + 1].map or [0, 0]
    if (fence := raw.find("\n:::")) >= 0:
        # A Zenn/VuePress `:::details` container the paragraph ran into: notes, not the line.
        raw, para_end = raw[:fence], para_start + raw.count("\n", 0, fence) + 1
    broken = para_end
    if (brk := _HARD_BREAK.search(raw)) is not None and has_link(raw[: brk.start()]):
        # `- [Title](...) — *Venue*` ending in a line break: the lines under it are notes.
        raw, para_end = raw[: brk.start()], para_start + raw.count("\n", 0, brk.start()) + 1
    item_end = (tokens[start].map or [0, 0])[1]
    entry: Entry | Unread | None
    split = split_entry(doc, tokens, start, end, raw, marks)
    if split is not None:
        entry, note_lines = split
    else:
        entry = read_entry(raw, doc.env, marks)
        note_lines = list(range(para_end, item_end))
    if entry is None:
        return None
    line_no = (tokens[start].map or [0])[0] + 1
    if isinstance(entry, Unread):
        return Skipped(entry.reason, line_no, _shortened(doc, raw))
    line = entry.line
    draft = PaperDraft(title=entry.title, line=line_no)
    papers = [href for kind, href in line.links if kind == "paper"]
    if entry.href is not None:
        # `[Mamba](github) [arXiv](...)`: a leading code link beside the paper's own is code.
        kind = own_link(entry.title, entry.href) if papers else None
        add_link(draft, entry.href, "code" if kind == "code" else None)
    for kind, other in line.links:
        add_link(draft, other, kind)
    for i in range(para_end, broken):  # a line of the paper's links under its line
        links = read_line(doc.lines[i].strip(), doc.env, marks)
        if links.links and not links.text and not links.marks:
            for kind, other in links.links:
                add_link(draft, other, kind)
    if not draft.title and draft.arxiv is None and draft.openreview_id is None:
        return Skipped("a paper link without a title", line_no, _shortened(doc, raw))
    seen = entry.lead.marks + line.marks
    draft.author_rating = seen[0] if seen else rating_in(line.text, marks)
    draft.venue = ", ".join(dict.fromkeys(entry.lead.venues + line.venues)) or None
    comments, text = split_comments(line.text)
    if len(seen) > 1:
        text = f"{''.join(seen)} {text}".strip()
    draft.blurb = text or None
    notes = "\n".join(doc.lines[i] for i in note_lines if i not in blanked)
    draft.notes = dedent_block(notes) or None
    draft.comments = comments + comments_of(tokens[start + 3 : end])
    if entry.href is not None and is_code_url(web_url(entry.href)) and not papers:
        # `- **[TabPFN](github)**: the library`: a repository, unless the author rated it.
        return draft, bool(draft.author_rating or draft.venue) or None
    sure = (entry.href is not None and paper_url(web_url(entry.href))) or bool(
        draft.author_rating or draft.venue or line.links or draft.notes
    )
    return draft, sure


def _shortened(doc: Doc, raw: str, limit: int = 100) -> str:
    """The start of a bullet's text, for a message (only the start is parsed: a long
    bullet costs no more than a short one)."""
    text = " ".join(doc.inline(raw[: limit * 4]).text.split())
    return text if len(text) <= limit and len(raw) <= limit * 4 else text[: limit - 1] + "…"


def _topic(doc: Doc, tokens: list[Token], start: int) -> str | None:
    """The name a bullet that is not a paper gives the bullets nested under it (`- 推論`)."""
    if tokens[start + 1].type != "paragraph_open":
        return None
    return doc.inline(tokens[start + 2].content).text.rstrip(" :：") or None


class _Walk:
    """One pass over a post's lists: paper bullets, and the topic bullets above them."""

    def __init__(self, doc: Doc, marks: frozenset[str], blanked: frozenset[int]) -> None:
        self.doc, self.marks, self.blanked = doc, marks, blanked
        self.headings = Headings.of(doc)
        self.found: list[tuple[PaperDraft, bool | None]] = []
        self.skipped: list[Skipped] = []

    def table(self, table: Table) -> None:
        """Read the papers of a table (a row that links a paper is one)."""
        for draft in table_papers(self.doc, table, self.marks):
            draft.section, draft.subsection = self.headings.place([])
            self.found.append((draft, True))

    def list_at(self, k: int, topics: list[str]) -> int:
        """Read the list opening at tokens[k]; the index of its closing token."""
        tokens = self.doc.tokens
        k += 1
        while tokens[k].type == "list_item_open":
            end = _item_end(tokens, k)
            entry = _paper(self.doc, tokens, k, end, self.marks, self.blanked)
            if isinstance(entry, Skipped):
                self.skipped.append(entry)
            elif entry is not None:
                entry[0].section, entry[0].subsection = self.headings.place(topics)
                self.found.append(entry)
            else:  # a topic: the lists nested in it may hold papers
                topic = _topic(self.doc, tokens, k)
                inner = [*topics, topic] if topic else topics
                level = tokens[k].level + 1
                j = k + 1
                while j < end:
                    if tokens[j].level == level and tokens[j].type in _LIST_OPENS:
                        j = self.list_at(j, inner)
                    j += 1
            k = end + 1
        return k
def _hidden_entries(hidden: list[tuple[int, str]], marks: frozenset[str]) -> list[Skipped]:
    """Paper bullets inside commented-out parts, reported as skipped."""
    found: list[Skipped] = []
    for first_line, text in hidden:
        if "[" not in text:
            continue
        doc = parse(text)
        for k, tok in enumerate(doc.tokens[:-2]):
            if tok.type != "list_item_open" or tok.level != 1:
                continue
            if doc.tokens[k + 1].type != "paragraph_open":
                continue
            entry = read_entry(doc.tokens[k + 2].content, doc.env, marks)
            if isinstance(entry, Entry):
                line = first_line + (tok.map or [0])[0] + 1
                found.append(Skipped("hidden in an HTML comment", line, entry.title))
    return found


class ConferencePostImporter(Importer):
    """Annotated conference post: Jekyll Markdown with emoji-rated paper bullets."""

    name = "post"
    description = "annotated conference post: Jekyll Markdown with emoji-rated paper bullets"

    def sniff(self, text: str) -> bool:
        """Front matter plus a paper bullet, or a paper bullet with a rating or venue label."""
        return looks_like_post(text)

    def parse(self, text: str) -> DigestDraft:
        lines = normalize(text).split("\n")
        meta, body_start = front_matter(lines)
        # Blank the front matter instead of cutting it, so line numbers stay the file's.
        visible = Visible.of("\n".join([""] * body_start + lines[body_start:]))
        doc = visible.doc
        marks = DEFAULT_MARKS | legend_marks(doc)
        marks |= repeated_marks(doc, marks)
        tokens = doc.tokens
        walk = _Walk(doc, marks, visible.blanked)
        k = 0
        while k < len(tokens):
            tok = tokens[k]
            if tok.level == 0 and tok.type == "heading_open":
                walk.headings.enter(tok, tokens[k + 1].content)
            elif tok.level == 0 and tok.type == "paragraph_open":
                # `**評価**` over a list names the papers in it, as a heading would.
                if k + 3 < len(tokens) and tokens[k + 3].type in _LIST_OPENS:
                    label = bold_label(doc, tokens[k + 1].content)
                    walk.headings.label = label or walk.headings.label
            elif tok.level == 0 and tok.type in _LIST_OPENS:
                k = walk.list_at(k, [])
            elif tok.type == "gfm_table" and tok.meta:
                walk.table(tok.meta["table"])
            k += 1
        found, headings = walk.found, walk.headings
        # A bare link to some page is a paper only beside entries that surely are.
        sure = {draft.section for draft, is_sure in found if is_sure}
        papers = [draft for draft, is_sure in found
                  if is_sure or (is_sure is not None and draft.section in sure)]
        for draft in papers:  # `## Oral Papers` over papers that say no venue of their own
            draft.venue = draft.venue or heading_venue(draft.subsection) or heading_venue(
                draft.section)
        skipped = sorted(_hidden_entries(visible.hidden, marks) + walk.skipped,
                         key=lambda s: s.line or 0)
        if not papers and not skipped:
            raise ParseError("not a conference post: no bullet starts with a paper link")
        return DigestDraft(
            family=self.name,
            papers=papers,
            title=meta.get("title") or headings.title,
            date=front_matter_date(meta),
            skipped=skipped,
            sections=list(dict.fromkeys(d.section for d in papers if d.section)),
        )
