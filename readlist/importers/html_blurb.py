"""The blurb of a rendered review: its opening words, cut at a sentence when one fits.

A feed item's HTML is rendered by readlist.importers.html_text into blocks; the blurb is
the first prose in them, passing over headings, code and paragraphs of links only.
"""

from __future__ import annotations

import re

from readlist.importers.html_text import Block

_SENTENCE_END = re.compile(r"[.!?。](?=\s|$)")
_ALNUM = re.compile(r"\w{2}")


def cut(text: str, limit: int) -> str:
    """At most `limit` characters: whole sentences when they fit, else words and "…"."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] >= limit // 3:
        return head[: ends[-1]]
    words = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else head[: limit - 1]
    return words.rstrip(" ,;:") + "…"


def blurb(blocks: tuple[Block, ...], limit: int = 300, enough: int = 160) -> str | None:
    """The opening text of a fragment: its first paragraph, or its first list items.

    Headings, code, blocks without words (an image's leftover "..?") and blocks of links
    only ("Paper link (URL) · Code link (URL)") are passed over; links are the blurb only
    when the fragment has nothing else. Consecutive blocks of the first kind are joined
    until `enough` characters.
    """
    for links in (False, True):
        taken: list[str] = []
        kind = None
        for block in blocks:
            if (block.kind in ("heading", "code", "rule") or (block.links_only and not links)
                    or not _ALNUM.search(block.text)):
                if taken and block.kind == "heading":
                    break
                continue
            if kind is not None and block.kind != kind:
                break
            kind = block.kind
            taken.append(block.text.rstrip(";"))
            if sum(len(t) for t in taken) >= enough:
                break
        if taken:
            return cut(("; " if kind in ("item", "row") else " ").join(taken), limit)
    return None
