"""The arXiv paper a review links to, when it says so unambiguously (family 002).

A review often gives its paper's link (`Paper: <a href="https://arxiv.org/abs/2501.12948">`),
but it may also cite related work. So an arXiv id is taken only when the review links
exactly one distinct arXiv paper, or when exactly one distinct paper is linked as *the*
paper: after a label (`Paper:`, `논문:`, `論文:`, `arXiv:`) or with link text that says so
("paper", "arXiv", "논문"). Several different papers without such a label give none.

Links are read from the review's HTML with the linear-time tokenizer html_text uses, and
from its text (bare URLs, `arXiv:2501.12948`), so plain-text reviews count too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from readlist.ids import ArxivId, find_arxiv_ids, parse_arxiv_id
from readlist.importers.html_tokens import href_of, tokens

_PAPER = r"(?:paper|arxiv|pdf|논문|원문|論文|论文|原文)"
_LINK_WORD = r"(?:\s*(?:link|url|page|링크|주소|リンク|链接))?"
# A label before a link that names it as the paper: "Paper:", "논문 링크 :", "arXiv -" anywhere,
# or the label alone opening its block ("<p>📄 Paper <a …>").
_LABEL = re.compile(rf"(?<!\w)(?:original\s+)?{_PAPER}{_LINK_WORD}\s*[:：\-–—]\s*[(\[]?$", re.IGNORECASE)
_BARE_LABEL = re.compile(rf"[\W_]*(?:the\s+|original\s+)?{_PAPER}{_LINK_WORD}[\W_]*", re.IGNORECASE)
# Link text that names the link as the paper: "paper", "arXiv", "the paper", "논문 링크".
_LINK_TEXT = re.compile(
    rf"(?:the\s+|original\s+|link\s+to\s+(?:the\s+)?|read\s+the\s+)?{_PAPER}"
    r"(?:\s*(?:paper|link|page|pdf|링크|보기|リンク|链接))?",
    re.IGNORECASE,
)
# Where the text before a link stops counting as its label.
_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5",
                     "h6", "tr", "td", "th", "table", "br", "hr", "section", "article", "pre",
                     "dd", "dt", "figure", "header", "footer"})
# In every host parse_arxiv_id reads ids from, and in "arXiv:": a body without any has no link.
_ARXIV_MARKS = ("arxiv", "ar5iv", "huggingface.co", "hf.co")
_LABEL_REACH = 40  # characters before a link looked at for its label
_PATH_ID = re.compile(r"\d{4}\.\d{4,5}(?:v\d{1,3})?")


class _Block:
    """The end of the current block's text (enough to find a label before a link)."""

    def __init__(self) -> None:
        self.tail = ""
        self.length = 0

    def add(self, text: str) -> None:
        self.tail = (self.tail + text[-_LABEL_REACH:])[-_LABEL_REACH:]
        self.length += len(text)

    def labelled(self, text: str = "", end: int = 0) -> bool:
        """Whether the block's text so far, plus `text[:end]`, ends with a label for the paper."""
        before = (self.tail + text[max(0, end - _LABEL_REACH) : end])[-_LABEL_REACH:]
        if _LABEL.search(before):
            return True
        return self.length + end <= _LABEL_REACH and bool(_BARE_LABEL.fullmatch(before))


def _text_labelled(text: str, offset: int) -> bool:
    """Whether the id at `offset` of a plain text follows a label on its line."""
    start = text.rfind("\n", max(0, offset - _LABEL_REACH - 1), offset) + 1
    line = _Block()
    if start == 0 and offset > _LABEL_REACH:
        line.length = offset  # the line began before the reach of a label
        start = offset - _LABEL_REACH
    return line.labelled(text[start:offset], offset - start)


def _names_paper(link_text: str) -> bool:
    return bool(_LINK_TEXT.fullmatch(link_text.strip(" \t\n📄🔗:：()[]")))


def _html_links(fragment: str) -> Iterable[tuple[ArxivId, bool]]:
    """(arXiv id, labelled as the paper) for every arXiv link or id in an HTML fragment."""
    line = _Block()
    anchor: tuple[ArxivId | None, bool] | None = None
    anchor_text: list[str] = []
    for kind, name, raw in tokens(fragment):
        if kind == "text":
            text = html.unescape(raw)
            if anchor is not None:
                anchor_text.append(text)
            else:
                for cited, offset in find_arxiv_ids(text):
                    yield cited, line.labelled(text, offset)
            line.add(text)
        elif name == "a" and kind == "start":
            href = href_of(raw)
            anchor = (parse_arxiv_id(href), line.labelled())
            anchor_text = []
        elif name == "a" and kind == "end" and anchor is not None:
            target, labelled = anchor
            inner = "".join(anchor_text)
            if target is None:  # a link elsewhere whose text is an arXiv URL or id
                for cited, _ in find_arxiv_ids(inner):
                    yield cited, labelled
            else:
                yield target, labelled or _names_paper(inner)
            anchor = None
        elif name in _BLOCKS:
            line = _Block()


def linked_arxiv(bodies: Iterable[tuple[str, bool]]) -> ArxivId | None:
    """The arXiv paper a review is about, from its bodies as (text, is_html); None if unsure."""
    found: list[tuple[ArxivId, bool]] = []
    for body, is_html in bodies:
        lowered = body.lower()  # 7x faster than a case-insensitive regex search
        if not any(mark in lowered for mark in _ARXIV_MARKS):
            continue  # most reviews: no need to tokenize them a second time
        if is_html:
            found.extend(_html_links(body))
        else:
            found.extend((cited, _text_labelled(body, offset)) for cited, offset in find_arxiv_ids(body))
    distinct = list(dict.fromkeys(a.id for a, _ in found))
    if len(distinct) != 1:
        distinct = list(dict.fromkeys(a.id for a, labelled in found if labelled))
    if len(distinct) != 1:
        return None
    version = next((a.version for a, _ in found if a.id == distinct[0] and a.version), None)
    return ArxivId(distinct[0], version)


def arxiv_in_path(url: str) -> ArxivId | None:
    """The arXiv id a review's own address is named after (`…/2025-01-16/2501.08983/`, as
    Hugo sites of paper reviews write them): one path segment that is a whole new-style id,
    month checked. A number among other words (`/posts/2501.08983-notes`) is not taken."""
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    found: list[ArxivId] = []
    for segment in unquote(path).split("/"):
        parsed = parse_arxiv_id(segment) if _PATH_ID.fullmatch(segment) else None
        if parsed is not None:
            found.append(parsed)
    return found[0] if len({a.id for a in found}) == 1 else None
