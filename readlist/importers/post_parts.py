"""Pieces of the conference-post importer: front matter, headings, ratings, venues, comments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from readlist.importers.markdown_tools import Doc, strip_html_comments

if TYPE_CHECKING:
    from markdown_it.token import Token

# The coloured circle / square / heart / diamond emoji people rate papers with.
_RATING_CODES = (
    0x1F534, 0x1F535, *range(0x1F7E0, 0x1F7EC), 0x26AA, 0x26AB, 0x2B1B, 0x2B1C,
    *range(0x1F536, 0x1F53A), 0x2764, 0x1F9E1, 0x1F49B, 0x1F49A, 0x1F499, 0x1F49C,
    0x1F90E, 0x1F5A4, 0x1F90D, 0x1FA75, 0x1FA76, 0x1FA77,
)
_RATINGS = frozenset(chr(code) for code in _RATING_CODES)
_VENUES = {"oral", "spotlight", "poster"}
_BLOCK_SCALARS = {"|", ">", "|-", ">-", "|+", ">+"}


def is_rating_char(ch: str) -> bool:
    return ch in _RATINGS


def rating_in(text: str) -> str | None:
    """The first rating emoji in `text` (with its variation selector, as written)."""
    for i, ch in enumerate(text):
        if ch in _RATINGS:
            return ch + "\ufe0f" if text[i + 1 : i + 2] == "\ufe0f" else ch
    return None


def venue_of(after: str) -> str | None:
    """The parenthesised label right after a paper link: `(oral)`, `(spotlight)`, ..."""
    text = after.lstrip(" \t-–—:\ufe0f")
    while text and text[0] in _RATINGS:
        text = text[1:].lstrip(" \t\ufe0f")
    pairs = {"(": ")", "[": "]", "（": "）"}
    if not text or text[0] not in pairs:
        return None
    close = text.find(pairs[text[0]])
    label = text[1:close].strip() if close > 0 else ""
    if not label or len(label) > 60 or "://" in label:
        return None
    return label.casefold() if label.casefold() in _VENUES else label


def unclosed_comment(text: str) -> bool:
    """True when `text` opens an HTML comment it does not close."""
    last = text.rfind("<!--")
    return last >= 0 and text.find("-->", last + 4) < 0


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    hash_at = value.find(" #")
    return value[:hash_at].rstrip() if hash_at >= 0 else value


def front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Top-level scalar keys of a YAML front matter block, and the first line after it.

    Only `key: value` scalars are read (quoted or not, block scalars `>`/`|` too); lists
    and maps are skipped. ({}, 0) when the text has no front matter.
    """
    if not lines or lines[0].strip() != "---":
        return {}, 0
    end = next((j for j in range(1, min(len(lines), 1000)) if lines[j].strip() in ("---", "...")),
               0)
    meta: dict[str, str] = {}
    j = 1
    while j < end:
        line = lines[j].rstrip()
        j += 1
        if not line or line[0] in " \t-#":
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            continue
        value = value.strip()
        if value in _BLOCK_SCALARS:
            block: list[str] = []
            while j < end and (not lines[j].strip() or lines[j][:1] in " \t"):
                block.append(lines[j].strip())
                j += 1
            value = ("\n" if value[0] == "|" else " ").join(b for b in block if b)
        else:
            value = _unquote(value)
        meta[key.strip().casefold()] = value
    if not meta:
        return {}, 0  # a document that merely starts with a horizontal rule
    return meta, end + 1


def _bracketed(text: str) -> list[str]:
    """`「a」「b」` → ["a", "b"]; text with anything outside the brackets stays whole."""
    if (text.startswith("「") and text.endswith("」")
            and text.count("「") == 1 and text.count("」") == 1):
        return [text[1:-1].strip()]
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
            return [text]
    return groups if depth == 0 and groups else [text]


def comments_of(tokens: list[Token]) -> list[str]:
    """The author's comments: nested bullets written as `「...」` (Markdown kept)."""
    found: list[str] = []
    for k in range(2, len(tokens)):
        if tokens[k].type != "inline" or tokens[k - 1].type != "paragraph_open":
            continue
        if tokens[k - 2].type != "list_item_open":
            continue
        text = strip_html_comments(tokens[k].content).strip()
        if text.startswith("「"):
            found.extend(c for c in _bracketed(text) if c)
    return found


@dataclass
class Headings:
    """Which heading level makes a section (the shallowest, or the one below a lone h1)."""

    doc: Doc
    section_level: int
    title_line: int | None = None
    title: str | None = None
    section: str | None = None
    path: dict[int, str] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Doc) -> Headings:
        heads = [
            ((tok.map or [0])[0], int(tok.tag[1:]), doc.tokens[k + 1].content)
            for k, tok in enumerate(doc.tokens)
            if tok.type == "heading_open" and tok.level == 0
        ]
        levels = [level for _, level, _ in heads]
        title_line = title = None
        if levels.count(1) == 1 and any(level > 1 for level in levels):
            title_line, _, content = next(h for h in heads if h[1] == 1)
            title = doc.inline(content).text
            levels = [level for level in levels if level > 1]
        return cls(doc, min(levels, default=2), title_line, title)

    def enter(self, tok: Token, content: str) -> None:
        """Follow a top-level heading."""
        if (tok.map or [0])[0] == self.title_line:
            return
        level, text = int(tok.tag[1:]), self.doc.inline(content).text
        if level <= self.section_level:
            self.section, self.path = text, {}
        else:
            self.path = {lv: t for lv, t in self.path.items() if lv < level}
            self.path[level] = text

    @property
    def subsection(self) -> str | None:
        return " / ".join(self.path[lv] for lv in sorted(self.path)) or None
