"""The labelled lines of a Daily Papers digest (family 004): votes, authors, summary parts.

Digests are often LLM-written in Korean, English, Chinese or Japanese, so one label comes
in many spellings: `Vote: 7`, `**Vote:** 7`, `**Upvotes**: 7`, `*Vote:* 7`, `点赞：32`,
`추천수: 32`, `👍 15 votes`. This module turns one span of inline Markdown into what it
says; the importer decides where spans come from (paragraph lines, bullets, table rows).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from readlist.importers.arxiv_table import split_authors
from readlist.importers.base import MAX_VOTES

_COLONS = ":：﹕"
_FIRST_COLON = re.compile(f"[{_COLONS}]")

VOTE_LABELS = frozenset((
    "vote", "votes", "upvote", "upvotes", "like", "likes", "hf votes", "hf upvotes",
    "点赞", "点赞数", "赞", "赞数", "票数", "投票", "投票数", "得票", "得票数", "いいね", "いいね数",
    "추천", "추천수", "좋아요", "투표", "투표수",
))
AUTHOR_LABELS = frozenset((
    "author", "authors", "作者", "作者们", "著者", "著者名", "저자", "저자들", "저자명",
))
# The paper's title in its own language when the heading gives a translation of it.
TITLE_LABELS = frozenset((
    "original title", "english title", "paper title", "原文标题", "原标题", "英文标题", "论文标题",
    "原題", "原題名", "論文タイトル", "원제", "원문 제목", "논문 제목", "영문 제목",
))
SUMMARY_LABELS = frozenset((
    "summary", "tl;dr", "tldr", "abstract", "要約", "概要", "摘要", "总结", "要点", "요약",
))
# Symbols a digest puts before a vote count: 👍 20, ▲ 32, ⬆️ 20, 🔥 12.
VOTE_MARKS = "👍▲△⬆↑🔥❤♥⭐🤗"
VOTE_WORDS = ("upvotes", "upvote", "votes", "vote", "likes", "like", "票", "赞", "추천")
_SEGMENT = re.compile(r"\s+[|·•｜]\s+")
# A line that is one image (the paper's thumbnail), nothing else.
_IMAGE_ONLY = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")

Kind = Literal["votes", "authors", "title"]
# Words of a heading or title that name a Daily Papers digest, in its languages.
DAILY_WORDS = ("daily papers", "daily paper", "hugging face", "huggingface", "每日论文",
               "论文日报", "論文日報", "데일리 페이퍼", "일일 논문", "デイリー論文", "日次論文")


@dataclass(frozen=True)
class Meta:
    """One metadata fact of a paper: its votes, its author list or its original title."""

    kind: Kind
    value: str


def _trim_symbols(text: str) -> str:
    """`👍 点赞` → `点赞`: drop emoji, markup and punctuation around a label."""
    if text[:1].isalnum() and text[-1:].isalnum():
        return text  # the common case, `Vote`, `Authors`
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ")'’"):
        end -= 1
    return text[start:end]


def split_label(span: str) -> tuple[str, str] | None:
    """(label, value) of `Label: value`, the label's emphasis and emoji dropped.

    `**Vote:** 7`, `**Vote**: 7`, `*Vote:* 7`, `__Vote:__ 7` and `👍 点赞：32` all give
    ("Vote"/"点赞", "7"/"32"). None when there is no short label before a colon.
    """
    found = _FIRST_COLON.search(span, 0, 61)
    if found is None:
        return None
    colon = found.start()
    head = span[:colon]
    if "[" in head or "`" in head:  # a link or code before the colon: `[x](https://…)`
        return None
    label = _trim_symbols(head.strip().strip("*_").strip())
    if not label:
        return None
    return label, span[colon + 1 :].lstrip("*_").strip()


def label_kind(label: str) -> Kind | Literal["summary"] | None:
    """What a label names: votes, authors, the original title, the summary, or None (a
    section of the summary)."""
    folded = label.casefold()
    if " " in folded or "\t" in folded:
        folded = " ".join(folded.split())
    if folded in VOTE_LABELS:
        return "votes"
    if folded in AUTHOR_LABELS:
        return "authors"
    if folded in TITLE_LABELS:
        return "title"
    return "summary" if folded in SUMMARY_LABELS else None


def says_new(label: str) -> bool:
    """Whether a summary label is the "What's New" one, whatever its language."""
    folded = label.casefold()
    return "new" in folded or "新" in folded or "새" in folded


def _bare_votes(segment: str) -> str | None:
    """`👍 15`, `▲ 32`, `15 votes`, `👍 15 votes`: the count, when a mark or word says so."""
    text = segment.strip().strip("*_()[]").strip()
    marked = False
    while text and (text[0] in VOTE_MARKS or unicodedata.category(text[0]) in ("Mn", "Cf")):
        text, marked = text[1:].lstrip(), marked or text[0] in VOTE_MARKS
    number, _, rest = text.partition(" ")
    rest = rest.strip().casefold()
    if rest in VOTE_WORDS:
        marked = True
    elif rest:
        return None
    return number if marked and number[:1].isdigit() else None


def meta_of(span: str) -> list[Meta] | None:
    """The metadata of one line, or None when any part of it is not metadata.

    A line may hold several facts: `Vote: 32 | Authors: A, B`, `👍 15 votes · Authors: A`.
    Once a line has said one, other labelled parts of it are more metadata, not summary:
    `**Upvotes:** 127 | **Sources:** HuggingFace Daily Papers, arXiv`.
    """
    span = span.strip()
    # Most lines are summary or prose: settle them on their first label or character.
    labelled = split_label(span)
    first = label_kind(labelled[0]) if labelled else None
    if labelled:
        if first not in ("votes", "authors", "title") and not _SEGMENT.search(labelled[0]):
            return None
    elif not span or not (span[0] in VOTE_MARKS or span.lstrip("*_([")[:1].isdigit()):
        return None
    if labelled and first in ("votes", "authors", "title") and not _SEGMENT.search(span):
        return [Meta(first, labelled[1])]  # `Vote: 7`, the usual line: one fact
    facts: list[Meta] = []
    for segment in _SEGMENT.split(span):
        labelled = split_label(segment)
        kind = label_kind(labelled[0]) if labelled else None
        if labelled and kind in ("votes", "authors", "title"):
            facts.append(Meta(kind, labelled[1]))
            continue
        if labelled and facts:
            continue  # `| **Sources:** …` after the votes
        bare = _bare_votes(segment)
        if bare is None:
            return None
        facts.append(Meta("votes", bare))
    return facts or None


def parse_votes(value: str) -> int | None:
    """`1,024` → 1024. None unless a sane count (0..10**9): never an overflow later on."""
    first = value.strip().strip("*_").split()
    digits = first[0].replace(",", "").replace("_", "") if first else ""
    if not digits.isascii() or not digits.isdigit() or len(digits) > 10:
        return None
    votes = int(digits)
    return votes if votes <= MAX_VOTES else None


def parse_authors(value: str) -> tuple[list[str], bool]:
    """`A, B、C，D; E` → the names, stripped of emphasis, and whether the list is complete
    (`A, B et al.` is not)."""
    for sep in ("、", "，"):
        value = value.replace(sep, ",")
    names, complete = split_authors(value.strip().strip("*_"))
    names = [bare for name in names if (bare := name.strip().strip("*_").strip())]
    return names, complete and bool(names)


def image_only(line: str) -> bool:
    """A line that is just an image (`![](thumbnail.png)`), shown, not said."""
    return _IMAGE_ONLY.fullmatch(line.strip()) is not None
