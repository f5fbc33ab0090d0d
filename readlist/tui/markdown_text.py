"""Markdown to one Textual `Content`: the detail pane's renderer.

Textual's Markdown widget mounts a widget per block, which costs a layout of the whole
screen each time the cursor moves to another paper. The detail pane only needs headings,
paragraphs, lists, quotes, code and links, so it renders them into a single `Content`
(one Static, one repaint), styled only with theme variables. Raw HTML is shown as text,
never interpreted.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.content import Content, Span
from textual.style import Style

HEADING = {"h1": "bold $text-primary", "h2": "bold $text-accent"}
CODE = "$text-secondary"
MUTED = "$text-muted"

@functools.cache
def parser() -> MarkdownIt:
    """CommonMark without raw HTML: HTML in untrusted text is shown as the text it is."""
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


@dataclass
class _Block:
    """Where the renderer is: list nesting, quote depth, the bullet waiting for its item."""

    lists: list[list[int]] = field(default_factory=list)  # [ordered?, next number]
    quote: int = 0
    bullet: str | None = None
    tight: list[bool] = field(default_factory=list)


def markdown_content(text: str, *, hard_breaks: bool = False) -> Content:
    """Render Markdown `text` as Content (one line per rendered line).

    `hard_breaks`: a single line break inside a paragraph stays a line break (Markdown
    joins the lines), like markdown-it's `breaks` option; for text written line by line.
    """
    lines: list[Content] = []
    state = _Block()
    tokens = parser().parse(text)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            _gap(lines)
            lines.append(_inline(tokens[i + 1].children or [], HEADING.get(token.tag, "bold")))
            i += 3
            continue
        if kind == "paragraph_open":
            if not (state.tight and state.tight[-1] and state.lists):
                _gap(lines)
            inline = _inline(tokens[i + 1].children or [], "", hard_breaks=hard_breaks)
            lines.extend(_prefixed(inline, state))
            i += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            if not state.lists:
                _gap(lines)
            start = int(token.attrGet("start") or 1)
            state.lists.append([kind == "ordered_list_open", start])
            state.tight.append(not _loose(tokens, i))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            state.lists.pop()
            state.tight.pop()
        elif kind == "list_item_open":
            ordered, number = state.lists[-1]
            state.bullet = f"{number}." if ordered else "•"
            state.lists[-1][1] = number + 1
        elif kind == "blockquote_open":
            _gap(lines)
            state.quote += 1
        elif kind == "blockquote_close":
            state.quote -= 1
        elif kind in ("fence", "code_block"):
            _gap(lines)
            indent = "  " * len(state.lists)
            for line in token.content.rstrip("\n").split("\n"):
                lines.append(Content.styled(f"{indent}  {line}", CODE))
        elif kind == "hr":
            _gap(lines)
            lines.append(Content.styled("─" * 24, MUTED))
        elif kind == "table_open":
            _gap(lines)
        elif kind == "tr_close":
            lines.append(Content(" │ ").join(_row_cells(tokens, i)))
        i += 1
    return Content("\n").join(lines)


def _gap(lines: list[Content]) -> None:
    if lines and lines[-1].plain:
        lines.append(Content(""))


def _loose(tokens: Sequence[Token], start: int) -> bool:
    """A list is loose when its paragraphs are not hidden (markdown-it marks tight ones)."""
    level = tokens[start].level
    for token in tokens[start + 1:]:
        if token.level == level and token.type.endswith("_list_close"):
            return False
        if token.type == "paragraph_open" and token.level == level + 2 and not token.hidden:
            return True
    return False


def _prefixed(inline: Content, state: _Block) -> list[Content]:
    """A paragraph's lines with the list bullet / indentation and quote bars in front."""
    depth = len(state.lists)
    quote = Content.styled("▌ " * state.quote, MUTED) if state.quote else Content("")
    result = []
    for n, line in enumerate(inline.split("\n", allow_blank=True)):
        if depth:
            if n == 0 and state.bullet is not None:
                marker = Content.styled(state.bullet + " ", MUTED)
                lead = Content("  " * (depth - 1)).append(marker)
                state.bullet = None
            else:
                lead = Content("  " * depth)
        else:
            lead = Content("")
        result.append(Content.assemble(quote, lead, line))
    return result


def _row_cells(tokens: Sequence[Token], close: int) -> list[Content]:
    cells: list[Content] = []
    j = close - 1
    while j >= 0 and tokens[j].type != "tr_open":
        if tokens[j].type == "inline":
            cells.append(_inline(tokens[j].children or [], ""))
        j -= 1
    return cells[::-1]


def _inline(children: Sequence[Token], base: str, *, hard_breaks: bool = False) -> Content:
    """Inline tokens (text, emphasis, code, links, breaks) as one Content."""
    text: list[str] = []
    spans: list[Span] = []
    open_at: dict[str, list[tuple[int, str | Style]]] = {}
    length = 0

    def add(value: str, style: str | Style = "") -> None:
        nonlocal length
        text.append(value)
        if style:
            spans.append(Span(length, length + len(value), style))
        length += len(value)

    for child in children:
        kind = child.type
        if kind == "text":
            add(child.content)
        elif kind == "softbreak":
            add("\n" if hard_breaks else " ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            add(child.content, CODE)
        elif kind in ("strong_open", "em_open", "s_open", "link_open"):
            style: str | Style = {"strong_open": "bold", "em_open": "italic",
                                  "s_open": "strike"}.get(kind, "")
            if kind == "link_open":
                href = str(child.attrGet("href") or "")
                style = Style(underline=True, link=href) if href else ""
            open_at.setdefault(kind[:-5], []).append((length, style))
        elif kind in ("strong_close", "em_close", "s_close", "link_close"):
            stack = open_at.get(kind[:-6])
            if stack:
                start, style = stack.pop()
                if style and start < length:
                    spans.append(Span(start, length, style))
                if kind == "link_close" and start < length:
                    spans.append(Span(start, length, "$text-primary"))
        elif kind == "image":
            add(f"[image: {child.content}]" if child.content else "[image]", MUTED)
    content = Content("".join(text), spans)
    return content.stylize_before(base) if base else content
