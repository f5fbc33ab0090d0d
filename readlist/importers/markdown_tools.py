"""Markdown machinery shared by the Markdown digest importers.

One configured markdown-it-py instance (CommonMark + raw HTML + GFM tables). Documents are
tokenized at block level only; inline parsing happens on demand, for the few spans an
importer reads, because inline parsing every paragraph and table cell of a 10,000-paper
digest costs seconds. Tables go through a fast GFM block rule that emits one `gfm_table`
token carrying the split cells instead of markdown-it's ~10 tokens per cell.
"""

from __future__ import annotations

import functools
import re
import textwrap
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from readlist.gcpause import gc_paused
from readlist.importers.md_blocks import Table, gfm_table, raw_run

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = [
    "BR_TAG",
    "Doc",
    "Inline",
    "Link",
    "Table",
    "dedent_block",
    "join_wrapped",
    "leading_link",
    "link_at",
    "md",
    "parse",
    "plain_link",
    "simple_url",
    "strip_strong",
]


@functools.cache
def md() -> MarkdownIt:
    """The one configured parser every Markdown importer uses, built on first use (so that
    importing an importer, e.g. to sniff a digest, does not load markdown-it)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    parser.block.ruler.before("table", "gfm_table", gfm_table, {"alt": ["paragraph", "reference"]})
    parser.block.ruler.before("gfm_table", "raw_run", raw_run)
    return parser


@dataclass(frozen=True)
class Link:
    """A link: its text (plain) and its destination."""

    text: str
    href: str


@dataclass
class Inline:
    """The plain text of an inline span and the links in it, in order."""

    text: str
    links: list[Link] = field(default_factory=list)


# Characters that can start inline Markdown (CommonMark preset: no strikethrough, no
# linkify, no typographer). A span without any of them is plain text as written.
_INLINE_SPECIAL = re.compile(r"[\\`*_\[\]!<&\n]")
#: `<br>` in Markdown: a line break inside a table cell or a list item's line.
BR_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_URL_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$+,;=]")


def _plain(text: str) -> bool:
    return _INLINE_SPECIAL.search(text) is None


def simple_url(url: str) -> bool:
    """An http(s) URL markdown-it keeps exactly as written (no escapes, spaces or parens)."""
    return url.lower().startswith(("http://", "https://")) and _URL_UNSAFE.search(url) is None


def plain_link(raw: str) -> tuple[str, str] | None:
    """(text, url) when `raw` is one link and nothing else, `[plain text](https://…)`,
    which markdown-it reads exactly as written: callers skip the inline parser for it."""
    if raw.startswith("[") and raw.endswith(")"):
        close = raw.find("](")
        label, url = raw[1:close], raw[close + 2 : -1]
        if close > 1 and _plain(label) and simple_url(url):
            return label, url
    return None


def _fast_inline(raw: str) -> Inline | None:
    """The common cells (`**text**`, `[text](url)`, plain text) without the inline parser."""
    if _plain(raw):
        return Inline(raw)
    if len(raw) > 4 and raw.startswith("**") and raw.endswith("**"):
        inner = raw[2:-2]
        if inner and _plain(inner) and not inner[0].isspace() and not inner[-1].isspace():
            return Inline(inner)
    link = plain_link(raw)
    if link is not None:
        return Inline(link[0], [Link(*link)])
    return None


def inline_from_tokens(children: list[Token]) -> Inline:
    """Plain text and links of parsed inline tokens (images give their alt text)."""
    parts: list[str] = []
    links: list[Link] = []
    link_href: str | None = None
    link_start = 0
    for tok in children:
        kind = tok.type
        if kind in ("text", "text_special", "code_inline"):
            parts.append(tok.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "image":
            parts.append(inline_from_tokens(tok.children or []).text)
        elif kind == "link_open":
            link_href = str(tok.attrs.get("href", ""))
            link_start = len(parts)
        elif kind == "link_close" and link_href is not None:
            links.append(Link("".join(parts[link_start:]).strip(), link_href))
            link_href = None
    return Inline("".join(parts).strip(), links)


@dataclass
class Doc:
    """A Markdown document tokenized at block level, with its normalised source lines."""

    src: str
    lines: list[str]
    tokens: list[Token]
    env: dict[str, Any]

    def inline_tokens(self, raw: str) -> list[Token]:
        """Inline tokens of a span (reference definitions of the document apply)."""
        block = md().parseInline(raw, self.env)
        return (block[0].children or []) if block else []

    def inline(self, raw: str) -> Inline:
        """Plain text and links of a span: fast for plain cells, exact for everything else."""
        return _fast_inline(raw) or inline_from_tokens(self.inline_tokens(raw))

    def source(self, start: int, end: int) -> str:
        """Source lines [start, end) joined, as written."""
        return "\n".join(self.lines[start:end])


def normalize(text: str) -> str:
    """The text markdown-it sees: LF line ends, NUL replaced, no BOM."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\0", "\ufffd") if "\0" in text else text


def parse(text: str, raw_run_start: Callable[[str], bool] | None = None) -> Doc:
    """Block tokens of `text` (token.map line numbers index `Doc.lines`).

    With `raw_run_start`, each run of lines starting at a line it accepts is one
    `raw_text` token (see md_blocks): for plain text the importer reads from the source.
    """
    src = normalize(text)
    env: dict[str, Any] = {"raw_run_start": raw_run_start} if raw_run_start else {}
    tokens: list[Token] = []
    parser = md()
    with gc_paused():  # hundreds of thousands of tokens, no cycles among them
        parser.block.parse(src, parser, env, tokens)
    return Doc(src, src.split("\n"), tokens, env)


def leading_link(raw: str, start: int, env: dict[str, Any]) -> tuple[str, int] | None:
    """The raw label of the link whose `[` is at raw[start], and the index after its `]`.

    Raw means as written: LaTeX, escapes and balanced inner brackets are kept.
    """
    if start >= len(raw) or raw[start] != "[":
        return None
    from markdown_it.helpers import parseLinkLabel
    from markdown_it.rules_inline import StateInline

    state = StateInline(raw, md(), env, [])
    end = parseLinkLabel(state, start)
    if end < 0:
        return None
    return raw[start + 1 : end], end + 1


_LABEL_SPECIAL = re.compile(r"[\[\]`<\\]")


def link_at(raw: str, start: int, env: dict[str, Any]) -> tuple[str, str, int] | None:
    """The link (`[`) or image (`![`) starting at raw[start], as markdown-it reads it:
    (raw label, href, index just after it), or None when there is none.

    Inline, reference (`[T][ref]`, `[T]`, with the document's `env`) and titled links are
    all measured by markdown-it's own rules; the common `[Title](https://...)` takes a
    shortcut that gives the same answer without them.
    """
    image = raw.startswith("![", start)
    opening = start + image
    # The usual `[Plain title](https://…)`: a label without brackets, code, HTML or escapes
    # ends at its first `](` and a simple URL at its first `)`, as markdown-it reads them,
    # so its inline state (a tenth of a digest's parse) is not needed.
    split = raw.find("](", opening)
    if split > opening and raw[opening : opening + 1] == "[" and not _LABEL_SPECIAL.search(
            raw, opening + 1, split):
        close = raw.find(")", split + 2)
        if close > 0 and simple_url(raw[split + 2 : close]):
            return raw[opening + 1 : split], raw[split + 2 : close], close + 1
    label = leading_link(raw, opening, env)
    if label is None:
        return None
    from markdown_it.rules_inline import StateInline
    from markdown_it.rules_inline.image import image as image_rule
    from markdown_it.rules_inline.link import link as link_rule

    state = StateInline(raw, md(), env, [])
    state.pos = start
    if not (image_rule if image else link_rule)(state, False) or not state.tokens:
        return None
    opener = state.tokens[0]
    href = opener.attrs.get("src" if image else "href", "")
    return label[0], str(href), state.pos


def strip_strong(raw: str) -> str:
    """`**text**` / `__text__` → `text`; anything else unchanged (stripped)."""
    raw = raw.strip()
    for mark in ("**", "__"):
        if len(raw) > 4 and raw.startswith(mark) and raw.endswith(mark) and mark not in raw[2:-2]:
            return raw[2:-2].strip()
    return raw


def dedent_block(text: str) -> str:
    """Dedented text without leading/trailing blank lines."""
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return textwrap.dedent("\n".join(lines))


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def join_wrapped(lines: list[str]) -> str:
    """Hard-wrapped lines as one paragraph: a space between words, none between CJK."""
    parts: list[str] = []
    previous = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if parts and not (_wide(previous[-1]) and _wide(line[0])):
            parts.append(" ")
        parts.append(line)
        previous = line
    return "".join(parts)


_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def unescape_markdown(text: str) -> str:
    """Markdown backslash escapes as the characters they stand for (`Q\\*` → `Q*`), except
    in code spans and `$...$` math, where a backslash is written as meant; a backslash
    before anything but ASCII punctuation is no escape and stays."""
    if "\\" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "`$":
            fence = ch * (2 if text.startswith(ch * 2, i) else 1)
            close = text.find(fence, i + len(fence))
            if close > 0:
                out.append(text[i : close + len(fence)])
                i = close + len(fence)
                continue
        if ch == "\\" and i + 1 < n and text[i + 1] in _ASCII_PUNCTUATION:
            out.append(text[i + 1])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)
