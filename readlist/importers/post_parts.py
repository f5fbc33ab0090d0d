"""Pieces of the conference-post importer that read the whole post: front matter (YAML or
TOML), headings, the post's own rating legend, what the author hid in `<!-- -->` comments,
and the author's 「」 comments."""

from __future__ import annotations

import bisect
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from readlist.importers.markdown_tools import Doc, comment_spans, parse

if TYPE_CHECKING:
    from markdown_it.token import Token

# The coloured circle / square / heart / diamond emoji people rate papers with.
_RATING_CODES = (
    0x1F534, 0x1F535, *range(0x1F7E0, 0x1F7EC), 0x26AA, 0x26AB, 0x2B1B, 0x2B1C,
    *range(0x1F536, 0x1F53A), 0x2764, 0x1F9E1, 0x1F49B, 0x1F49A, 0x1F499, 0x1F49C,
    0x1F90E, 0x1F5A4, 0x1F90D, 0x1FA75, 0x1FA76, 0x1FA77,
)
#: Rating marks every post understands; a post's legend adds its own (⭐, 🔥, ◎ ...).
DEFAULT_MARKS = frozenset(chr(code) for code in _RATING_CODES)
#: GitHub/jemoji shortcodes some authors type instead of the emoji.
SHORTCODES = {
    ":red_circle:": "🔴", ":large_blue_circle:": "🔵", ":blue_circle:": "🔵",
    ":yellow_circle:": "🟡", ":purple_circle:": "🟣", ":orange_circle:": "🟠",
    ":green_circle:": "🟢", ":brown_circle:": "🟤", ":black_circle:": "⚫",
    ":white_circle:": "⚪", ":star:": "⭐", ":fire:": "🔥", ":eyes:": "👀", ":heart:": "❤️",
}
_BLOCK_SCALARS = {"|", ">", "|-", ">-", "|+", ">+"}
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]{1,60}\]")


def is_rating_char(ch: str) -> bool:
    """One of the default rating marks."""
    return ch in DEFAULT_MARKS


def _cluster_end(text: str, pos: int) -> int:
    """End of the emoji at text[pos] with its variation selector, skin tone, keycap, ZWJ parts."""
    end = pos + 1
    while end < len(text):
        ch = text[end]
        if ch in "\ufe0f\u20e3" or 0x1F3FB <= ord(ch) <= 0x1F3FF:
            end += 1
        elif ch == "\u200d" and end + 1 < len(text):
            end += 2
        else:
            break
    return end


def mark_at(text: str, pos: int, marks: frozenset[str] = DEFAULT_MARKS) -> tuple[str, int] | None:
    """The rating mark at text[pos] (the emoji as written; a shortcode as its emoji) and the
    index after it, or None."""
    if text[pos] == ":":
        for code, emoji in SHORTCODES.items():
            if text.startswith(code, pos) and emoji.replace("\ufe0f", "") in marks:
                return emoji, pos + len(code)
        return None
    end = _cluster_end(text, pos)
    written = text[pos:end]
    return (written, end) if written.replace("\ufe0f", "") in marks else None


def rating_in(text: str, marks: frozenset[str] = DEFAULT_MARKS) -> str | None:
    """The first rating mark in `text`, as written (variation selector kept)."""
    firsts = {mark[0] for mark in marks}
    for i, ch in enumerate(text):
        if ch in firsts or ch == ":":
            found = mark_at(text, i, marks)
            if found is not None:
                return found[0]
    return None


def _is_emoji(ch: str) -> bool:
    return ch in DEFAULT_MARKS or (ord(ch) >= 0x2190 and unicodedata.category(ch) == "So")


def _legend_key(text: str) -> str | None:
    """The mark a legend line defines (`⭐ must read`, `🔴: 主観的興味`, `:fire: hot`), else None."""
    text = text.lstrip()
    if not text:
        return None
    shortcode = next((c for c in SHORTCODES if text.startswith(c)), None)
    if shortcode is not None:
        key, end = SHORTCODES[shortcode], len(shortcode)
    elif _is_emoji(text[0]):
        end = _cluster_end(text, 0)
        key = text[:end]
    else:
        return None
    meaning = text[end:].lstrip(" \t:：=-–—").strip()
    # `🟠🟡🟣` or a bare emoji defines nothing: a meaning must follow the mark.
    if not meaning or not meaning[0].isalnum():
        return None
    return key.replace("\ufe0f", "")


def legend_marks(doc: Doc) -> frozenset[str]:
    """The marks the post's own legend defines: a list with at least two items that each
    start with an emoji (or shortcode) and say what it means. Lists under a bullet with a
    link are a paper's notes (`- ✅ strong results`), not a legend."""
    found: set[str] = set()
    lists: list[list[str]] = []  # legend keys of each open list
    linked: list[bool] = []  # whether each open list item has a link
    tokens = doc.tokens
    for k, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append([])
        elif tok.type in ("bullet_list_close", "ordered_list_close") and lists:
            keys = lists.pop()
            if len(keys) >= 2 and not any(linked):
                found.update(keys)
        elif tok.type == "list_item_open":
            linked.append(k + 2 < len(tokens) and "](" in tokens[k + 2].content)
        elif tok.type == "list_item_close" and linked:
            linked.pop()
        elif tok.type == "inline" and lists and k >= 2 and tokens[k - 2].type == "list_item_open":
            key = _legend_key(tok.content)
            if key is not None:
                lists[-1].append(key)
    return frozenset(found)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    hash_at = value.find(" #")
    return value[:hash_at].rstrip() if hash_at >= 0 else value


def _toml_front_matter(lines: list[str], end: int) -> dict[str, str]:
    """Top-level scalars of Hugo's `+++` TOML front matter (dates as written, ISO)."""
    try:
        data = tomllib.loads("\n".join(lines[1:end]))
    except ValueError:  # TOMLDecodeError, or a value tomllib refuses
        return {}
    return {
        key.casefold(): value.isoformat() if isinstance(value, date) else str(value)
        for key, value in data.items()
        if isinstance(value, str | int | float | date)
    }


def front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Top-level scalar keys of a YAML (`---`) or TOML (`+++`) front matter block, and the
    first line after it.

    Only YAML `key: value` scalars are read (quoted or not, block scalars `>`/`|` too); lists
    and maps are skipped. ({}, 0) when the text has no front matter.
    """
    fence = lines[0].strip() if lines else ""
    if fence not in ("---", "+++"):
        return {}, 0
    closers = (fence, "...") if fence == "---" else (fence,)
    end = next((j for j in range(1, min(len(lines), 1000)) if lines[j].strip() in closers), 0)
    if fence == "+++":
        return (_toml_front_matter(lines, end), end + 1) if end else ({}, 0)
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


# Block tokens whose lines can hold a comment; a code block can only close one.
_LEAVES = frozenset({"inline", "html_block", "fence", "code_block", "gfm_table"})


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` without the spans, their line breaks kept."""
    parts: list[str] = []
    pos = 0
    for begin, end in spans:
        parts.append(text[pos:begin])
        parts.append("\n" * text.count("\n", begin, end))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


@dataclass
class Visible:
    """A post as its reader sees it: the document parsed without its `<!-- -->` comments
    (line numbers kept), the lines a comment emptied, and each hidden part with the line it
    starts on.

    Comments are found in the source, as Jekyll's kramdown reads them (a comment opened in
    one list item hides what follows until `-->`), except inside code spans and code blocks.
    """

    doc: Doc
    blanked: frozenset[int] = frozenset()
    hidden: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> Visible:
        """Parse `text` and cut its comments out."""
        doc = parse(text)
        if "<!--" not in text:
            return cls(doc)
        starts = [0]
        for line in doc.lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        regions: list[tuple[int, int]] = []
        opened: int | None = None  # where a comment still open began
        # Whether every comment is a whole HTML block or lies inside one paragraph: then
        # the parse stands, and only those paragraphs lose their comments.
        local = True
        for tok in doc.tokens:
            if tok.type not in _LEAVES or not tok.map:
                continue
            base = starts[tok.map[0]]
            block = text[base : starts[tok.map[1] - 1] + len(doc.lines[tok.map[1] - 1])]
            if tok.type in ("fence", "code_block"):
                close = block.find("-->")
                if opened is not None and close >= 0:
                    regions.append((opened, base + close + 3))
                    opened = None
                continue
            spans, still_open = comment_spans(block, opened is not None, tok.type != "html_block")
            whole = len(block) - len(block.lstrip()), len(block.rstrip())
            local = local and not still_open and (opened is None) and (
                tok.type != "html_block" or spans in ([], [whole]))
            for n, (begin, end) in enumerate(spans):
                start = opened if opened is not None and n == 0 else base + begin
                opened = None
                if still_open and n == len(spans) - 1:
                    opened = start
                else:
                    regions.append((start, base + end))
        if opened is not None:
            regions.append((opened, len(text)))
        lines = _cut(text, regions).split("\n")
        blanked: set[int] = set()
        hidden: list[tuple[int, str]] = []
        for begin, end in regions:
            first = bisect.bisect_right(starts, begin) - 1
            inner = text[begin + 4 : end - 3 if text.endswith("-->", 0, end) else end]
            inner = inner.removeprefix(" ").replace("<!-- ", "").replace("<!--", "")
            hidden.append((first, inner.replace("-->", "")))
            for i in range(first, bisect.bisect_right(starts, end)):
                lines[i] = lines[i].rstrip()
                if not lines[i].strip():
                    lines[i] = ""
                    blanked.add(i)
        if not local:
            return cls(parse("\n".join(lines)), frozenset(blanked), hidden)
        for tok in doc.tokens:
            if tok.type == "inline" and "<!--" in tok.content:
                tok.content = _cut(tok.content, comment_spans(tok.content)[0])
        return cls(Doc("\n".join(lines), lines, doc.tokens, doc.env), frozenset(blanked), hidden)


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
