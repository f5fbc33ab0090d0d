"""The inline half of html_text's writer: the text of the block being written, and its marks.

A block's text is gathered in a buffer, with a placeholder where each inline mark
(`<a>`, `<em>`, `<code>`...) opens; when the mark closes, the text since then is
re-examined once and written as Markdown-ish (`_em_`, `**strong**`, `` `code` ``,
`text (URL)`). Inline nesting and the text re-examined are both bounded, so hostile
fragments stay linear. It also tells navigation from prose: a block whose words outside
links are only labels ("Paper:", "[Code]", a year) is `links_only`.

Kept apart from the block writer (html_text) because none of this knows about headings,
lists, quotes or tables: the block writer decides when a block ends and takes its text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_WORD_CHAR = re.compile(r"\w")
# What may stand beside links in a paragraph of navigation: labels ("Paper:", "논문 링크 :",
# "[Code]"), a year, punctuation. Anything else is prose.
_NAV_LABELS = re.compile(
    r"(?:[\W_]|\d{4}|\b(?:paper|papers|code|github|arxiv|pdf|project|page|link|links|url|demo|"
    r"official|implementation|source|original|the|and|or|논문|링크|코드|원문|깃허브|論文|リンク|コード"
    r"|论文|链接|代码)\b)*", re.IGNORECASE)
_NAV_REACH = 80

EMPHASIS = {"em": "_", "i": "_", "cite": "_", "dfn": "_", "var": "_", "strong": "**",
            "b": "**", "del": "~~", "s": "~~", "strike": "~~"}
CODE = frozenset({"code", "kbd", "samp", "tt"})
BR = "\x00"  # stands for <br> in the inline buffer (NULs are removed from text)
_MAX_MARKS = 32  # deeper inline nesting is hostile or broken: formatting is dropped
_MARK_TEXT = 500  # inner text beyond this is not re-examined when a mark closes


@dataclass
class InlineWriter:
    """The current block's inline text; `plain` drops Markdown markers (titles, names)."""

    plain: bool = False
    buf: list[str] = field(default_factory=list)
    chars: int = 0
    marks: list[tuple[str, int, int, str]] = field(default_factory=list)
    #: Set by the block writer inside `<pre>`: text goes there verbatim, not to `buf`.
    pre: list[str] | None = None
    #: The current block's words outside links (its start), and whether it has links.
    outside: str = ""
    linked: bool = False

    def text(self, raw: str) -> None:
        value = html.unescape(raw).replace(BR, "")
        if self.pre is not None:
            self.pre.append(value)
        else:
            self.buf.append(value)
            self.chars += len(value)
            if any(mark[0] == "a" for mark in self.marks):
                self.linked = self.linked or bool(_WORD_CHAR.search(value))
            elif len(self.outside) <= _NAV_REACH:
                self.outside += value

    def open_mark(self, name: str, href: str = "") -> None:
        if len(self.marks) >= _MAX_MARKS:
            return
        self.marks.append((name, len(self.buf), self.chars, href))
        self.buf.append("")  # placeholder for an opening marker

    def close_mark(self, name: str) -> None:
        for i in range(len(self.marks) - 1, -1, -1):
            if self.marks[i][0] == name:
                break
        else:
            return
        _, idx, chars, href = self.marks[i]
        del self.marks[i:]
        if idx >= len(self.buf):
            return
        if self.chars - chars > _MARK_TEXT:  # too long to re-examine: keep the text as is
            if name == "a" and href and not self.plain:
                self.buf.append(f" ({href})")
            return
        inner = "".join(self.buf[idx:])
        del self.buf[idx:]
        core = " ".join(inner.split())
        if not core:
            self.buf.append(" " if inner else "")
            return
        lead = " " if inner[:1].isspace() else ""
        trail = " " if inner[-1:].isspace() else ""
        if self.plain or BR in inner:
            self.buf.append(inner)
        elif name == "a":
            tail = f" ({href})" if href and href not in core else ""
            if tail:
                self.drop_repeated_url(idx, tail)
            self.buf.append(f"{lead}{core}{tail}{trail}")
        else:
            marker = "`" if name in CODE else EMPHASIS[name]
            self.buf.append(f"{lead}{marker}{core}{marker}{trail}")

    def drop_repeated_url(self, idx: int, tail: str) -> None:
        """A link cut in pieces (`<a href=u>Title</a> <a href=u><em>Venue</em></a>`) names
        its URL once, after the last piece: the URL after the piece before goes."""
        before = idx - 1
        while before >= 0 and not self.buf[before].strip():
            before -= 1
        if before >= 0:
            piece = self.buf[before]
            stripped = piece.rstrip()
            if stripped.endswith(tail):
                self.buf[before] = stripped[: -len(tail)] + piece[len(stripped) :]

    def take_inline(self) -> tuple[str, bool]:
        """The block's raw inline text and whether it is only links and their labels; the
        buffer, its marks and the navigation state are reset for the next block."""
        raw = "".join(self.buf)
        self.buf.clear()
        self.marks.clear()
        self.chars = 0
        links_only = (self.linked and len(self.outside) <= _NAV_REACH
                      and bool(_NAV_LABELS.fullmatch(self.outside)))
        self.outside, self.linked = "", False
        return raw, links_only
