"""Which paper a bullet of a conference post (family 000) names, and by what title.

Most paper bullets start with their link, `- [Title](https://openreview.net/...) 🔴`, after
a lead of task boxes, thumbnails, marks and venue labels (`- 🟣 (poster) [Title](...)`).
Siblings also write
- a bold title and the paper's links after it:
  `- **Title** [[OpenReview](...)] [[code](...)] 🔵`;
- a plain title before the labels and links: `- Title (oral) 🔴 [OpenReview](...)`;
- an autolink and the title after it: `- <https://openreview.net/forum?id=...> 🔵 — Title`.
In those, the paper's links are labelled by what they are (OpenReview, arXiv, PDF,
paper...). A bullet with a paper link that fits none of these (`- I liked [Mamba](...)`) is
reported as unread rather than guessed at; a bullet without one is not an entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from readlist.ids import is_link_label, parse_arxiv_id, parse_openreview_id
from readlist.importers.markdown_tools import link_at, md, unescape_markdown
from readlist.importers.post_line import (
    SEPARATORS,
    FirstLine,
    autolink_at,
    group_end,
    read_group,
    read_line,
)
from readlist.importers.post_links import external, own_link, paper_url
from readlist.importers.post_marks import mark_at
from readlist.importers.post_venues import venue_label

_BRACKETS = "([（"
# A citation key used as a link's text: `ChuntingZhou2025ICLR`, `vaswani2017attention`.
_CITE_KEY = re.compile(r"[A-Za-z][A-Za-z'\-]*(?:19|20)\d{2}[A-Za-z]*\+*")
# How far a plain title may run before the paper's links, and a label or link group in it.
TITLE_MAX = 500
GROUP_MAX = 2000


@dataclass
class Lead:
    """What a paper line says before its title, and the link the title is (if it is one)."""

    marks: list[str] = field(default_factory=list)
    venues: list[str] = field(default_factory=list)
    #: Where the title starts.
    pos: int = 0
    #: (raw label, href, end) of the link at `pos`; an autolink `<url>` has the label "".
    link: tuple[str, str, int] | None = None


@dataclass
class Entry:
    """The paper a bullet's first line names: its title, the link the title is (if any)
    and what the rest of the line says."""

    title: str
    href: str | None
    lead: Lead
    line: FirstLine


@dataclass
class Unread:
    """A bullet with a paper link whose entry could not be read, and why."""

    reason: str


def clean_title(label: str) -> str:
    """A title as written (LaTeX, inner brackets kept), without what is Markdown syntax
    rather than title: line wraps, emphasis wrapping the whole of it, backslash escapes."""
    title = " ".join(label.split())
    for mark in ("***", "**", "__", "*", "_"):
        n = len(mark)
        if (len(title) > 2 * n and title.startswith(mark) and title.endswith(mark)
                and mark not in title[n:-n] and title[n] not in " *_" and title[-n - 1] != " "):
            title = title[n:-n]
            break
    return unescape_markdown(title)


def generic_label(label: str, href: str) -> bool:
    """Whether a link text names a kind of page (`arXiv`, `PDF`, the URL, a bare id)
    rather than the paper."""
    value = " ".join(label.split())
    folded = value.casefold().strip("[]()<>:.- ")
    if not folded or is_link_label(folded) or value == href or "://" in folded:
        return True
    if " " in value or not any(ch.isdigit() for ch in value):
        return False  # a title, not a bare id (and no id parsing for each of them)
    return parse_arxiv_id(value) is not None or parse_openreview_id(value) is not None


def _emphasis_lead(raw: str, pos: int, lead: Lead) -> int:
    """Past the emphasis run at raw[pos] when it wraps the title link or is a venue label
    (`**Oral** [T](...)`); -1 when it starts a bold title (`**Title** [[paper](...)]`)."""
    ch, run = raw[pos], pos
    while run < len(raw) and raw[run] == ch:
        run += 1
    if raw[run : run + 1] in ("[", "<", "!"):
        return run  # `**[Title](...)**`: read_line skips the closing run
    end, width = group_end(raw, pos)
    inner = raw[pos + width : end - width] if end > 0 else ""
    if end > 0 and (label := venue_label(inner)) is not None:
        lead.venues.append(label)
        return end
    return run if end < 0 or "](" in inner or "<http" in inner else -1


def scan_lead(raw: str, env: dict[str, Any], marks: frozenset[str]) -> Lead:
    """Read what comes before a paper line's title: a task box (`[x]`, ignored), thumbnails,
    rating marks, venue labels (`🟣 (poster) [Title](...)`) and emphasis around the title."""
    lead = Lead(pos=4 if raw[:3] in ("[ ]", "[x]", "[X]") and raw[3:4] in (" ", "\t") else 0)
    pos, images = lead.pos, 0
    while pos < len(raw):
        ch = raw[pos]
        if ch.isspace():
            pos += 1
        elif ch in "*_":
            after = _emphasis_lead(raw, pos, lead)
            if after < 0:
                break  # a bold title starts here
            pos = after
        elif ch == "!" and images < 3 and (image := link_at(raw, pos, env)) is not None:
            pos, images = image[2], images + 1  # a thumbnail before the title
        elif raw.startswith("<img ", pos) and images < 3 and raw.find(">", pos) > 0:
            pos, images = raw.find(">", pos) + 1, images + 1
        elif ch == "[" and (link := link_at(raw, pos, env)) is not None:
            lead.pos, lead.link = pos, link
            return lead
        elif ch == "<" and (auto := autolink_at(raw, pos)) is not None:
            lead.pos, lead.link = pos, ("", auto[0], auto[1])
            return lead
        elif ch in _BRACKETS:
            end, _ = group_end(raw, pos)
            label = venue_label(raw[pos + 1 : end - 1]) if end > 0 else None
            if label is None:
                break
            lead.venues.append(label)
            pos = end
        elif (mark := mark_at(raw, pos, marks)) is not None:
            lead.marks.append(mark[0])
            pos = mark[1]
        else:
            break  # the title, or prose
    lead.pos = pos
    return lead


def paper_links(raw: str, env: dict[str, Any]) -> list[tuple[str, str]]:
    """(text, href) of the links to one paper in an inline span, as markdown-it reads them."""
    block = md().parseInline(raw, env)
    found: list[tuple[str, str]] = []
    href: str | None = None
    texts: list[str] = []
    for tok in (block[0].children or []) if block else []:
        if tok.type == "link_open":
            href, texts = str(tok.attrs.get("href", "")), []
        elif tok.type == "link_close" and href is not None:
            if paper_url(href):
                found.append(("".join(texts), href))
            href = None
        elif href is not None and tok.type in ("text", "code_inline"):
            texts.append(tok.content)
    return found


def title_end(raw: str, pos: int, env: dict[str, Any], marks: frozenset[str]) -> tuple[int, bool]:
    """Where a plain title that starts at raw[pos] ends (at the first mark, venue label or
    link of the paper), and whether it holds a link to some other page; -1 when nothing
    ends it within a title's length (then it is prose)."""
    # Every look is bounded by the window, so a hostile line costs linear time.
    window = raw[: pos + TITLE_MAX + GROUP_MAX]
    other_link = False
    probe = FirstLine()
    i = pos
    while i < len(raw):
        if i > pos + TITLE_MAX:
            return -1, other_link
        ch = raw[i]
        if ch == "`":  # a code span in a title is title
            close = window.find("`", i + 1)
            i = close + 1 if close > 0 else i + 1
            continue
        link = (link_at(window, i, env) if ch == "[" else None) or (
            (auto[0], auto[0], auto[1]) if ch == "<" and (auto := autolink_at(window, i)) else None)
        if link is not None:
            if own_link(link[0], link[1]) is not None:
                return i, other_link
            other_link, i = True, link[2]
            continue
        if ch in _BRACKETS or ch in "*_":
            end, width = group_end(window, i)
            if end > 0 and read_group(window, i, end, width, env, probe):
                return i, other_link
            while ch in "*_" and raw[i + 1 : i + 2] == ch:
                i += 1  # one look per emphasis run
        elif mark_at(raw, i, marks) is not None:
            return i, other_link
        i += 1
    return i, other_link


def _named_by_key(raw: str, pos: int, links: list[tuple[str, str]]) -> bool:
    """`- Transfusion [ChuntingZhou2025ICLR](...) combines ...`: a name (a few capitalised
    words) before the paper's link labelled with its citation key, not prose."""
    name = raw[pos : raw.find("[", pos)]
    words = name.split()
    return (0 < len(words) <= 3 and all(w[0].isupper() or w[0].isdigit() for w in words)
            and not any(ch in name for ch in ".,;:!?")
            and all(generic_label(text, href) or _CITE_KEY.fullmatch(text.strip())
                    for text, href in links))


def _named_entry(
    raw: str, lead: Lead, links: list[tuple[str, str]], env: dict[str, Any], marks: frozenset[str],
) -> Entry | Unread:
    """The entry of a bullet whose title is bold or plain text before the paper's links."""
    if not all(generic_label(text, href) for text, href in links) and not _named_by_key(
            raw, lead.pos, links):
        # `- I also liked [Mamba](...)`: a paper named inside prose, not an entry's title.
        return Unread("a paper link inside the text: the bullet does not start with it")
    pos, strip = lead.pos, " \t" + "".join(SEPARATORS)
    end, width = group_end(raw, pos) if raw[pos] in "*_" else (-1, 0)
    rest, other_link = title_end(raw, max(pos, end), env, marks)
    if rest < 0:
        return Unread("a paper link after more text than a title")
    between = raw[end:rest].strip(strip) if end > 0 else ""
    aside = _is_group(between)
    if end > 0 and (not between or aside):
        # `**Title** [[paper](...)]`; `**Title** (ICML 2024) [paper](...)`: the group is blurb
        title = clean_title(raw[pos + width : end - width])
    elif end > 0 or other_link:  # `**Mamba**: Linear-Time ...`: the words, not the markup
        title = md_text(raw[pos:rest].rstrip(strip), env)
    else:
        title = clean_title(raw[pos:rest].rstrip(strip))
    line = read_line(raw[rest:], env, marks)
    if aside:
        line.text = f"{between} {line.text}".strip()
    if not any(kind == "paper" for kind, _ in line.links):
        return Unread("a paper link amid text: no title before the paper's links")
    if not title:
        return Unread("a paper link without a title")
    return Entry(title, None, lead, line)


def _is_group(text: str) -> bool:
    """Whether `text` is one bracketed group, `(ICML 2024)`."""
    return bool(text) and text[0] in _BRACKETS and group_end(text, 0)[0] == len(text)


def md_text(raw: str, env: dict[str, Any]) -> str:
    """The plain text of a Markdown span (link texts without their URLs; a wrapped line is
    one space)."""
    block = md().parseInline(raw, env)
    children = (block[0].children or []) if block else []
    return " ".join("".join(tok.content if tok.type in ("text", "code_inline") else " "
                            for tok in children if tok.type in ("text", "code_inline",
                                                                 "softbreak", "hardbreak")
                            ).split())


def read_entry(raw: str, env: dict[str, Any], marks: frozenset[str]) -> Entry | Unread | None:
    """The paper a bullet's first line names; Unread when it has a paper link but no entry
    this module can read; None when it is not about a paper (prose, the post's own pages)."""
    lead = scan_lead(raw, env, marks)
    if lead.link is not None and external(lead.link[1]):
        label, href, end = lead.link
        line = read_line(raw[end:], env, marks)
        title = clean_title(label)
        if generic_label(label, href) and paper_url(href):
            if line.text:  # `<https://openreview.net/...> 🔵 — Title`: the words name it
                title, line.text = clean_title(line.text), ""
            elif not label or parse_arxiv_id(href) is not None:
                title = ""  # untitled: arXiv gives the title later (the paper is pending)
        return Entry(title, href, lead, line)
    if "](" not in raw and "<" not in raw and "][" not in raw and not env.get("references"):
        return None  # no link at all: a fast answer for the prose bullets of a post
    links = paper_links(raw, env)
    if not links:
        return None
    if lead.pos >= len(raw):
        return Unread("a paper link without a title")
    return _named_entry(raw, lead, links, env, marks)

