"""Paper identity: which drafts and library records are the same paper.

Identity (FORMATS.md): arXiv id (no version) → OpenReview id → DOI → normalised title.
Two ids of the same kind that differ always mean two papers, whatever the titles say.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from readlist.ids import doi_key, normalize_title, openreview_key, title_slug
from readlist.importers.base import PaperDraft
from readlist.store import Transaction

Doc = dict[str, Any]

#: Titles shorter than this (normalised) never merge by title alone: too generic.
MIN_TITLE_MATCH = 8


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
        first.listed_again(draft)
        first.categories.extend(c for c in draft.categories if c not in first.categories)
        first.comments.extend(c for c in draft.comments if c not in first.comments)
        if draft.arxiv and first.arxiv and (draft.arxiv.version or 0) > (first.arxiv.version or 0):
            first.arxiv = draft.arxiv
    return result
