"""The author's 「」 comments on a paper in a conference post (family 000): the groups
ending a paper's first line (`— blurb 「読みたい」`) and nested bullets written as `「...」`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]{1,60}\]")


def _groups(text: str) -> list[str] | None:
    """`「a」「b」[^1]` → ["a", "b"]; None when anything but 「」 groups and footnote marks."""
    text = _FOOTNOTE_REF.sub("", text).strip() if "[^" in text else text.strip()
    groups: list[str] = []
    depth = start = 0
    for i, ch in enumerate(text):
        if ch == "「":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == "」" and depth:
            depth -= 1
            if depth == 0:
                groups.append(text[start:i].strip())
        elif depth == 0 and not ch.isspace():
            return None
    return groups if depth == 0 and groups else None


def _bracketed(text: str) -> list[str]:
    """`「a」「b」` → ["a", "b"]; text with anything outside the brackets stays whole."""
    return _groups(text) or [text]


def split_comments(text: str) -> tuple[list[str], str]:
    """The author's 「」 comments at the end of a paper line's text (or all of it), and the
    rest. A group only counts when whitespace parts it from the rest: `「Attention」の改良`
    quotes a name in prose.
    """
    if "「" not in text:
        return [], text
    found = _groups(text)
    if found is not None:
        return [g for g in found if g], ""
    cut = len(text)
    for _ in range(8):  # a few groups at most; never a scan per bracket
        space = text.rfind(" 「", 0, cut)
        if space < 0 or _groups(text[space + 1 :]) is None:
            break
        cut = space
    tail = _groups(text[cut + 1 :]) if cut < len(text) else None
    return ([g for g in tail if g], text[:cut].rstrip()) if tail else ([], text)


def comments_of(tokens: list[Token]) -> list[str]:
    """The author's comments: nested bullets written as `「...」` (Markdown kept)."""
    found: list[str] = []
    for k in range(2, len(tokens)):
        if tokens[k].type != "inline" or tokens[k - 1].type != "paragraph_open":
            continue
        if tokens[k - 2].type != "list_item_open":
            continue
        text = tokens[k].content.strip()
        if text.startswith("「"):
            found.extend(c for c in _bracketed(text) if c)
    return found
