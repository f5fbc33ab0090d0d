"""The first line of a paper bullet in a conference post (family 000), after its title.

`- [Title](https://openreview.net/forum?id=...) (spotlight) 🔴 — blurb`: the link the line
starts with (after at most a task box, thumbnails, rating marks and emphasis) gives the
title; the rest, read from both ends, gives
- rating marks: the post's marks (see post_marks), in the order written.
- venue: a bracketed or bold label naming a presentation (oral, spotlight, poster,
  highlight, award, findings, workshop...), its keywords lower-cased and names (ICML) kept.
  `(Hu et al.)` is an author list, not a venue: it stays in the blurb.
- the paper's other links right after the title (`/ [arXiv](...)`, `([code](github))`).
- what is left is the blurb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from readlist.importers.markdown_tools import link_at
from readlist.importers.post_links import own_link
from readlist.importers.post_marks import DEFAULT_MARKS, SHORTCODES, mark_at

_VENUE_WORDS = frozenset({
    "oral", "orals", "spotlight", "spotlights", "poster", "posters", "highlight", "highlights",
    "award", "awards", "outstanding", "findings", "workshop", "workshops", "notable", "demo",
    "tutorial", "keynote", "track",
})
_LABEL_WORDS = _VENUE_WORDS | {
    "best", "paper", "papers", "honorable", "honourable", "mention", "runner", "up", "test",
    "of", "time", "main", "track", "conference", "presentation", "session", "talk", "top",
    "long", "short", "position", "candidate", "finalist", "and",
}
_VENUE_PHRASES = ("best paper", "honorable mention", "honourable mention", "test of time")
_VENUE_CJK = ("口頭", "オーラル", "スポットライト", "ポスター", "ハイライト", "論文賞",
              "最優秀", "口头", "海报", "亮点", "最佳论文")
_SEPARATORS = frozenset("—–-:：|｜/・,")
_CLOSERS = {"(": ")", "（": "）", "[": "]"}
_OPENERS = {")": "(", "）": "（", "]": "["}
_WORD = re.compile(r"\w+")


def venue_label(text: str) -> str | None:
    """`text` as a venue label (`Oral`, `ICML 2024 Spotlight`, `口頭発表`), or None.

    Label words are lower-cased and names kept (`ICML 2024 oral`), so one label is spelt
    one way whatever the capitals of the post.
    """
    plain = text.strip(" \t\n*_`()（）[]")
    folded = plain.casefold()
    if not plain or len(plain) > 60 or "://" in plain or "[" in plain or "et al" in folded:
        return None
    words = _WORD.findall(folded)
    venue = (not _VENUE_WORDS.isdisjoint(words) or any(p in folded for p in _VENUE_PHRASES)
             or any(c in plain for c in _VENUE_CJK))
    if not venue or len(words) > 6:
        return None
    return _WORD.sub(
        lambda m: m[0] if m[0].casefold() not in _LABEL_WORDS
        and any(c.isupper() for c in m[0][1:]) else m[0].casefold(), plain)


def clean_title(label: str) -> str:
    """The link label as the title: raw (LaTeX, escapes, inner brackets kept), but a wrapped
    line is not part of a title, nor is emphasis wrapping the whole label."""
    title = " ".join(label.split())
    for mark in ("***", "**", "__", "*", "_"):
        n = len(mark)
        if (len(title) > 2 * n and title.startswith(mark) and title.endswith(mark)
                and mark not in title[n:-n] and title[n] not in " *_" and title[-n - 1] != " "):
            return title[n:-n]
    return title


@dataclass
class FirstLine:
    """What a paper bullet's first line says besides its title and link."""

    marks: list[str] = field(default_factory=list)
    venues: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (kind, href)
    text: str = ""


def _group_end(raw: str, pos: int) -> tuple[int, int]:
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


def _group(raw: str, start: int, end: int, width: int, env: dict[str, Any], line: FirstLine) -> bool:
    """Read the group raw[start:end] into `line`: a venue label or the paper's own links."""
    inner = raw[start + width : end - width]
    label = venue_label(inner)
    if label is not None:
        line.venues.append(label)
        return True
    return raw[start] != "[" and raw[start] not in "*_" and _only_links(inner, env, line)


def _step(
    raw: str, pos: int, env: dict[str, Any], marks: frozenset[str], line: FirstLine,
    groups: bool = True,
) -> int:
    """Read the piece at raw[pos] into `line`; the index after it, or -1 at prose."""
    ch = raw[pos]
    after = raw[pos + 1 : pos + 2]
    if ch.isspace() or (ch in _SEPARATORS and (after in ("", "[") or after.isspace())):
        return pos + 1  # `— blurb`, `/ [arXiv](...)`; but `-->` or `-based` is text
    if ch == "{" and raw[pos + 1 : pos + 2] in (":", "#", "."):  # kramdown `{:target=...}`
        close = raw.find("}", pos)
        return close + 1 if close > 0 and "\n" not in raw[pos:close] else -1
    mark = mark_at(raw, pos, marks) if marks else None
    if mark is not None:
        line.marks.append(mark[0])
        return mark[1]
    if ch == "[" and (link := link_at(raw, pos, env)) is not None:
        kind = own_link(link[0], link[1])
        if kind is None:
            return -1
        line.links.append((kind, link[1]))
        return link[2]
    if not groups or (ch not in _CLOSERS and ch not in "*_"):
        return -1
    end, width = _group_end(raw, pos)
    if end < 0:  # a lone `**` closing the emphasis around the title
        return pos + width if ch in "*_" else -1
    return end if _group(raw, pos, end, width, env, line) else -1


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
            return bare - len(mark)
    if ch == "}":
        start = raw.rfind("{", 0, end)
        return start if start >= 0 and raw[start + 1 : start + 2] in (":", "#", ".") else -1
    if ch == ">":  # a line break the author ended the line with
        start = raw.rfind("<", 0, end)
        return start if raw[start:end].replace(" ", "").casefold() in ("<br>", "<br/>") else -1
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
    return start if start >= 0 and _group(raw, start, end, width, env, line) else -1


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
    """The venue label in the text after a paper link: `(oral)`, `**Spotlight**`, ..."""
    return next(iter(read_line(after, {}, DEFAULT_MARKS).venues), None)


def leading_link(
    raw: str, env: dict[str, Any], marks: frozenset[str],
) -> tuple[list[str], str, str, int] | None:
    """(marks before it, raw label, href, end) of the link a paper line starts with, or None."""
    pos = 4 if raw[:3] in ("[ ]", "[x]", "[X]") and raw[3:4] in (" ", "\t") else 0
    found: list[str] = []
    images = 0
    while pos < len(raw):
        ch = raw[pos]
        if ch.isspace() or ch in "*_":
            pos += 1
        elif ch == "[" or (ch == "!" and images < 3):
            link = link_at(raw, pos, env)
            if link is None:
                return None
            if ch == "[":
                return found, link[0], link[1], link[2]
            pos, images = link[2], images + 1  # a thumbnail before the title
        elif (mark := mark_at(raw, pos, marks)) is not None:
            found.append(mark[0])
            pos = mark[1]
        else:
            return None  # prose that mentions a link
    return None
