"""Annotated conference posts (family 000): Jekyll/Hugo Markdown with emoji-rated paper bullets.

A paper is a list item whose first line starts with a link, after at most a task box
(`[x]`, the author's own "read" mark, ignored), a thumbnail image, rating marks or emphasis:
`- [Title](https://openreview.net/forum?id=...) (spotlight) 🔴 — blurb`. Nested bullets are
its notes (Markdown as written) and `「...」` bullets the author's comments.

This module finds the paper bullets and makes each a draft; post_line reads the first
line, post_links its links, post_marks the rating marks, post_comments the 「」 comments and
post_parts the rest of the post (front matter, hidden parts, headings). Of the first line:
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
section is not a paper. What the author hid in `<!-- -->` comments is reported as skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from readlist.importers.base import (
    DigestDraft,
    Importer,
    PaperDraft,
    ParseError,
    Skipped,
    web_url,
)
from readlist.importers.markdown_tools import Doc, dedent_block, find_date, normalize, parse
from readlist.importers.post_comments import comments_of, split_comments
from readlist.importers.post_line import clean_title, leading_link, read_line, venue_of
from readlist.importers.post_links import add_link, external, paper_url
from readlist.importers.post_marks import DEFAULT_MARKS, is_rating_char, legend_marks, rating_in
from readlist.importers.post_parts import Headings, Visible, front_matter

if TYPE_CHECKING:
    from markdown_it.token import Token

_PAPER_HOSTS = (
    "openreview.net", "arxiv.org", "aclanthology.org", "proceedings.neurips.cc",
    "papers.nips.cc", "proceedings.mlr.press", "openaccess.thecvf.com", "doi.org",
    "dl.acm.org", "ieeexplore.ieee.org", "huggingface.co/papers", "semanticscholar.org",
)


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
) -> tuple[PaperDraft, bool] | None:
    """The paper a list item describes and whether it surely is one; None for prose."""
    if start + 2 >= end or tokens[start + 1].type != "paragraph_open":
        return None
    raw = tokens[start + 2].content
    lead = leading_link(raw, doc.env, marks)
    if lead is None or not external(lead[2]):
        return None  # anchors and site-relative links are the post's own pages
    before, label, href, link_end = lead
    line = read_line(raw[link_end:], doc.env, marks)
    draft = PaperDraft(title=clean_title(label), line=(tokens[start].map or [0])[0] + 1)
    add_link(draft, href)
    for kind, other in line.links:
        add_link(draft, other, kind)
    seen = before + line.marks
    draft.author_rating = seen[0] if seen else rating_in(line.text, marks)
    draft.venue = ", ".join(dict.fromkeys(line.venues)) or None
    comments, text = split_comments(line.text)
    if len(seen) > 1:
        text = f"{''.join(seen)} {text}".strip()
    draft.blurb = text or None
    para_end = (tokens[start + 1].map or [0, 0])[1]
    item_end = (tokens[start].map or [0, 0])[1]
    notes = "\n".join(doc.lines[i] for i in range(para_end, item_end) if i not in blanked)
    draft.notes = dedent_block(notes) or None
    draft.comments = comments + comments_of(tokens[start + 3 : end])
    sure = paper_url(web_url(href)) or bool(
        draft.author_rating or line.venues or line.links or draft.notes
    )
    return draft, sure


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
            lead = leading_link(doc.tokens[k + 2].content, doc.env, marks)
            if lead is not None and external(lead[2]):
                line = first_line + (tok.map or [0])[0] + 1
                found.append(Skipped("hidden in an HTML comment", line, clean_title(lead[1])))
    return found


def _bullet_body(line: str) -> str:
    """The text of a top-level list item line (`- x`, `* x`, `1. x`), else ""."""
    if line[:2] in ("- ", "* ", "+ "):
        return line[2:]
    digits = len(line) - len(line.lstrip("0123456789"))
    if 0 < digits < 10 and line[digits : digits + 2] in (". ", ") "):
        return line[digits + 2 :]
    return ""


def _link_start(body: str) -> int:
    """Where the link a paper bullet starts with begins (after a task box, thumbnails,
    ratings and emphasis), or -1. A cheap look for sniff()."""
    pos = 4 if body[:3] in ("[ ]", "[x]", "[X]") else 0
    while pos < len(body):
        ch = body[pos]
        if ch == "[":
            return pos
        if body.startswith("![", pos):
            close = body.find("](", pos)
            pos = body.find(")", close) + 1 if close > 0 else 0
            if pos <= 0:
                return -1
        elif ch in " \t*_\ufe0f" or is_rating_char(ch):
            pos += 1
        else:
            return -1
    return -1


class ConferencePostImporter(Importer):
    """Annotated conference post: Jekyll Markdown with emoji-rated paper bullets."""

    name = "post"
    description = "annotated conference post: Jekyll Markdown with emoji-rated paper bullets"

    def sniff(self, text: str) -> bool:
        """Front matter plus a paper bullet, or a paper bullet with a rating or venue label."""
        try:
            head = normalize(text[:300_000])
            if "[View Paper](" in head:
                return False  # LLM paper notes, whatever else they contain
            lines = head.split("\n")
            has_front_matter = front_matter(lines)[1] > 0
            papers = rated = others = 0
            for line in lines:
                body = _bullet_body(line)
                if not body or "](" not in body:
                    continue
                if (start := _link_start(body)) < 0:
                    others += any(host in body for host in _PAPER_HOSTS)
                    continue
                after = body[body.find(")", body.find("](", start)) + 1 :]
                marked = rating_in(body) is not None or venue_of(after) is not None
                rated += marked
                papers += marked or any(host in body for host in _PAPER_HOSTS)
            # Front matter alone is any blog post: its link bullets must look like papers.
            # Without it, a rated or labelled paper bullet is this family's mark, unless most
            # paper links sit inside bullets (`- **T** [[paper](...)]`: a list for generic).
            return (has_front_matter and papers > 0) or (rated >= 1 and papers >= others)
        except Exception:  # sniff must never raise
            return False

    def parse(self, text: str) -> DigestDraft:
        lines = normalize(text).split("\n")
        meta, body_start = front_matter(lines)
        # Blank the front matter instead of cutting it, so line numbers stay the file's.
        visible = Visible.of("\n".join([""] * body_start + lines[body_start:]))
        doc = visible.doc
        marks = DEFAULT_MARKS | legend_marks(doc)
        tokens = doc.tokens
        headings = Headings.of(doc)
        found: list[tuple[PaperDraft, bool]] = []
        k = 0
        while k < len(tokens):
            tok = tokens[k]
            if tok.level == 0 and tok.type == "heading_open":
                headings.enter(tok, tokens[k + 1].content)
            elif tok.level == 0 and tok.type in ("bullet_list_open", "ordered_list_open"):
                k += 1
                while tokens[k].type == "list_item_open":
                    end = _item_end(tokens, k)
                    entry = _paper(doc, tokens, k, end, marks, visible.blanked)
                    if entry is not None:
                        entry[0].section, entry[0].subsection = headings.section, headings.subsection
                        found.append(entry)
                    k = end + 1
            k += 1
        # A bare link to some page is a paper only beside entries that surely are.
        sure = {draft.section for draft, is_sure in found if is_sure}
        papers = [draft for draft, is_sure in found if is_sure or draft.section in sure]
        skipped = _hidden_entries(visible.hidden, marks)
        if not papers and not skipped:
            raise ParseError("not a conference post: no bullet starts with a paper link")
        return DigestDraft(
            family=self.name,
            papers=papers,
            title=meta.get("title") or headings.title,
            date=find_date(meta.get("date", "")),
            skipped=skipped,
            sections=list(dict.fromkeys(d.section for d in papers if d.section)),
        )
