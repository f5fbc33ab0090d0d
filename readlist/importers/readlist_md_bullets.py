"""What a reader sees of each paper in a readlist Markdown export: its task bullet, read back.

Every top-level task bullet (``- [ ]`` / ``- [x]``) of the document is a paper: its
checkbox, its title line (a link or bold title, then the venue and rating after it), the
hidden ``<!-- readlist:paper ... -->`` comment under it and its nested
``Authors/State/Priority/Tags/Notes`` bullets; the notes are taken from the source lines so
their bytes survive (convention in readlist.export.mdtext). Other top-level bullets (the
legend, prose) are not papers.

Kept apart from readlist_markdown, which walks the document as a whole and weighs what is
read here against the hidden copy (the visible edit wins): this module only reads tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from readlist.export.mdtext import PAPER_MARKER, canonical_notes, dedent_block, is_hidden

if TYPE_CHECKING:
    from markdown_it.token import Token

    from readlist.importers.markdown_tools import Doc as Markdown

_CHECKBOX = re.compile(r"^ {0,3}[-*+][ \t]+\[([ xX])\](?:[ \t]|$)")
_CHECKBOX_TEXT = re.compile(r"^\[[ xX]\][ \t]*")
_LABEL = re.compile(r"(authors|state|priority|tags|notes)[ \t]*:[ \t]*(.*)", re.I | re.S)
_NOTES_LINE = re.compile(r"^\s*[-*+][ \t]+notes[ \t]*:[ \t]?(.*)$", re.I)


@dataclass
class Visible:
    """What a reader sees of one paper bullet."""

    line: int
    checked: bool
    title: str = ""
    href: str | None = None
    trailing: str | None = None
    hidden: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    notes: str = ""


def paper_bullets(source: Markdown) -> list[Visible]:
    """Every top-level task bullet, read into a `Visible`."""
    found = []
    depth = 0
    for i, token in enumerate(source.tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open" and token.level == 1 and depth == 1 and token.map:
            match = _CHECKBOX.match(source.lines[token.map[0]])
            if match:  # other top-level bullets (the legend, prose) are not papers
                found.append(_read_item(source, i, match.group(1) != " "))
    return found


def _item_end(tokens: list[Token], start: int) -> int:
    level = tokens[start].level
    for j in range(start + 1, len(tokens)):
        if tokens[j].type == "list_item_close" and tokens[j].level == level:
            return j
    return len(tokens)


def _read_item(source: Markdown, start: int, checked: bool) -> Visible:
    tokens = source.tokens
    item = tokens[start]
    assert item.map is not None
    visible = Visible(line=item.map[0] + 1, checked=checked)
    end = _item_end(tokens, start)
    first_inline = True
    for j in range(start + 1, end):
        token = tokens[j]
        if token.type == "inline" and token.level == 3 and first_inline:
            first_inline = False
            _read_title(source.inline_tokens(token.content), visible)
        elif token.type == "html_block" and token.level == 2 and is_hidden(token.content, PAPER_MARKER):
            visible.hidden = visible.hidden or token.content
        elif token.type == "list_item_open" and token.level == 3 and token.map:
            _read_label(source, j, visible)
    return visible


def _plain(tokens: list[Token]) -> str:
    parts = []
    for token in tokens:
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _read_title(children: list[Token], visible: Visible) -> None:
    rest = list(children)
    if rest and rest[0].type == "text" and _CHECKBOX_TEXT.match(rest[0].content):
        from markdown_it.token import Token

        head = Token("text", "", 0, content=_CHECKBOX_TEXT.sub("", rest[0].content, count=1))
        rest = [head, *rest[1:]] if head.content else rest[1:]
    elif rest and rest[0].type == "link_open":  # `[x]` taken for a reference link
        close = next(k for k, t in enumerate(rest) if t.type == "link_close")
        rest = rest[close + 1:]
    while rest and rest[0].type == "text" and not rest[0].content.strip():
        rest = rest[1:]
    if rest and rest[0].type in ("link_open", "strong_open"):
        close_type = rest[0].type.replace("_open", "_close")
        close = next((k for k, t in enumerate(rest) if t.type == close_type), len(rest))
        if rest[0].type == "link_open":
            visible.href = str(rest[0].attrs.get("href", "")) or None
        visible.title = _plain(rest[1:close])
        visible.trailing = _plain(rest[close + 1:])
    else:
        visible.title = _plain(rest)


def _read_label(source: Markdown, start: int, visible: Visible) -> None:
    item, lines = source.tokens[start], source.lines
    assert item.map is not None
    inline = next((t for t in source.tokens[start + 1:start + 4] if t.type == "inline"), None)
    match = _LABEL.match(_plain(source.inline_tokens(inline.content)) if inline else "")
    if match is None:
        return
    label = match.group(1).lower()
    if label != "notes":
        visible.labels.setdefault(label, match.group(2).strip())
        return
    region = lines[item.map[0] + 1:item.map[1]]
    if region and not region[0].strip():
        region = region[1:]
    same_line = _NOTES_LINE.match(lines[item.map[0]])
    first = [same_line.group(1)] if same_line and same_line.group(1).strip() else []
    visible.notes = canonical_notes("\n".join([*first, dedent_block(region)]))
