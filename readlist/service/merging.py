"""Folding one library paper into another, once they are known to be the same paper.

`readlist resolve` finds that a paper known by its title (an RSS review) or its OpenReview
id is an arXiv paper the library already holds: the two become one paper, with every
digest's provenance and notes, and the user's state of both (tags, notes, rating, read
state, priority) merged so that nothing the user did is lost.
"""

from __future__ import annotations

from typing import Any

from readlist.errors import NotFoundError, UsageError
from readlist.models import Priority
from readlist.service.paper_docs import merge_paper, records_draft
from readlist.service.records import search_text
from readlist.store import Transaction

Doc = dict[str, Any]

_ID_FIELDS = (("arxiv_id", "arXiv id"), ("openreview_id", "OpenReview id"), ("doi", "DOI"))
_ARXIV_FIELDS = ("comment", "journal_ref", "published", "updated", "primary_category")


def _union(first: list[Any], second: list[Any]) -> list[Any]:
    return [*first, *(x for x in second if x not in first)]


def _later(a: Doc, b: Doc) -> bool:
    """True when state record `b` was changed more recently than `a`."""
    return (b.get("updated") or "") > (a.get("updated") or "")


def merge_states(a: Doc | None, b: Doc | None) -> Doc | None:
    """One state from two: tags united, notes joined, the furthest read state, the highest
    priority, the user's own rating over a digest's (the newer one when both are the user's)."""
    if a is None or b is None:
        only = a if a is not None else b
        return dict(only) if only is not None else None
    merged = dict(a)
    states = [s for s in (a.get("state", "unread"), b.get("state", "unread")) if s != "unread"]
    if len(states) == 2 and states[0] != states[1]:
        merged["state"] = b["state"] if _later(a, b) else a["state"]
    elif states:
        merged["state"] = states[0]
    pa = Priority(a.get("priority", "none"))
    pb = Priority(b.get("priority", "none"))
    merged["priority"] = (pb if pb.rank < pa.rank else pa).value
    if b.get("rating") and (
        not a.get("rating")
        or (b.get("rating_source") == "user" and a.get("rating_source") != "user")
        or (b.get("rating_source") == a.get("rating_source") and _later(a, b))
    ):
        merged["rating"], merged["rating_source"] = b["rating"], b.get("rating_source")
    merged["tags"] = _union(list(a.get("tags") or []), list(b.get("tags") or []))
    notes_a, notes_b = (a.get("notes") or "").strip(), (b.get("notes") or "").strip()
    if notes_b and notes_b not in notes_a:
        merged["notes"] = f"{notes_a}\n\n{notes_b}\n" if notes_a else f"{notes_b}\n"
    created = [c for c in (a.get("created"), b.get("created")) if c]
    updated = [u for u in (a.get("updated"), b.get("updated")) if u]
    merged["created"] = min(created) if created else None
    merged["updated"] = max(updated) if updated else None
    merged["triaged"] = bool(a.get("triaged") or b.get("triaged"))
    return merged


def merge_papers(tx: Transaction, keep: int, drop: int) -> int:
    """Fold paper `drop` into paper `keep` inside `tx`; returns the pid that remains.

    The arXiv paper's key wins: when only `drop` has an arXiv id the roles swap. The other
    paper's key and aliases become aliases, so every old TARGET still finds the paper.

    Raises:
        UsageError: the two carry different ids of one kind (they are different papers).
        NotFoundError: either paper does not exist.
    """
    if keep == drop:
        return keep
    a, b = tx.paper(keep), tx.paper(drop)
    if a is None or b is None:
        raise NotFoundError(f"no paper with id {keep if a is None else drop} in the library")
    if b.get("arxiv_id") and not a.get("arxiv_id"):
        keep, drop, a, b = drop, keep, b, a
    for name, label in _ID_FIELDS:
        if a.get(name) and b.get(name) and a[name] != b[name]:
            raise UsageError(
                f"{a['key']} and {b['key']} have different {label}s: they are not the same paper"
            )
    details_a = dict(tx.details(keep) or {})
    details_b = dict(tx.details(drop) or {})
    doc: Doc = {**a, "links": dict(a.get("links") or {})}
    merge_paper(doc, details_a, records_draft(b, details_b))
    for name in _ARXIV_FIELDS:
        if not details_a.get(name) and details_b.get(name):
            details_a[name] = details_b[name]
    notes = dict(details_b.get("notes") or {})
    notes.update(details_a.get("notes") or {})
    details_a["notes"] = notes
    prov_digests = {p.get("digest") for p in a.get("prov", [])}
    doc["prov"] = [*a.get("prov", []), *(p for p in b.get("prov", []) if p.get("digest") not in prov_digests)]
    doc["digests"] = _union(list(a.get("digests", [])), list(b.get("digests", [])))
    added = [x for x in (a.get("added"), b.get("added")) if x]
    doc["added"] = min(added) if added else None
    doc["pending"] = bool(a.get("pending")) and not details_a.get("published")
    doc["aliases"] = [
        k for k in _union(list(doc.get("aliases", [])), [b["key"], *b.get("aliases", [])])
        if k != doc["key"]
    ]
    state = merge_states(tx.state(keep), tx.state(drop))
    tx.delete_paper(drop)
    tx.put_paper(keep, doc)
    tx.put_details(keep, details_a, search_text(doc, details_a))
    if state is not None:
        tx.put_state(keep, state)
    return keep
