"""What the links of a conference post point at (family 000).

A link is external or the post's own page; an external one is a page of one paper (arXiv,
OpenReview, DOI, a PDF, a proceedings page), the paper's code, or some other page. A
paper's links are filed on its draft by kind, with the ids they carry.
"""

from __future__ import annotations

import re

from readlist.ids import parse_arxiv_id, parse_doi, parse_openreview_id
from readlist.importers.base import PaperDraft, host_of, is_code_url, link_kind, web_url

# Proceedings pages of one paper, by host (their listing pages do not match).
_PAPER_PAGES = (
    (("aclanthology.org",), re.compile(r"/(?=[\w.\-]*\d)[\w.\-]+/?")),  # no backtracking
    (("neurips.cc", "nips.cc"), re.compile(r"/.*/hash/.+")),
    (("thecvf.com", "ecva.net"), re.compile(r"/.+_paper\.\w+")),
    (("mlr.press",), re.compile(r"/v\d+/[^/]+\.html")),
    (("dl.acm.org",), re.compile(r"/doi/(?:abs/|full/|pdf/)?10\..+")),
    (("ieeexplore.ieee.org",), re.compile(r"/(?:abstract/)?document/\d+/?")),
    (("semanticscholar.org",), re.compile(r"/paper/.+")),
    (("aaai.org",), re.compile(r"/.*/article/view/\d.*")),
    (("ijcai.org",), re.compile(r"/proceedings/\d{4}/\d+.*")),
    # The conference's own page of one paper: `icml.cc/virtual/2025/poster/44561`,
    # `iclr.cc/virtual_2020/poster_SJxpsxrYPS.html`.
    (("icml.cc", "iclr.cc", "neurips.cc", "nips.cc"),
     re.compile(r"/virtual/\d{4}/(?:poster|oral|spotlight)/\d+/?|/virtual_\d{4}/poster_[\w-]+\.html")),
)
_CODE_WORDS = frozenset({"code", "github", "gitlab", "repo", "repository", "コード", "実装"})


def paper_url(href: str) -> bool:
    """True for a link to one paper: arXiv, OpenReview, DOI, a PDF, a proceedings page."""
    host, path = host_of(href), "/" + (href.split("/", 3)[3:] or [""])[0]
    path = path.split("?", 1)[0].split("#", 1)[0]
    if path.casefold().endswith(".pdf"):
        return True
    if "openreview" in host:
        return parse_openreview_id(href) is not None
    if "doi.org" in host:
        return parse_doi(href) is not None
    if "arxiv" in host or "huggingface" in host:
        return parse_arxiv_id(href) is not None
    return any(
        pattern.fullmatch(path)
        for hosts, pattern in _PAPER_PAGES
        if any(host == h or host.endswith("." + h) for h in hosts)
    )


def own_link(text: str, href: str) -> str | None:
    """"code" or "paper" for a link that belongs to the paper, None for any other page."""
    if text.strip().casefold() in _CODE_WORDS or is_code_url(href):
        return "code"
    return "paper" if paper_url(href) else None


def add_link(draft: PaperDraft, href: str, kind: str | None = None) -> None:
    """File a link of the paper under its kind, and the id it carries (the first one wins)."""
    url = web_url(href)
    draft.links.setdefault(kind if kind == "code" else link_kind(url), url)
    if kind == "code":
        return
    host = host_of(url)
    # Only the parser the host calls for: URL parsing is most of the cost of a big post.
    if "openreview" in host:
        draft.openreview_id = draft.openreview_id or parse_openreview_id(url)
    elif "doi" in host:
        draft.doi = draft.doi or parse_doi(url)
    elif draft.arxiv is None:
        draft.arxiv = parse_arxiv_id(url)


def external(href: str) -> bool:
    """True for a web link (`https://…`, `//host/…`, a bare `arxiv.org/…`); anchors and
    site-relative links are the post's own pages."""
    return web_url(href).startswith(("http://", "https://"))
