"""What a Daily Papers digest (family 004) says under one paper heading.

Votes and authors come as lines (`Vote: 7`, `**Authors:** A, B`, `点赞：32`), as bullets
(`- **Upvotes**: 32`) or as two-column table rows; the summary comes as bullets
(`- **What's New**: …`), labelled or plain paragraphs, a two-column table, or any of these
inside a `<details>` block. The blurb is the "What's New" part, else the first part.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from readlist.importers.base import is_code_url
from readlist.importers.hf_heading import HTML_TAG, SUMMARY_TAG
from readlist.importers.hf_labels import (
    Meta,
    image_only,
    label_kind,
    meta_of,
    parse_authors,
    parse_votes,
    says_new,
    split_label,
)
from readlist.importers.markdown_tools import Doc, dedent_block, parse, strip_strong

if TYPE_CHECKING:
    from markdown_it.token import Token

    from readlist.importers.base import PaperDraft
    from readlist.importers.md_blocks import Table

_DETAILS_TAGS = re.compile(
    r"<summary\b[^>]*>.*?</summary\s*>|</?details\b[^>]*>", re.IGNORECASE | re.DOTALL)
_CAPTION = re.compile(r"(\*\*|__)[^*_\n]+\1[:：]?")


@dataclass
class _Acc:
    """What the blocks of one paper gave so far: summary parts, and its original title."""

    parts: list[_Part] = field(default_factory=list)
    title: str | None = None


@dataclass
class _Part:
    """One block of the summary: its Markdown, and its (label, text) pieces for the blurb."""

    source: str
    pieces: list[tuple[str, str]] = field(default_factory=list)
    prose: bool = False


def _apply(draft: PaperDraft, facts: list[Meta], acc: _Acc) -> None:
    for fact in facts:
        if fact.kind == "votes":
            if draft.votes is None:
                draft.votes = parse_votes(fact.value)
        elif fact.kind == "title":
            acc.title = acc.title or fact.value.strip() or None
        elif not draft.authors:
            draft.authors, draft.authors_complete = parse_authors(fact.value)


def _piece(text: str) -> tuple[str, str]:
    """(label, text) of a summary piece: `**What's New**: text`, `Summary: text`, or prose."""
    labelled = split_label(text)
    if labelled and (text.lstrip()[:1] in "*_" or label_kind(labelled[0]) == "summary"):
        return labelled
    return "", text.strip()


def _links_only(doc: Doc, draft: PaperDraft, line: str) -> bool:
    """`[arXiv](…) | [HF](…)`, `**Code:** [GitHub](…)`: a line of links (after a label,
    perhaps) is navigation, not summary; a code repository among them is the paper's code."""
    if "](" not in line:
        return False
    labelled = split_label(line)
    if labelled and labelled[1].startswith("["):
        line = labelled[1]
    depth, hrefs = 0, []
    for tok in doc.inline_tokens(line):
        if tok.type == "link_open":
            depth += 1
            hrefs.append(str(tok.attrs.get("href", "")))
        elif tok.type == "link_close":
            depth -= 1
        elif depth == 0 and tok.type == "text" and any(ch.isalnum() for ch in tok.content):
            return False
    code = next((href for href in hrefs if is_code_url(href)), None)
    if code:
        draft.links.setdefault("code", code)
    return bool(hrefs)


def _quote(doc: Doc, draft: PaperDraft, tokens: list[Token], k: int, acc: _Acc) -> int:
    """A `> quoted` paragraph (a folded entry's abstract) is prose; the index of its end."""
    j = k + 1
    while j < len(tokens) and not (tokens[j].type == "blockquote_close" and tokens[j].level == 0):
        if tokens[j].type == "inline" and tokens[j].level == 2:
            _paragraph(doc, draft, tokens[j].content, acc)
        j += 1
    return j


def _paragraph(doc: Doc, draft: PaperDraft, content: str, acc: _Acc) -> None:
    parts = acc.parts
    kept: list[str] = []
    for line in content.split("\n"):
        facts = meta_of(line)
        if facts:
            _apply(draft, facts, acc)
        elif line.strip() and not image_only(line) and not _links_only(doc, draft, line):
            kept.append(line)
    if not kept:
        return
    label, text = _piece("\n".join(kept))
    if not label and any(not p.prose for p in parts):
        return  # prose after the labelled summary is a footer, not this paper's
    # A paragraph that is one bold line (`**1. Main contribution**`) captions the next one:
    # it stays in the summary but is no blurb.
    caption = len(kept) == 1 and _CAPTION.fullmatch(text) is not None
    parts.append(_Part("\n".join(kept), [] if caption else [(label, text)], prose=not label))


def _block(doc: Doc, begin: int, end: int) -> str:
    """Source lines [begin, end) dedented, without blank lines around them."""
    text = doc.source(begin, end)
    if text[:1] not in " \t\n" and "\n " not in text and "\n\t" not in text:
        return text.rstrip("\n")  # nothing indented: what dedent_block gives, much faster
    return dedent_block(text)


def _list(doc: Doc, draft: PaperDraft, tokens: list[Token], k: int, acc: _Acc) -> int:
    """Read the list opening at tokens[k]; the index of its closing token."""
    items: list[tuple[int, int, tuple[str, str]]] = []
    total, j, size = 0, k + 1, len(tokens)
    while j < size:
        tok = tokens[j]
        if tok.level == 0 and tok.type.endswith("_list_close"):
            break
        if tok.level == 1 and tok.type == "list_item_open":
            total += 1
            inline = tokens[j + 2] if tokens[j + 1].type == "paragraph_open" else None
            first = inline.content if inline is not None else ""
            facts = meta_of(first.split("\n", 1)[0]) if first else None
            begin, end = tok.map or (0, 0)
            if facts:
                _apply(draft, facts, acc)
            elif first.strip() and not _links_only(doc, draft, first):
                items.append((begin, end, _piece(first)))
        j += 1
    if items:
        begin, end = tokens[k].map or (0, 0)
        source = _block(doc, begin, end) if len(items) == total else "\n".join(
            _block(doc, start, stop) for start, stop, _ in items)
        acc.parts.append(_Part(source, [piece for _, _, piece in items]))
    return j


def _table(draft: PaperDraft, table: Table, acc: _Acc) -> None:
    """A two-column table of `| **What's New** | text |` rows (or `| Vote | 7 |`)."""
    if len(table.header) != 2:
        return
    rows = ([table.header] if table.header[0].startswith(("**", "__")) else []) + table.rows
    pieces: list[tuple[str, str]] = []
    for row in rows:
        cells = [cell.strip() for cell in row]
        if len(cells) < 2 or not cells[0] or not cells[1]:
            continue
        label = strip_strong(cells[0]).rstrip(":：").strip()
        kind = label_kind(label)
        if kind in ("votes", "authors", "title"):
            _apply(draft, [Meta(kind, cells[1])], acc)
        else:
            pieces.append((label, cells[1]))
    if pieces:
        acc.parts.append(_Part("\n".join(f"- **{label}**: {text}" for label, text in pieces), pieces))


def _details(draft: PaperDraft, html: str, acc: _Acc) -> None:
    """`<details><summary>…</summary> … </details>` written as one HTML block."""
    for caption in SUMMARY_TAG.findall(html):
        for segment in re.split(r"\s+[|·•]\s+", HTML_TAG.sub("", caption)):
            _apply(draft, meta_of(segment) or [], acc)
    inner = _DETAILS_TAGS.sub("", html)
    if inner.strip():
        sub = parse(textwrap.dedent(inner))
        _read(sub, draft, 0, len(sub.tokens), acc, nested=True)


def _read(doc: Doc, draft: PaperDraft, start: int, stop: int, acc: _Acc,
          nested: bool = False) -> None:
    tokens = doc.tokens
    k = start
    while k < stop:
        tok = tokens[k]
        if tok.level == 0:
            kind = tok.type
            if kind == "paragraph_open":
                _paragraph(doc, draft, tokens[k + 1].content, acc)
                k += 2
            elif kind in ("bullet_list_open", "ordered_list_open"):
                k = _list(doc, draft, tokens, k, acc)
            elif kind == "blockquote_open":
                k = _quote(doc, draft, tokens, k, acc)
            elif kind == "gfm_table":
                _table(draft, tok.meta["table"], acc)
            elif kind == "html_block" and not nested and tok.content.lstrip()[:8].casefold(
                    ).startswith(("<details", "<summary")):
                _details(draft, tok.content, acc)
            elif kind == "hr" and acc.parts:
                break  # a rule after the summary closes the paper: what follows is a footer
        k += 1


def fill(doc: Doc, draft: PaperDraft, start: int, stop: int) -> str | None:
    """Votes, authors, summary and blurb from the blocks tokens[start:stop] of a paper; the
    paper's original title when a line gives one (`**原文标题：** Title`)."""
    acc = _Acc()
    _read(doc, draft, start, stop, acc)
    parts = acc.parts
    if not parts:
        return acc.title
    pieces = [piece for part in parts for piece in part.pieces]
    if len(pieces) == 1 and label_kind(pieces[0][0]) == "summary":
        draft.summary = draft.blurb = pieces[0][1]  # `- **Summary**: text`: the text is all
        return acc.title
    draft.summary = "\n\n".join(part.source for part in parts)
    blurb_is_new = False
    for label, text in pieces:
        # The "What's New" piece whatever its wording or language, else the first.
        if text and (draft.blurb is None or (says_new(label) and not blurb_is_new)):
            draft.blurb, blurb_is_new = text, says_new(label)
    return acc.title
