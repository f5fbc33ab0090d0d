"""Turning importer drafts into library records: applying one parsed digest to the library.

Identity (FORMATS.md): arXiv id (no version) → OpenReview id → DOI → normalised title.
A paper seen in several digests is one paper with one provenance entry per digest.
Re-importing a digest changes nothing; imported data never overwrites the user's state.

Matching drafts to library papers lives in `identity`, building and merging a paper's
records in `paper_docs`, the report types in `import_report`.
"""

from __future__ import annotations

from typing import Any

from readlist.ids import is_link_label, normalize_title
from readlist.importers.base import DigestDraft, PaperDraft, Skipped
from readlist.models import Legend
from readlist.service.identity import PaperIndex, dedupe_drafts, new_key
from readlist.service.import_report import ImportReport
from readlist.service.paper_docs import merge_paper, new_paper_doc
from readlist.service.records import default_state, search_text
from readlist.store import Transaction

Doc = dict[str, Any]


def _set_provenance(doc: Doc, details: Doc, did: int, draft: PaperDraft, position: int) -> bool:
    entry: Doc = {
        "digest": did,
        "section": draft.section,
        "subsection": draft.subsection,
        "position": position,
        "rating": draft.author_rating,
    }
    if draft.also_in:  # only when there is one: older entries compare equal, re-import is a no-op
        entry["also_in"] = [list(place) for place in draft.also_in]
    prov = [p for p in doc.get("prov", []) if p.get("digest") != did]
    old = next((p for p in doc.get("prov", []) if p.get("digest") == did), None)
    changed = old != entry
    doc["prov"] = [*prov, entry]
    digests = list(doc.get("digests", []))
    if did not in digests:
        digests.append(did)
        changed = True
    doc["digests"] = digests
    text: Doc = {}
    for key in ("blurb", "notes", "summary"):
        value = getattr(draft, key)
        if value:
            text[key] = value
    if draft.comments:
        text["comments"] = list(draft.comments)
    notes = dict(details.get("notes") or {})
    if text and notes.get(str(did)) != text:
        notes[str(did)] = text
        changed = True
    elif not text and str(did) in notes:
        del notes[str(did)]
        changed = True
    details["notes"] = notes
    return changed


def _apply_initial_state(
    tx: Transaction, pid: int, draft: PaperDraft, legend: Legend, added: str
) -> bool:
    """The digest author's rating becomes the initial rating; the user's own always wins."""
    state = tx.state(pid)
    if draft.user is not None:
        return _restore_user_state(tx, pid, state, draft.user, added)
    if not draft.author_rating or legend.lookup(draft.author_rating) is None:
        return False
    emoji = legend.lookup(draft.author_rating).emoji  # type: ignore[union-attr]
    if state is not None and (state.get("rating_source") == "user" or state.get("rating")):
        return False
    doc = dict(state) if state is not None else default_state(added)
    doc["rating"] = emoji
    doc["rating_source"] = "digest"
    tx.put_state(pid, doc)
    return True


def _restore_user_state(
    tx: Transaction, pid: int, state: Doc | None, user: Doc, added: str
) -> bool:
    """State carried by readlist's own exports: restored unless the library's is newer."""
    if state is not None and state.get("triaged") and (state.get("updated") or "") >= (
        user.get("updated") or ""
    ):
        return False
    doc = dict(state) if state is not None else default_state(added)
    for key in ("state", "priority", "rating", "rating_source", "tags", "notes", "triaged",
                "created", "updated"):
        if key in user and user[key] is not None:
            doc[key] = user[key]
    if doc == state:
        return False
    tx.put_state(pid, doc)
    return True


def _drop_provenance(tx: Transaction, pid: int, did: int) -> None:
    old = tx.paper(pid)
    if old is None:
        return
    doc = {
        **old,
        "digests": [d for d in old.get("digests", []) if d != did],
        "prov": [p for p in old.get("prov", []) if p.get("digest") != did],
    }
    details = dict(tx.details(pid) or {})
    details["notes"] = {k: v for k, v in (details.get("notes") or {}).items() if k != str(did)}
    tx.put_paper(pid, doc)
    tx.put_details(pid, details, search_text(doc, details))


def apply_digest(
    tx: Transaction,
    index: PaperIndex,
    draft: DigestDraft,
    report: ImportReport,
    *,
    did: int,
    digest_doc: Doc,
    legend: Legend,
    now: str,
) -> None:
    """Write one parsed digest into the transaction, filling `report`."""
    for p in draft.papers:
        if p.title and is_link_label(p.title):
            p.title = ""  # `[View on arXiv](…)` names the link: the title comes from elsewhere
    papers = dedupe_drafts(p for p in draft.papers if p.title.strip() or p.arxiv or p.openreview_id)
    for p in draft.papers:
        if not (p.title.strip() or p.arxiv or p.openreview_id):
            report.skipped.append(Skipped("entry has neither a title nor an id", p.line))
    report.found = len(papers)
    seen_pids: set[int] = set()
    reimport = did if tx.digest(did) is not None else None
    for position, paper_draft in enumerate(papers, 1):
        norm = normalize_title(paper_draft.title)
        pid = index.find(paper_draft, norm, reimport)
        if pid is not None and pid in seen_pids:
            # Two different entries of one digest matched the same paper by title.
            pid = None
        if pid is None:
            pid = tx.new_pid()
            doc = new_paper_doc(paper_draft.title, now, norm)
            doc["key"] = new_key(tx, paper_draft, pid)
            # A digest that gives only an arXiv link: the title comes from `readlist enrich`.
            doc["pending"] = not paper_draft.title.strip() and paper_draft.arxiv is not None
            details: Doc = {}
            merge_paper(doc, details, paper_draft)
            _set_provenance(doc, details, did, paper_draft, position)
            report.new += 1
        else:
            old_doc = tx.paper(pid) or {}
            doc = {**old_doc, "links": dict(old_doc.get("links") or {})}
            details = dict(tx.details(pid) or {})
            changed = merge_paper(doc, details, paper_draft)
            changed |= _set_provenance(doc, details, did, paper_draft, position)
            if not changed:
                _apply_initial_state(tx, pid, paper_draft, legend, now)
                seen_pids.add(pid)
                report.unchanged += 1
                continue
            report.merged += 1
        seen_pids.add(pid)
        tx.put_paper(pid, doc)
        tx.put_details(pid, details, search_text(doc, details))
        _apply_initial_state(tx, pid, paper_draft, legend, now)
    previously = index.by_digest.get(did, set()) if reimport is not None else set()
    if draft.rolling:
        # A feed is a window that moves on: an item gone from it was not withdrawn.
        seen_pids |= previously
    for pid in previously - seen_pids:
        # The digest changed since its last import and no longer lists this paper.
        _drop_provenance(tx, pid, did)
    digest_doc["count"] = len(seen_pids)
    old_digest = tx.digest(did)
    if old_digest is None or any(old_digest.get(k) != v for k, v in digest_doc.items()
                                 if k != "imported_at"):
        tx.put_digest(did, digest_doc)
