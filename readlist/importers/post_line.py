"""The first line of a paper bullet in a conference post (family 000), after its title.

`- [Title](https://openreview.net/forum?id=...) (spotlight) 🔴 — blurb`: post_entry reads
what comes before the title (its lead) and decides what the title is (a leading link, bold
text, plain text); what follows the title, read from both ends (`read_line`), gives
- rating marks: the post's marks (see post_marks), in the order written.
- venue: a bracketed or bold label naming a presentation (oral, spotlight, poster,
  highlight, award, findings, workshop...), its keywords lower-cased and names (ICML) kept.
  `(Hu et al.)` is an author list, not a venue: it stays in the blurb. (Which labels are
  venues is post_venues' call.)
- the paper's other links right after the title or at the end of the line
  (`/ [arXiv](...)`, `([code](github))`, `[[code](github)]`, `· <https://arxiv.org/...>`).
- what is left is the blurb.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from readlist.importers.markdown_tools import link_at, md
from readlist.importers.post_links import own_link
from readlist.importers.post_marks import DEFAULT_MARKS, SHORTCODES, mark_at
from readlist.importers.post_venues import VENUE_CJK, VENUE_PHRASES, VENUE_WORDS, WORD, venue_label

#: What may stand between the parts of a paper line (`— blurb`, `| [arXiv](...)`).
SEPARATORS = frozenset("—–-:：|｜/・,·•")
_CLOSERS = {"(": ")", "（": "）", "[": "]"}
_OPENERS = {")": "(", "）": "（", "]": "["}


@dataclass
class FirstLine:
    """What a paper bullet's first line says besides its title and link."""

    marks: list[str] = field(default_factory=list)
    venues: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (kind, href)
    text: str = ""


def autolink_at(raw: str, pos: int) -> tuple[str, int] | None:
    """(href, index after it) of the autolink `<https://...>` at raw[pos], as markdown-it
    reads it, or None."""
    if raw[pos] != "<" or ">" not in raw[pos : pos + 2048]:
        return None
    from markdown_it.rules_inline import StateInline
    from markdown_it.rules_inline.autolink import autolink

    state = StateInline(raw, md(), {}, [])
    state.pos = pos
    if not autolink(state, False) or not state.tokens:
        return None
    return str(state.tokens[0].attrs.get("href", "")), state.pos


def group_end(raw: str, pos: int) -> tuple[int, int]:
    """(end, delimiter width) of the bracketed or emphasised group opening at raw[pos];
    end is -1 when nothing closes it."""
    ch = raw[pos]
    if ch in "*_":
        width = 1
        while raw[pos + width : pos + width + 1] == ch:
            width += 1
        close = raw.find(ch * width, pos + width)
        return (close + width if close > pos + width else -1), width
    depth = 0
    for i in range(pos, len(raw)):
        if raw[i] == ch:
            depth += 1
        elif raw[i] == _CLOSERS[ch]:
            depth -= 1
            if depth == 0:
                return i + 1, 1
    return -1, 1


def _only_links(inner: str, env: dict[str, Any], line: FirstLine) -> bool:
    """True (and the links added) when `inner` holds only the paper's own links."""
    found = FirstLine()
    pos = 0
    while pos < len(inner):
        pos = _step(inner, pos, env, frozenset(), found, groups=False)
        if pos < 0:
            return False
    line.links.extend(found.links)
    return bool(found.links) and not found.marks


def read_group(raw: str, start: int, end: int, width: int, env: dict[str, Any], line: FirstLine) -> bool:
    """Read the group raw[start:end] into `line`: a venue label or the paper's own links
    (`([code](...))`, `[[OpenReview](...)]`)."""
    inner = raw[start + width : end - width]
    label = venue_label(inner)
    if label is not None:
        line.venues.append(label)
        return True
    return raw[start] not in "*_" and _only_links(inner, env, line)


def _step(
    raw: str, pos: int, env: dict[str, Any], marks: frozenset[str], line: FirstLine,
    groups: bool = True,
) -> int:
    """Read the piece at raw[pos] into `line`; the index after it, or -1 at prose."""
    ch = raw[pos]
    after = raw[pos + 1 : pos + 2]
    if ch.isspace() or (ch in SEPARATORS and (after in ("", "[") or after.isspace())):
        return pos + 1  # `— blurb`, `/ [arXiv](...)`; but `-->` or `-based` is text
    if ch == "{" and raw[pos + 1 : pos + 2] in (":", "#", "."):  # kramdown `{:target=...}`
        close = raw.find("}", pos)
        return close + 1 if close > 0 and "\n" not in raw[pos:close] else -1
    # A mark written as a tag (`#🧠`, Obsidian's way) is the mark.
    mark = mark_at(raw, pos + (ch == "#" and after != ""), marks) if marks else None
    if mark is not None:
        line.marks.append(mark[0])
        return mark[1]
    if ch == "[" and (link := link_at(raw, pos, env)) is not None:
        kind = own_link(link[0], link[1])
        if kind is None:
            return -1
        line.links.append((kind, link[1]))
        return link[2]
    if ch == "<" and (auto := autolink_at(raw, pos)) is not None:
        kind = own_link("", auto[0])
        if kind is None:
            return -1
        line.links.append((kind, auto[0]))
        return auto[1]
    if not groups or (ch not in _CLOSERS and ch not in "*_"):
        return -1
    end, width = group_end(raw, pos)
    if end < 0:  # a lone `**` closing the emphasis around the title
        return pos + width if ch in "*_" else -1
    return end if read_group(raw, pos, end, width, env, line) else -1


def _step_back(raw: str, end: int, env: dict[str, Any], marks: frozenset[str], line: FirstLine) -> int:
    """Read the piece ending at raw[end - 1] (a mark, a label, an attribute list) into
    `line`; the index where it starts, or -1 at prose."""
    ch = raw[end - 1]
    if ch.isspace():
        return end - 1
    bare = end
    while bare > 0 and raw[bare - 1] == "\ufe0f":
        bare -= 1
    for mark in (*marks, *SHORTCODES):
        if raw.endswith(mark, 0, bare) and mark_at(raw, bare - len(mark), marks):
            line.marks.append(SHORTCODES.get(mark, raw[bare - len(mark) : end]))
            start = bare - len(mark)
            return start - 1 if raw[start - 1 : start] == "#" else start  # a tag `#🧠`
    if ch == "}":
        start = raw.rfind("{", 0, end)
        return start if start >= 0 and raw[start + 1 : start + 2] in (":", "#", ".") else -1
    if ch == ">":  # a line break the author ended the line with, or an autolink
        start = raw.rfind("<", 0, end)
        if raw[start:end].replace(" ", "").casefold() in ("<br>", "<br/>"):
            return start
        auto = autolink_at(raw, start) if start >= 0 else None
        kind = own_link("", auto[0]) if auto is not None and auto[1] == end else None
        if auto is None or kind is None:
            return -1
        line.links.append((kind, auto[0]))
        return start
    if ch == ")" and (link := _link_ending(raw, end, env)) is not None:
        start, label, href = link
        kind = own_link(label, href)
        if kind is None:
            return -1
        line.links.append((kind, href))
        return start
    if ch in "*_":
        width = 1
        while width < end and raw[end - width - 1] == ch:
            width += 1
        start = raw.rfind(ch * width, 0, end - width)
    elif ch in _OPENERS:
        depth, start = 0, -1
        for i in range(end - 1, -1, -1):
            depth += (raw[i] == ch) - (raw[i] == _OPENERS[ch])
            if depth == 0:
                start = i
                break
        width = 1
    else:
        return -1
    return start if start >= 0 and read_group(raw, start, end, width, env, line) else -1


def _opening(raw: str, close: int, opener: str, closer: str) -> int:
    """Index of the `opener` that the `closer` at raw[close] closes, or -1."""
    depth = 0
    for i in range(close, -1, -1):
        depth += (raw[i] == closer) - (raw[i] == opener)
        if depth == 0:
            return i
    return -1


def _link_ending(raw: str, end: int, env: dict[str, Any]) -> tuple[int, str, str] | None:
    """(start, raw label, href) of the inline link `[label](href)` that ends at raw[end - 1]."""
    paren = _opening(raw, end - 1, "(", ")")
    if paren <= 0 or raw[paren - 1] != "]":
        return None
    start = _opening(raw, paren - 1, "[", "]")
    if start < 0 or raw[start - 1 : start] == "!":
        return None  # an image (a badge) is not a link of the paper
    link = link_at(raw, start, env)
    return (start, link[0], link[1]) if link is not None and link[2] == end else None


def read_line(raw: str, env: dict[str, Any], marks: frozenset[str]) -> FirstLine:
    """Marks, labels and own links at both ends of what follows the title; the rest is text."""
    line = FirstLine()
    pos, end = 0, len(raw)
    while pos < end and (after := _step(raw, pos, env, marks, line)) >= 0:
        pos = after
    tail = FirstLine()
    while end > pos and (before := _step_back(raw, end, env, marks, tail)) >= 0:
        end = before
    line.marks += reversed(tail.marks)
    line.venues += reversed(tail.venues)
    line.links += reversed(tail.links)
    line.text = " ".join(raw[pos:end].split())
    return line


def venue_of(after: str) -> str | None:
    """The presentation label in the text after a paper link: `(oral)`, `**Spotlight**`,
    ... (`(ICML 2024)` alone is where any list puts a paper, not this family's mark)."""
    for label in read_line(after, {}, DEFAULT_MARKS).venues:
        folded = label.casefold()
        if (not VENUE_WORDS.isdisjoint(WORD.findall(folded))
                or any(p in folded for p in VENUE_PHRASES) or any(c in label for c in VENUE_CJK)):
            return label
    return None
