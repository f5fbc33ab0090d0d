"""Building a paper's stored records from drafts: a new paper's record, and folding what a
draft knows into an existing one without overwriting what the library already holds.
"""

from __future__ import annotations

from typing import Any

from readlist.ids import ArxivId, doi_key, is_link_label, normalize_title, openreview_key
from readlist.importers.base import MAX_VOTES, PaperDraft

Doc = dict[str, Any]

def new_paper_doc(title: str, now: str, norm: str | None = None) -> Doc:
    """The starting record of a paper first seen now (its key is set by the caller).

    `norm` is normalize_title(title) when the caller already has it.
    """
    return {
        "title": title,
        "title_norm": normalize_title(title) if norm is None else norm,
        "added": now,
        "links": {},
        "digests": [],
        "prov": [],
        "aliases": [],
        "pending": False,
    }

def _fill(target: Doc, key: str, value: Any) -> bool:
    """Set target[key] = value when target lacks it; True when something changed."""
    if value in (None, "", [], {}) or target.get(key) not in (None, "", [], {}):
        return False
    target[key] = value
    return True


def _aliases(doc: Doc) -> list[str]:
    aliases = list(doc.get("aliases", []))
    wanted = []
    if doc.get("openreview_id"):
        wanted.append(openreview_key(doc["openreview_id"]))
    if doc.get("doi"):
        wanted.append(doi_key(doc["doi"]))
    for alias in wanted:
        if alias != doc["key"] and alias not in aliases:
            aliases.append(alias)
    return aliases

def records_draft(doc: Doc, details: Doc) -> PaperDraft:
    """What one paper's records know, as a draft `merge_paper` can fold into another paper.

    Raises KeyError or TypeError when the records are not a paper's (callers that read
    untrusted records, such as a backup, turn that into their own error).
    """
    arxiv = ArxivId(doc["arxiv_id"], doc.get("arxiv_version")) if doc.get("arxiv_id") else None
    return PaperDraft(
        title=doc["title"],
        arxiv=arxiv,
        openreview_id=doc.get("openreview_id"),
        doi=doc.get("doi"),
        links=dict(doc.get("links") or {}),
        authors=list(details.get("authors") or ()),
        authors_complete=bool(details.get("authors_complete", True)),
        abstract=details.get("abstract"),
        abstract_translated=details.get("abstract_translated"),
        summary=details.get("summary"),
        venue=doc.get("venue"),
        votes=doc.get("votes"),
        date=doc.get("date"),
        categories=list(details.get("categories") or ()),
    )

def merge_paper(doc: Doc, details: Doc, draft: PaperDraft) -> bool:
    """Merge what `draft` knows into a paper's records; True when anything changed."""
    changed = False
    if draft.arxiv:
        changed |= _fill(doc, "arxiv_id", draft.arxiv.id)
        if draft.arxiv.version and (doc.get("arxiv_version") or 0) < draft.arxiv.version:
            doc["arxiv_version"] = draft.arxiv.version
            changed = True
        if doc.get("key") != draft.arxiv.id and doc.get("arxiv_id") == draft.arxiv.id:
            # A paper known by title/OpenReview gained its arXiv id: re-key, keep the old key.
            aliases = list(doc.get("aliases", []))
            if doc["key"] not in aliases:
                aliases.append(doc["key"])
            doc["aliases"] = aliases
            doc["key"] = draft.arxiv.id
            changed = True
    changed |= _fill(doc, "openreview_id", draft.openreview_id)
    changed |= _fill(doc, "doi", draft.doi)
    if draft.title and (not doc.get("title") or is_link_label(doc["title"])) \
            and not is_link_label(draft.title):
        doc["title"] = draft.title
        doc["title_norm"] = normalize_title(draft.title)
        changed = True
    links = dict(doc.get("links") or {})
    for kind, url in draft.links.items():
        changed |= _fill(links, kind, url)
    doc["links"] = links
    changed |= _fill(doc, "venue", draft.venue)
    changed |= _fill(doc, "date", draft.date)
    votes = draft.votes if draft.votes is not None and 0 <= draft.votes <= MAX_VOTES else None
    if votes is not None and (doc.get("votes") is None or doc["votes"] < votes):
        doc["votes"] = votes
        changed = True
    if draft.authors:
        have_complete = details.get("authors_complete", False) and details.get("authors")
        better = not details.get("authors") or (draft.authors_complete and not have_complete)
        if better and details.get("authors") != draft.authors:
            details["authors"] = list(draft.authors)
            details["authors_complete"] = draft.authors_complete
            changed = True
    for key in ("abstract", "abstract_translated", "summary", "comment"):
        changed |= _fill(details, key, getattr(draft, key))
    if draft.categories:
        cats = list(details.get("categories", []))
        extra = [c for c in draft.categories if c not in cats]
        if extra:
            details["categories"] = cats + extra
            changed = True
    authors = details.get("authors") or []
    count = len(authors) if details.get("authors_complete", True) else 0
    if authors and (doc.get("first_author") != authors[0] or doc.get("author_count") != count):
        doc["first_author"] = authors[0]
        doc["author_count"] = count
        changed = True
    doc["has_abstract"] = bool(details.get("abstract"))
    doc["has_summary"] = bool(details.get("summary"))
    doc["aliases"] = _aliases(doc)
    return changed
