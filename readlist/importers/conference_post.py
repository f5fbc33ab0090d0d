"""Annotated conference posts (family 000): Jekyll Markdown with emoji-rated paper bullets.

A paper is a top-level bullet whose text starts with a link:
`- [Title](https://openreview.net/forum?id=...) (spotlight) 🔴`, with nested bullets as
notes and `「...」` bullets as the author's own comments. What the author hid in
`<!-- -->` comments is not imported (it is reported as skipped); bullets without a link
(the emoji legend, closing remarks) are prose, not papers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from readlist.ids import parse_arxiv_id, parse_doi, parse_openreview_id
from readlist.importers.base import DigestDraft, Importer, PaperDraft, ParseError, Skipped
from readlist.importers.markdown_tools import (
    Doc,
    dedent_block,
    find_date,
    inline_from_tokens,
    leading_link,
    normalize,
    parse,
    simple_url,
    strip_html_comments,
)
from readlist.importers.post_parts import (
    Headings,
    comments_of,
    front_matter,
    is_rating_char,
    rating_in,
    unclosed_comment,
    venue_of,
)

if TYPE_CHECKING:
    from markdown_it.token import Token

_SKIPPABLE = frozenset(" \t*_\ufe0f\u200d")
_LABEL_SPECIAL = re.compile(r"[\[\]`<\\]")
_PAPER_HOSTS = (
    "openreview.net", "arxiv.org", "aclanthology.org", "proceedings.neurips.cc",
    "papers.nips.cc", "proceedings.mlr.press", "openaccess.thecvf.com", "doi.org",
    "dl.acm.org", "ieeexplore.ieee.org", "huggingface.co/papers", "semanticscholar.org",
)


def _link_start(raw: str) -> int:
    """Index of the `[` a paper bullet starts with (after ratings and emphasis), or -1."""
    pos = 0
    while pos < len(raw) and (raw[pos] in _SKIPPABLE or is_rating_char(raw[pos])):
        pos += 1
    return pos if pos < len(raw) and raw[pos] == "[" else -1


def _bullet_body(line: str) -> str:
    """The text of a top-level list item line (`- x`, `* x`, `1. x`), else ""."""
    if line[:2] in ("- ", "* ", "+ "):
        return line[2:]
    digits = len(line) - len(line.lstrip("0123456789"))
    if 0 < digits < 10 and line[digits : digits + 2] in (". ", ") "):
        return line[digits + 2 :]
    return ""


def _paper_link(doc: Doc, raw: str) -> tuple[str, str, str, str] | None:
    """(raw title, href, text before the link, text after it) of a paper bullet."""
    start = _link_start(raw)
    if start < 0:
        return None
    label = leading_link(raw, start, doc.env)
    if label is not None and raw[label[1] : label[1] + 1] == "(" and "*" not in raw[:start]:
        # The usual `[Title](https://...)`: no inline parse needed when nothing in the
        # label can move the link's end and the destination is a plain URL.
        close = raw.find(")", label[1])
        url = raw[label[1] + 1 : close]
        if close > 0 and simple_url(url) and not _LABEL_SPECIAL.search(label[0]):
            after = doc.inline(raw[close + 1 :]).text
            return label[0].strip(), url, raw[:start].strip(), after
    children = doc.inline_tokens(raw)
    opened = next((k for k, t in enumerate(children) if t.type == "link_open"), -1)
    if label is None or opened < 0:
        return None
    before = inline_from_tokens(children[:opened]).text
    if any(not (ch in _SKIPPABLE or is_rating_char(ch)) for ch in before):
        return None  # text before the first link: prose that mentions a paper
    closed = next(k for k in range(opened, len(children)) if children[k].type == "link_close")
    after = inline_from_tokens(children[closed + 1 :]).text
    return label[0].strip(), str(children[opened].attrs.get("href", "")), before, after


def _item_end(tokens: list[Token], start: int) -> int:
    """Index of the list_item_close matching the list_item_open at `start`."""
    level = tokens[start].level
    k = start + 1
    while not (tokens[k].type == "list_item_close" and tokens[k].level == level):
        k += 1
    return k


def _paper(doc: Doc, tokens: list[Token], start: int, end: int) -> PaperDraft | None:
    """The paper a top-level list item describes, or None when it is prose."""
    if start + 2 >= end or tokens[start + 1].type != "paragraph_open":
        return None
    found = _paper_link(doc, strip_html_comments(tokens[start + 2].content))
    if found is None:
        return None
    title, href, before, after = found
    draft = PaperDraft(title=title, line=(tokens[start].map or [0])[0] + 1)
    if href:
        draft.links["abstract"] = href
    host = href.split("/", 3)[2].casefold() if href.count("/") >= 2 else ""
    # Only the parser the host calls for: URL parsing is most of the cost of a big post.
    if "openreview" in host:
        draft.openreview_id = parse_openreview_id(href)
    elif "doi" in host:
        draft.doi = parse_doi(href)
    else:
        draft.arxiv = parse_arxiv_id(href)
    draft.venue = venue_of(after)
    draft.author_rating = rating_in(after) or rating_in(before)
    para_end = (tokens[start + 1].map or [0, 0])[1]
    item_end = (tokens[start].map or [0, 0])[1]
    notes = dedent_block(strip_html_comments(doc.source(para_end, item_end)))
    draft.notes = notes or None
    draft.comments = comments_of(tokens[start + 3 : end])
    return draft


def _hidden_entries(doc: Doc, block: str, first_line: int) -> list[Skipped]:
    """Paper bullets inside a commented-out block, reported as skipped."""
    inner = block.replace("<!-- ", "").replace("<!--", "").replace("-->", "")
    hidden = parse(inner)
    found: list[Skipped] = []
    for k, tok in enumerate(hidden.tokens):
        if tok.type == "list_item_open" and tok.level == 1 and k + 2 < len(hidden.tokens):
            entry = _paper_link(hidden, hidden.tokens[k + 2].content)
            if entry is not None:
                line = first_line + (tok.map or [0])[0] + 1
                found.append(Skipped("hidden in an HTML comment", line, entry[0]))
    return found


class ConferencePostImporter(Importer):
    """Annotated conference post: Jekyll Markdown with emoji-rated paper bullets."""

    name = "post"
    description = "annotated conference post: Jekyll Markdown with emoji-rated paper bullets"

    def sniff(self, text: str) -> bool:
        """Front matter plus a paper bullet, or several rated paper bullets."""
        try:
            head = normalize(text[:300_000])
            if "[View Paper](" in head:
                return False  # LLM paper notes, whatever else they contain
            lines = head.split("\n")
            has_front_matter = front_matter(lines)[1] > 0
            papers = rated = 0
            for line in lines:
                body = _bullet_body(line)
                if not body or _link_start(body) < 0 or "](" not in body:
                    continue
                marked = rating_in(body) is not None or venue_of(body.split(")", 1)[-1])
                rated += bool(marked)
                papers += bool(marked) or any(host in body for host in _PAPER_HOSTS)
            # Front matter alone is any blog post: its link bullets must look like papers.
            return (has_front_matter and papers > 0) or rated >= 2
        except Exception:  # sniff must never raise
            return False

    def parse(self, text: str) -> DigestDraft:
        lines = normalize(text).split("\n")
        meta, body_start = front_matter(lines)
        # Blank the front matter instead of cutting it, so line numbers stay the file's.
        doc = parse("\n".join([""] * body_start + lines[body_start:]))
        tokens = doc.tokens
        headings = Headings.of(doc)
        papers: list[PaperDraft] = []
        skipped: list[Skipped] = []
        sections: list[str] = []
        hiding = False  # inside a comment markdown-it closed early (it ends at a dedent)
        k = 0
        while k < len(tokens):
            tok = tokens[k]
            start_line, end_line = tok.map or (0, 0)
            if tok.level != 0 or tok.nesting == -1:
                k += 1
                continue
            if tok.type not in ("bullet_list_open", "ordered_list_open"):
                source = doc.source(start_line, end_line)
                if hiding:
                    hiding = "-->" not in source
                    skipped.extend(_hidden_entries(doc, source, start_line))
                elif tok.type == "heading_open":
                    headings.enter(tok, tokens[k + 1].content)
                elif tok.type == "html_block" and tok.content.lstrip().startswith("<!--"):
                    skipped.extend(_hidden_entries(doc, tok.content, start_line))
                hiding = hiding or unclosed_comment(source)
            else:
                k += 1
                while tokens[k].type == "list_item_open":
                    end = _item_end(tokens, k)
                    item_map = tokens[k].map or (0, 0)
                    source = doc.source(item_map[0], item_map[1])
                    if hiding:
                        hiding = "-->" not in source
                        skipped.extend(_hidden_entries(doc, source, item_map[0]))
                    elif (draft := _paper(doc, tokens, k, end)) is not None:
                        draft.section, draft.subsection = headings.section, headings.subsection
                        papers.append(draft)
                        if draft.section and draft.section not in sections:
                            sections.append(draft.section)
                    hiding = hiding or unclosed_comment(source)
                    k = end + 1
            k += 1
        if not papers and not skipped:
            raise ParseError("not a conference post: no bullet starts with a paper link")
        return DigestDraft(
            family=self.name,
            papers=papers,
            title=meta.get("title") or headings.title,
            date=find_date(meta.get("date", "")),
            skipped=skipped,
            sections=sections,
        )
