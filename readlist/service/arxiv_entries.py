"""Fetched arXiv entries written into the library, inside the caller's transaction.

Shared by `add`, `enrich` and `resolve`: an entry becomes a new paper or is merged into the
one it names, and an id arXiv could not be asked about is kept as a `pending` paper.
Identity and merging are service.identity's and service.paper_docs's (`PaperIndex`,
`new_key`, `merge_paper`); the user's state is never overwritten by fetched metadata.
"""

from __future__ import annotations

from typing import Any

from readlist.atom import ArxivEntry
from readlist.ids import ArxivId, doi_key, normalize_title
from readlist.importers.base import PaperDraft
from readlist.service.identity import PaperIndex, new_key
from readlist.service.paper_docs import merge_paper, new_paper_doc
from readlist.service.records import search_text
from readlist.store import Transaction

Doc = dict[str, Any]

_ARXIV_FIELDS = ("comment", "journal_ref", "published", "updated", "primary_category")


def entry_draft(entry: ArxivEntry) -> PaperDraft:
    """An API entry in the shape paper_docs.merge_paper folds into a paper."""
    return PaperDraft(
        title=entry.title,
        arxiv=entry.arxiv,
        doi=entry.doi,
        links={"abstract": entry.abs_url, "pdf": entry.pdf_url},
        authors=list(entry.authors),
        abstract=entry.abstract,
        date=(entry.published or "")[:10] or None,
        categories=list(entry.categories),
    )


def apply_entry(
    tx: Transaction, index: PaperIndex | None, entry: ArxivEntry, now: str, pid: int | None = None
) -> tuple[int, str]:
    """Add `entry` as a paper or merge it into paper `pid` (else the one `index` finds).

    Returns (pid, "new" | "merged" | "unchanged"). The user's state is not touched.
    """
    draft = entry_draft(entry)
    if pid is None and index is not None:
        pid = index.find(draft, normalize_title(draft.title))
    if draft.doi and tx.keys().get(doi_key(draft.doi)) not in (None, pid):
        # Another paper holds this DOI: never steal its key; `resolve` can merge the two.
        draft.doi = None
    status = "merged"
    if pid is None or tx.paper(pid) is None:
        pid = tx.new_pid()
        doc, details, status = new_paper_doc(entry.title, now), {}, "new"
        doc["key"] = new_key(tx, draft, pid)
    else:
        old = tx.paper(pid) or {}
        doc = {**old, "links": dict(old.get("links") or {})}
        details = dict(tx.details(pid) or {})
    changed = merge_paper(doc, details, draft)
    for name in _ARXIV_FIELDS:
        value = getattr(entry, name)
        if value and details.get(name) != value:
            details[name] = value
            changed = True
    if doc.get("pending"):
        doc["pending"] = False
        changed = True
    if status == "new" or changed:
        tx.put_paper(pid, doc)
        tx.put_details(pid, details, search_text(doc, details))
        return pid, status
    return pid, "unchanged"


def record_pending(tx: Transaction, arxiv: ArxivId, now: str) -> int:
    """Keep a paper arXiv could not be asked about: key = its id, `pending` until enriched."""
    pid = tx.keys().get(arxiv.id)
    if pid is not None:
        doc = tx.paper(pid) or {}
        if not doc.get("pending") and not (tx.details(pid) or {}).get("published"):
            tx.put_paper(pid, {**doc, "pending": True})
        return pid
    draft = PaperDraft(title="", arxiv=arxiv,
                       links={"abstract": f"https://arxiv.org/abs/{arxiv.id}",
                              "pdf": f"https://arxiv.org/pdf/{arxiv.id}"})
    pid = tx.new_pid()
    doc = new_paper_doc("", now)
    doc["key"] = new_key(tx, draft, pid)
    doc["pending"] = True
    details: Doc = {}
    merge_paper(doc, details, draft)
    tx.put_paper(pid, doc)
    tx.put_details(pid, details, search_text(doc, details))
    return pid
