"""Paper headings of a Daily Papers digest (family 004).

A paper heading holds exactly one paper link plus decoration: numbering (`1.`), emoji
(`📄`), bold around the link and a vote count after it (`👍 20`). The title is the link
text as written, with only Markdown's backslash escapes removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import unescape
from typing import Any

from readlist.ids import ArxivId, parse_arxiv_id, parse_openreview_id
from readlist.importers.hf_labels import VOTE_MARKS, VOTE_WORDS, parse_votes
from readlist.importers.markdown_tools import (
    Doc,
    link_at,
    strip_strong,
    unescape_markdown,
)

_HF_SITE = "https://huggingface.co"
_PAPER_HOSTS = ("arxiv", "huggingface.co/papers", "hf.co/papers", "alphaxiv", "openreview")


@dataclass
class HeadingPaper:
    """A paper heading: the raw title, its link, the ids in it and a vote count if shown."""

    title: str
    href: str
    arxiv: ArxivId | None
    openreview_id: str | None
    votes: int | None = None


def paper_href(href: str) -> tuple[str, ArxivId | None, str | None] | None:
    """(browser URL, arXiv id, OpenReview id) of a link to a paper, None for other links.

    A page saved from huggingface.co links papers relatively: `/papers/2410.13848`.
    """
    if href.startswith("/papers/"):
        href = _HF_SITE + href
    arxiv = parse_arxiv_id(href)
    openreview = None if arxiv else parse_openreview_id(href)
    return (href, arxiv, openreview) if arxiv or openreview else None


def paper_links(doc: Doc, start: int, stop: int) -> list[tuple[str, ArxivId | None, str | None]]:
    """The paper links (as paper_href gives them) in the blocks doc.tokens[start:stop]: how
    a heading that does not link its paper (`## 1. Title`) names it, in a line under it
    (`**arXiv:** [arxiv.org/abs/…](…)`, `[View on Hugging Face](…/papers/…)`)."""
    found = []
    tokens = doc.tokens
    for k in range(start, min(stop, len(tokens))):
        tok = tokens[k]
        if tok.type != "inline" or "](" not in tok.content:
            continue
        for child in doc.inline_tokens(tok.content):
            if child.type == "link_open":
                paper = paper_href(str(child.attrs.get("href", "")))
                if paper is not None:
                    found.append(paper)
    return found


def _mentions_paper(raw: str) -> bool:
    folded = raw.casefold()
    return "](" in folded and any(host in folded for host in _PAPER_HOSTS)


def _decoration(text: str) -> tuple[bool, int | None]:
    """Whether `text` beside the link is decoration, and the vote count it shows if any.

    Decoration has no words but vote words: `1.`, `**`, `📄`, `(▲ 32)`, `👍 20 votes`.
    """
    if not text or text.isspace():
        return True, None  # `### [Title](link)`: nothing around the link
    folded = text.casefold()
    marked = any(mark in folded for mark in VOTE_MARKS)
    for word in VOTE_WORDS:
        if word in folded:
            folded, marked = folded.replace(word, " "), True
    if any(unicodedata.category(ch).startswith("L") for ch in folded):
        return False, None
    numbers = "".join(ch if ch.isdigit() or ch == "," else " " for ch in folded).split()
    votes = parse_votes(numbers[0]) if marked and len(numbers) == 1 else None
    return True, votes


def _link(raw: str, start: int, env: dict[str, Any]) -> tuple[str, str, int] | None:
    """(raw label, href, end) of the link at raw[start]; a title holding an unbalanced `]`
    breaks the Markdown link, and then the URL is the last `](…)`."""
    found = link_at(raw, start, env)
    if found is not None:
        return found
    split = raw.rfind("](")
    close = raw.find(")", split + 2)
    href = raw[split + 2 : close].strip().strip("<>") if split > start and close > 0 else ""
    if not href or " " in href:
        return None
    return raw[start + 1 : split], href, close + 1


SUMMARY_TAG = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
_BOLD = re.compile(r"<(b|strong)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
#: Any HTML tag (to keep a caption's text).
HTML_TAG = re.compile(r"<[^>]*>")


def details_caption(html: str) -> str | None:
    """The caption of a folded entry, `<details><summary><b>1. Title</b> ⭐ 0</summary>`: the
    bold text when there is some (a count may follow it), else the summary's text. None for
    HTML that opens no `<details>`: a digest folding each paper names it there."""
    if not html.lstrip()[:8].casefold().startswith("<details"):
        return None
    found = SUMMARY_TAG.search(html)
    if found is None:
        return None
    bold = _BOLD.search(found.group(1))
    text = HTML_TAG.sub("", bold.group(2) if bold else found.group(1))
    return " ".join(unescape(text).split()) or None


def strip_numbering(title: str) -> str:
    """`1. Title`, `13) Title`, `#2 Title`, `2、标题`, `No. 3: Title` → the title (a heading
    that names a paper without linking it is numbered like a linked one)."""
    text = title.strip()
    rest = text.lstrip("#№").removeprefix("No.").removeprefix("no.").lstrip()
    digits = len(rest) - len(rest.lstrip("0123456789"))
    if digits and digits <= 3:
        after = rest[digits:]
        if after[:1] in (".", ")", "、", ":", "：") and (after[1:2].isspace() or after[:1] == "、"):
            return after[1:].strip() or text
        if after[:1].isspace() and text[:1] in "#№N":
            return after.strip() or text
    return text


def read_heading(raw: str, env: dict[str, Any]) -> HeadingPaper | str | None:
    """The paper a heading names; a reason (str) when it holds a paper link that cannot be
    read as `[Title](link)` with decoration; None when it is not about one paper."""
    raw = raw.strip()
    start = raw.find("[")
    if start < 0 or "](" not in raw:
        return None
    while start > 0 and raw[start - 1] == "!":  # an image before the link: decoration
        start = raw.find("[", start + 1)
        if start < 0:
            return None
    found = _link(raw, start, env)
    paper = paper_href(found[1]) if found else None
    if found is None or paper is None:
        if found is not None and not _mentions_paper(raw[found[2]:]):
            return None  # e.g. `## [Daily Papers (2024-11-19)](…/papers?date=…)`
        return "heading holds a paper link but is not '[Title](link)'" if _mentions_paper(
            raw) else None
    label, _, end = found
    before, after = raw[:start], raw[end:]
    if "](" in after:
        return "heading holds more than one link"
    plain_before, _ = _decoration(before)
    plain_after, votes = _decoration(after)
    if not (plain_before and plain_after):
        return "heading has words around its paper link"
    title = unescape_markdown(strip_strong(label)).strip()
    if not title:
        return "paper heading has an empty title"
    href, arxiv, openreview = paper
    return HeadingPaper(title, href, arxiv, openreview, votes)
