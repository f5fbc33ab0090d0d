"""A cheap look at whether a text is an annotated conference post (family 000).

Line by line, no Markdown parse: sniff() runs for every importer on every file.
"""

from __future__ import annotations

import unicodedata

from readlist.importers.front_matter import front_matter
from readlist.importers.markdown_tools import normalize
from readlist.importers.post_line import venue_of
from readlist.importers.post_marks import is_rating_char, rating_in

_PAPER_HOSTS = (
    "openreview.net", "arxiv.org", "aclanthology.org", "proceedings.neurips.cc",
    "papers.nips.cc", "proceedings.mlr.press", "openaccess.thecvf.com", "doi.org",
    "dl.acm.org", "ieeexplore.ieee.org", "huggingface.co/papers", "semanticscholar.org",
    "icml.cc/virtual", "iclr.cc/virtual", "neurips.cc/virtual", "nips.cc/virtual",
)


def _bullet_body(line: str) -> str:
    """The text of a list item line (`- x`, `* x`, `1. x`, nested ones too), else ""."""
    line = line.lstrip(" \t")
    if line[:2] in ("- ", "* ", "+ "):
        return line[2:]
    digits = len(line) - len(line.lstrip("0123456789"))
    if 0 < digits < 10 and line[digits : digits + 2] in (". ", ") "):
        return line[digits + 2 :]
    return ""


def _link_start(body: str) -> int:
    """Where the link a paper bullet starts with begins (after a task box, thumbnails,
    ratings, symbols and emphasis), or -1."""
    pos = 4 if body[:3] in ("[ ]", "[x]", "[X]") else 0
    while pos < len(body):
        ch = body[pos]
        if ch == "[":
            return pos
        if body.startswith("![", pos):
            close = body.find("](", pos)
            pos = body.find(")", close) + 1 if close > 0 else 0
            if pos <= 0:
                return -1
        elif ch in " \t*_\ufe0f" or is_rating_char(ch) or unicodedata.category(ch) == "So":
            pos += 1  # a mark of the post's own (`⭐`, `🧠`) is no text before the link
        else:
            return -1
    return -1


def looks_like_post(text: str) -> bool:
    """Front matter plus a paper bullet, or a paper bullet with a rating or venue label."""
    try:
        head = normalize(text[:300_000])
        if "[View Paper](" in head:
            return False  # LLM paper notes, whatever else they contain
        lines = head.split("\n")
        has_front_matter = front_matter(lines)[1] > 0
        papers = rated = others = 0
        for line in lines:
            body = _bullet_body(line)
            if not body or ("](" not in body and "<http" not in body):
                continue
            on_host = any(host in body for host in _PAPER_HOSTS)
            if (start := _link_start(body)) < 0:
                # `- **Title** [[OpenReview](...)] 🔵` is a rated entry; unrated, a list item.
                marked = on_host and rating_in(body) is not None
                rated += marked
                papers += marked
                others += on_host and not marked
                continue
            after = body[body.find(")", body.find("](", start)) + 1 :]
            marked = rating_in(body) is not None or venue_of(after) is not None
            rated += marked
            papers += marked or on_host
        # Front matter alone is any blog post: its link bullets must look like papers.
        # Without it, a rated or labelled paper bullet is this family's mark, unless most
        # paper links sit inside bullets (`- **T** [[paper](...)]`: a list for generic).
        return (has_front_matter and papers > 0) or (rated >= 1 and papers >= others)
    except Exception:  # sniff must never raise
        return False
