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

_SUMMARY_TAG = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
_DETAILS_TAGS = re.compile(
    r"<summary\b[^>]*>.*?</summary\s*>|</?details\b[^>]*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


@dataclass
class _Part:
    """One block of the summary: its Markdown, and its (label, text) pieces for the blurb."""

    source: str
    pieces: list[tuple[str, str]] = field(default_factory=list)
    prose: bool = False


def _apply(draft: PaperDraft, facts: list[Meta]) -> None:
    for fact in facts:
        if fact.kind == "votes":
            if draft.votes is None:
                draft.votes = parse_votes(fact.value)
        elif not draft.authors:
            draft.authors = parse_authors(fact.value)


def _piece(text: str) -> tuple[str, str]:
    """(label, text) of a summary piece: `**What's New**: text`, `Summary: text`, or prose."""
    labelled = split_label(text)
    if labelled and (text.lstrip()[:1] in "*_" or label_kind(labelled[0]) == "summary"):
        return labelled
    return "", text.strip()


def _links_only(doc: Doc, line: str) -> bool:
    """`[arXiv](…) | [HF](…)`: a line of links is navigation, not summary."""
    if "](" not in line:
        return False
    depth, links = 0, 0
    for tok in doc.inline_tokens(line):
        if tok.type == "link_open":
            depth, links = depth + 1, links + 1
        elif tok.type == "link_close":
            depth -= 1
        elif depth == 0 and tok.type == "text" and any(ch.isalnum() for ch in tok.content):
            return False
    return links > 0


def _paragraph(doc: Doc, draft: PaperDraft, content: str, parts: list[_Part]) -> None:
    kept: list[str] = []
    for line in content.split("\n"):
        facts = meta_of(line)
        if facts:
            _apply(draft, facts)
        elif line.strip() and not image_only(line) and not _links_only(doc, line):
            kept.append(line)
    if not kept:
        return
    label, text = _piece("\n".join(kept))
    if not label and any(not p.prose for p in parts):
        return  # prose after the labelled summary is a footer, not this paper's
    parts.append(_Part("\n".join(kept), [(label, text)], prose=not label))


def _list(doc: Doc, draft: PaperDraft, tokens: list[Token], k: int, parts: list[_Part]) -> int:
    """Read the list opening at tokens[k]; the index of its closing token."""
    items: list[tuple[int, int, tuple[str, str]]] = []
    total, j = 0, k + 1
    while j < len(tokens) and not (tokens[j].type.endswith("_list_close") and tokens[j].level == 0):
        tok = tokens[j]
        if tok.type == "list_item_open" and tok.level == 1:
            total += 1
            inline = tokens[j + 2] if tokens[j + 1].type == "paragraph_open" else None
            first = inline.content if inline is not None else ""
            facts = meta_of(first.split("\n", 1)[0]) if first else None
            begin, end = tok.map or (0, 0)
            if facts:
                _apply(draft, facts)
            elif first.strip():
                items.append((begin, end, _piece(first)))
        j += 1
    if items:
        begin, end = tokens[k].map or (0, 0)
        source = dedent_block(doc.source(begin, end)) if len(items) == total else "\n".join(
            dedent_block(doc.source(start, stop)) for start, stop, _ in items)
        parts.append(_Part(source, [piece for _, _, piece in items]))
    return j


def _table(draft: PaperDraft, table: Table, parts: list[_Part]) -> None:
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
        if kind in ("votes", "authors"):
            _apply(draft, [Meta("votes" if kind == "votes" else "authors", cells[1])])
        else:
            pieces.append((label, cells[1]))
    if pieces:
        parts.append(_Part("\n".join(f"- **{label}**: {text}" for label, text in pieces), pieces))


def _details(draft: PaperDraft, html: str, parts: list[_Part]) -> None:
    """`<details><summary>…</summary> … </details>` written as one HTML block."""
    for caption in _SUMMARY_TAG.findall(html):
        for segment in re.split(r"\s+[|·•]\s+", _TAG.sub("", caption)):
            _apply(draft, meta_of(segment) or [])
    inner = _DETAILS_TAGS.sub("", html)
    if inner.strip():
        sub = parse(textwrap.dedent(inner))
        _read(sub, draft, 0, len(sub.tokens), parts, nested=True)


def _read(doc: Doc, draft: PaperDraft, start: int, stop: int, parts: list[_Part],
          nested: bool = False) -> None:
    tokens = doc.tokens
    k = start
    while k < stop:
        tok = tokens[k]
        if tok.level == 0:
            kind = tok.type
            if kind == "paragraph_open":
                _paragraph(doc, draft, tokens[k + 1].content, parts)
                k += 2
            elif kind in ("bullet_list_open", "ordered_list_open"):
                k = _list(doc, draft, tokens, k, parts)
            elif kind == "gfm_table":
                _table(draft, tok.meta["table"], parts)
            elif kind == "html_block" and not nested and tok.content.lstrip()[:8].casefold(
                    ).startswith(("<details", "<summary")):
                _details(draft, tok.content, parts)
            elif kind == "hr" and parts:
                break  # a rule after the summary closes the paper: what follows is a footer
        k += 1


def fill(doc: Doc, draft: PaperDraft, start: int, stop: int) -> None:
    """Votes, authors, summary and blurb from the blocks tokens[start:stop] of a paper."""
    parts: list[_Part] = []
    _read(doc, draft, start, stop, parts)
    if not parts:
        return
    pieces = [piece for part in parts for piece in part.pieces]
    if len(pieces) == 1 and label_kind(pieces[0][0]) == "summary":
        draft.summary = draft.blurb = pieces[0][1]  # `- **Summary**: text`: the text is all
        return
    draft.summary = "\n\n".join(part.source for part in parts)
    blurb_is_new = False
    for label, text in pieces:
        # The "What's New" piece whatever its wording or language, else the first.
        if text and (draft.blurb is None or (says_new(label) and not blurb_is_new)):
            draft.blurb, blurb_is_new = text, says_new(label)
