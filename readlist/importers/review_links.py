"""The arXiv (or OpenReview) paper a review links to, when it says so unambiguously (002).

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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import unquote, urlsplit

from readlist.ids import (
    ArxivId,
    find_arxiv_ids,
    find_openreview_ids,
    parse_arxiv_id,
    parse_openreview_id,
)
from readlist.importers.html_tokens import href_of, tokens

_PAPER = r"(?:paper|arxiv|openreview|pdf|논문|원문|論文|论文|原文)"
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


_Id = TypeVar("_Id")


@dataclass(frozen=True)
class _Kind(Generic[_Id]):
    """How one kind of paper id is read from a link and found in text."""

    parse: Callable[[str], _Id | None]
    find: Callable[[str], list[tuple[_Id, int]]]
    key: Callable[[_Id], str]
    #: In every text that holds such an id: a body without any is not tokenized.
    marks: tuple[str, ...]


_ARXIV: _Kind[ArxivId] = _Kind(parse_arxiv_id, find_arxiv_ids, lambda a: a.id, _ARXIV_MARKS)
_OPENREVIEW: _Kind[str] = _Kind(parse_openreview_id, find_openreview_ids, lambda o: o,
                                ("openreview",))


def _html_links(fragment: str, ids: _Kind[_Id]) -> Iterator[tuple[_Id, bool]]:
    """(id, labelled as the paper) for every paper link or id in an HTML fragment."""
    line = _Block()
    anchor: tuple[_Id | None, bool] | None = None
    anchor_text: list[str] = []
    for kind, name, raw in tokens(fragment):
        if kind == "text":
            text = html.unescape(raw)
            if anchor is not None:
                anchor_text.append(text)
            else:
                for cited, offset in ids.find(text):
                    yield cited, line.labelled(text, offset)
            line.add(text)
        elif name == "a" and kind == "start":
            href = href_of(raw)
            anchor = (ids.parse(href), line.labelled())
            anchor_text = []
        elif name == "a" and kind == "end" and anchor is not None:
            target, labelled = anchor
            inner = "".join(anchor_text)
            if target is None:  # a link elsewhere whose text is a paper's URL or id
                for cited, _ in ids.find(inner):
                    yield cited, labelled
            else:
                yield target, labelled or _names_paper(inner)
            anchor = None
        elif name in _BLOCKS:
            line = _Block()


def _linked(bodies: Iterable[tuple[str, bool]], ids: _Kind[_Id]) -> list[_Id]:
    """Every mention of the one paper a review is about, or [] when unsure (see the module)."""
    found: list[tuple[_Id, bool]] = []
    for body, is_html in bodies:
        lowered = body.lower()  # 7x faster than a case-insensitive regex search
        if not any(mark in lowered for mark in ids.marks):
            continue  # most reviews: no need to tokenize them a second time
        if is_html:
            found.extend(_html_links(body, ids))
        else:
            found.extend((cited, _text_labelled(body, offset)) for cited, offset in ids.find(body))
    distinct = list(dict.fromkeys(ids.key(a) for a, _ in found))
    if len(distinct) != 1:
        distinct = list(dict.fromkeys(ids.key(a) for a, labelled in found if labelled))
    return [a for a, _ in found if ids.key(a) == distinct[0]] if len(distinct) == 1 else []


def linked_arxiv(bodies: Iterable[tuple[str, bool]]) -> ArxivId | None:
    """The arXiv paper a review is about, from its bodies as (text, is_html); None if unsure."""
    mentions = _linked(bodies, _ARXIV)
    if not mentions:
        return None
    return ArxivId(mentions[0].id, next((a.version for a in mentions if a.version), None))


def linked_openreview(bodies: Iterable[tuple[str, bool]]) -> str | None:
    """The OpenReview forum a review is about (`Paper: openreview.net/forum?id=…`); None if unsure."""
    mentions = _linked(bodies, _OPENREVIEW)
    return mentions[0] if mentions else None


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
