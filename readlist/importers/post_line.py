"""The first line of a paper bullet in a conference post (family 000), after its title.

`- [Title](https://openreview.net/forum?id=...) (spotlight) 🔴 — blurb`: post_entry reads
what comes before the title (its lead) and decides what the title is (a leading link, bold
text, plain text); what follows the title, read from both ends (`read_line`), gives
- rating marks: the post's marks (see post_marks), in the order written.
- venue: a bracketed or bold label naming a presentation (oral, spotlight, poster,
  highlight, award, findings, workshop...), its keywords lower-cased and names (ICML) kept.
  `(Hu et al.)` is an author list, not a venue: it stays in the blurb.
- the paper's other links right after the title or at the end of the line
  (`/ [arXiv](...)`, `([code](github))`, `[[code](github)]`, `· <https://arxiv.org/...>`).
- what is left is the blurb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from readlist.importers.base import PRESENTATION_WORDS, VENUE_NAMES
from readlist.importers.markdown_tools import link_at, md
from readlist.importers.post_links import own_link
from readlist.importers.post_marks import DEFAULT_MARKS, SHORTCODES, mark_at

_VENUE_WORDS = PRESENTATION_WORDS
_LABEL_WORDS = _VENUE_WORDS | {
    "best", "paper", "papers", "honorable", "honourable", "mention", "runner", "up", "test",
    "of", "time", "main", "track", "conference", "presentation", "session", "talk", "top",
    "long", "short", "position", "candidate", "finalist", "and",
}
_VENUE_PHRASES = ("best paper", "honorable mention", "honourable mention", "test of time")
_VENUE_CJK = ("口頭", "オーラル", "スポットライト", "ポスター", "ハイライト", "論文賞",
              "最優秀", "口头", "海报", "亮点", "最佳论文")
#: What may stand between the parts of a paper line (`— blurb`, `| [arXiv](...)`).
SEPARATORS = frozenset("—–-:：|｜/・,·•")
_CLOSERS = {"(": ")", "（": "）", "[": "]"}
_OPENERS = {")": "(", "）": "（", "]": "["}
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"[^\s,;/·]+")
_YEAR = re.compile(r"(?:19|20)?\d{2}")
_NAME_YEAR = re.compile(r"[A-Za-z]+['’]\d{2}")  # CVPR'24


def _name_and_year(plain: str) -> bool:
    """`ICML 2024`, `19 ICLR`, `NeurIPS 2026; ICML 2026 FMSD`, `CVPR'24`, `22 arxiv`: a
    venue's name (an acronym-like word: two capitals, or a known venue such as arXiv or
    Nature) with a year. `(Hu 2023)` names no venue this way."""
    tokens = _TOKEN.findall(plain)
    if not 1 <= len(tokens) <= 6:
        return False
    name = year = False
    for token in tokens:
        token = token.strip("'’")
        capitals = sum(ch.isupper() for ch in token)
        if _YEAR.fullmatch(token):
            year = True
        elif _NAME_YEAR.fullmatch(token) and capitals >= 2:
            name = year = True
        elif token.isalpha() and (capitals >= 2 or token.casefold() in VENUE_NAMES):
            name = True
        elif token.casefold() not in _LABEL_WORDS:
            return False
    return name and year


_HEADING_VENUES = {"oral": "oral", "orals": "oral", "spotlight": "spotlight",
                   "spotlights": "spotlight", "poster": "poster", "posters": "poster",
                   "highlight": "highlight", "highlights": "highlight"}
_HEADING_FILLER = frozenset("paper papers presentation presentations session sessions track "
                            "talk talks accepted selected and of the".split())


def heading_venue(heading: str | None) -> str | None:
    """The presentation a heading files its papers under (`## Oral Papers`, `### Spotlights`,
    `## ICLR 2024 Orals`), or None for a topic heading ("Reasoning", "Poster sessions I
    liked on diffusion" is a topic too: every word must be about the presentation)."""
    if not heading:
        return None
    words = _WORD.findall(heading.casefold())
    if not words or len(words) > 5:
        return None
    kinds = {_HEADING_VENUES[w] for w in words if w in _HEADING_VENUES}
    if len(kinds) != 1:
        return None
    if any(w not in _HEADING_VENUES and w not in _HEADING_FILLER and w not in VENUE_NAMES
           and not w.isdigit() for w in words):
        return None
    return kinds.pop()


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
             or any(c in plain for c in _VENUE_CJK) or _name_and_year(plain))
    if not venue or len(words) > 6:
        return None
    return _WORD.sub(
        lambda m: m[0] if m[0].casefold() not in _LABEL_WORDS
        and (any(c.isupper() for c in m[0][1:]) or m[0].casefold() in VENUE_NAMES)
        else m[0].casefold(), plain)


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
        if (not _VENUE_WORDS.isdisjoint(_WORD.findall(folded))
                or any(p in folded for p in _VENUE_PHRASES) or any(c in label for c in _VENUE_CJK)):
            return label
    return None
