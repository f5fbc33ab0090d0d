"""Turning importer drafts into library records: paper identity and merging, in one place.

Identity (FORMATS.md): arXiv id (no version) → OpenReview id → DOI → normalised title.
A paper seen in several digests is one paper with one provenance entry per digest.
Re-importing a digest changes nothing; imported data never overwrites the user's state.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from readlist.ids import ArxivId, doi_key, normalize_title, openreview_key, title_slug
from readlist.importers.base import DigestDraft, PaperDraft, Skipped
from readlist.models import Legend
from readlist.service.records import default_state, search_text
from readlist.store import Transaction

Doc = dict[str, Any]

#: Titles shorter than this (normalised) never merge by title alone: too generic.
MIN_TITLE_MATCH = 8


@dataclass
class ParsedSource:
    """A source read and parsed outside the lock, ready to be applied."""

    source: str
    name: str
    text_hash: str
    draft: DigestDraft


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class ImportReport:
    """What one digest import found and did."""

    source: str
    family: str
    name: str = ""
    title: str | None = None
    found: int = 0
    new: int = 0
    merged: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    digest_id: int | None = None
    dry_run: bool = False
    already_imported: bool = False
    error: str | None = None

    def as_json(self) -> Doc:
        return {
            "source": self.source,
            "family": self.family,
            "digest": self.name,
            "title": self.title,
            "found": self.found,
            "new": self.new,
            "merged": self.merged,
            "unchanged": self.unchanged,
            "skipped": [
                {"reason": s.reason, "line": s.line, "text": s.text} for s in self.skipped
            ],
            "warnings": self.warnings,
            "dry_run": self.dry_run,
            "error": self.error,
        }


class PaperIndex:
    """Lookup of existing papers by every identity, for one import.

    Built from the small key and title indexes (never from every paper record), and kept
    current by the transaction as papers are added or re-keyed.
    """

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx
        self.keys = tx.keys()
        self.titles = tx.titles()
        self._by_digest: dict[int, set[int]] | None = None

    @property
    def by_digest(self) -> dict[int, set[int]]:
        """Digest id → the papers it lists (read from the listing index on first use: only
        re-imports and backups need it)."""
        if self._by_digest is None:
            self._by_digest = {}
            table = self.tx.store.index()
            for pid, dids in zip(table.cols["pid"], table.cols["digests"], strict=True):
                for did in dids:
                    self._by_digest.setdefault(did, set()).add(pid)
        return self._by_digest

    def find(self, draft: PaperDraft, norm: str, digest: int | None = None) -> int | None:
        """The paper `draft` describes, if the library has it (identity order of FORMATS.md).

        A title too short to identify a paper across digests ("DINOv2") still matches the
        paper of that title the same `digest` already lists, so a re-import is idempotent.
        """
        if draft.arxiv and draft.arxiv.id in self.keys:
            return self.keys[draft.arxiv.id]
        candidates: list[int] = []
        if draft.openreview_id:
            candidates.append(self.keys.get(openreview_key(draft.openreview_id)) or 0)
        if draft.doi:
            candidates.append(self.keys.get(doi_key(draft.doi)) or 0)
        if len(norm) >= MIN_TITLE_MATCH:
            candidates.extend(self.titles.get(norm, ()))
        elif digest is not None and norm in self.titles:
            listed = self.by_digest.get(digest, set())
            candidates.extend(pid for pid in self.titles[norm] if pid in listed)
        for pid in candidates:
            doc = self.tx.paper(pid) if pid else None
            if doc is not None and not conflicts(doc, draft):
                return pid
        return None


def conflicts(doc: Doc, draft: PaperDraft) -> bool:
    """A library record and a draft with different ids of the same kind are different papers."""
    pairs = (
        (doc.get("arxiv_id"), draft.arxiv.id if draft.arxiv else None),
        (doc.get("openreview_id"), draft.openreview_id),
        (doc.get("doi"), draft.doi),
    )
    return any(a and b and a != b for a, b in pairs)


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


def new_key(tx: Transaction, draft: PaperDraft, pid: int) -> str:
    """The library key of a new paper: arXiv id, else openreview:/doi:, else a title slug."""
    if draft.arxiv:
        return draft.arxiv.id
    if draft.openreview_id:
        return openreview_key(draft.openreview_id)
    if draft.doi:
        return doi_key(draft.doi)
    base = title_slug(draft.title)
    keys = tx.keys()
    candidate, n = base, 1
    while keys.get(candidate, pid) != pid:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


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
    if not doc.get("title") and draft.title:
        doc["title"] = draft.title
        doc["title_norm"] = normalize_title(draft.title)
        changed = True
    links = dict(doc.get("links") or {})
    for kind, url in draft.links.items():
        changed |= _fill(links, kind, url)
    doc["links"] = links
    changed |= _fill(doc, "venue", draft.venue)
    changed |= _fill(doc, "date", draft.date)
    if draft.votes is not None and (doc.get("votes") is None or doc["votes"] < draft.votes):
        doc["votes"] = draft.votes
        changed = True
    if draft.authors:
        have_complete = details.get("authors_complete", False) and details.get("authors")
        better = not details.get("authors") or (draft.authors_complete and not have_complete)
        if better and details.get("authors") != draft.authors:
            details["authors"] = list(draft.authors)
            details["authors_complete"] = draft.authors_complete
            changed = True
    for key in ("abstract", "abstract_translated", "summary"):
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


def _set_provenance(doc: Doc, details: Doc, did: int, draft: PaperDraft, position: int) -> bool:
    entry = {
        "digest": did,
        "section": draft.section,
        "subsection": draft.subsection,
        "position": position,
        "rating": draft.author_rating,
    }
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


def dedupe_drafts(drafts: Iterable[PaperDraft]) -> list[PaperDraft]:
    """Merge a digest's own repeated entries (a paper listed twice) into one draft each."""
    result: list[PaperDraft] = []
    by_id: dict[str, PaperDraft] = {}
    for draft in drafts:
        ident = (
            (draft.arxiv and "a:" + draft.arxiv.id)
            or (draft.openreview_id and "o:" + draft.openreview_id)
            or (draft.doi and "d:" + draft.doi)
            or "t:" + normalize_title(draft.title)
        )
        first = by_id.get(ident)
        if first is None:
            by_id[ident] = draft
            result.append(draft)
            continue
        for name in ("abstract", "abstract_translated", "summary", "venue", "date",
                     "blurb", "author_rating", "openreview_id", "doi"):
            if getattr(first, name) in (None, "") and getattr(draft, name) not in (None, ""):
                setattr(first, name, getattr(draft, name))
        # Notes are the digest author's words about each listing (a post that lists a paper
        # in two sections, a review in two parts): keep every one.
        if draft.notes and draft.notes != first.notes:
            first.notes = f"{first.notes}\n\n---\n\n{draft.notes}" if first.notes else draft.notes
        # A paper listed on several days of a roll-up: the count only grows, keep the highest.
        if draft.votes is not None and (first.votes is None or draft.votes > first.votes):
            first.votes = draft.votes
        if draft.authors and (not first.authors or (draft.authors_complete and not first.authors_complete)):
            first.authors, first.authors_complete = draft.authors, draft.authors_complete
        for kind, url in draft.links.items():
            first.links.setdefault(kind, url)
        first.categories.extend(c for c in draft.categories if c not in first.categories)
        first.comments.extend(c for c in draft.comments if c not in first.comments)
        if draft.arxiv and first.arxiv and (draft.arxiv.version or 0) > (first.arxiv.version or 0):
            first.arxiv = draft.arxiv
    return result


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
