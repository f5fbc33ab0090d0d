"""`readlist export csl`: CSL-JSON (Zotero, pandoc/citeproc), with the BibTeX keys as ids.

Journal papers (DOI + journal reference) are ``article-journal``; everything else is
``article`` (CSL's preprint type), arXiv papers with ``publisher: arXiv`` and the id as
``number``. Names are split into given/family (``literal`` for one-word names). Output is
a JSON array sorted by id, deterministic.
"""

from __future__ import annotations

from typing import Any

import orjson

from readlist.export.bibtex import Citation, citations
from readlist.export.latex import clean
from readlist.export.snapshot import Snapshot

Doc = dict[str, Any]


def csl_name(name: str) -> Doc:
    name = clean(name)
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": family, "given": given} if given else {"literal": family}
    words = name.split(" ")
    if len(words) == 1:
        return {"literal": name}
    return {"family": words[-1], "given": " ".join(words[:-1])}


def _date_parts(date: str | None) -> list[int] | None:
    if not date:
        return None
    parts = []
    for piece in date[:10].split("-"):
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return parts or None


def csl_item(citation: Citation) -> Doc:
    paper = citation.rec.paper
    journal = citation.journal if paper.doi else None
    item: Doc = {"id": citation.key, "type": "article-journal" if journal else "article",
                 "title": clean(paper.title)}
    if citation.authors:
        item["author"] = [csl_name(a) for a in citation.authors]
    parts = _date_parts(paper.date or paper.published)
    if parts is None and citation.year:
        parts = [citation.year]
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if journal:
        item["container-title"] = journal
    if paper.arxiv_id:
        item["publisher"] = "arXiv"
        item["number"] = paper.arxiv_id
    if paper.doi:
        item["DOI"] = paper.doi
    if citation.url:
        item["URL"] = citation.url
    if paper.venue and clean(paper.venue):
        item["note"] = clean(paper.venue)
    if not citation.authors_complete:
        item["note"] = "; ".join(filter(None, [item.get("note"), "author list incomplete"]))
    return item


def export_csl(snapshot: Snapshot) -> str:
    items = [csl_item(c) for c in citations(snapshot.papers)]
    return orjson.dumps(items, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()
