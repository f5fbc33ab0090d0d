"""Library records as the store keeps them, and their conversion to `readlist.models` types.

A paper lives in three documents with the same paper id (pid):

catalog ``papers`` (lean; read by every list and query)::

    key, aliases[], title, title_norm, arxiv_id, arxiv_version, openreview_id, doi,
    links{abstract,pdf,code,review}, first_author, author_count, date, added, venue,
    votes, digests[did], prov[{digest, section, subsection, position, rating}],
    pending, has_abstract, has_summary

shard ``details`` (bulky; read by `show`, exports and enrichment)::

    authors[], authors_complete, abstract, abstract_translated, summary, categories[],
    comment, journal_ref, published, updated, notes{did: {blurb, notes, summary, comments[]}}

``state`` (the user's; absent until the user or a digest rating touches the paper)::

    state, priority, rating, rating_source, tags[], notes, created, updated, triaged
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from readlist.models import Digest, Links, Paper, Provenance, UserState

Doc = dict[str, Any]

LINK_KINDS = ("abstract", "pdf", "code", "review")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_state(created: str | None) -> Doc:
    return UserState(created=created, updated=created).to_doc()


def to_digest(did: int, doc: Doc) -> Digest:
    return Digest(
        id=did,
        name=doc.get("name", f"digest-{did}"),
        source=doc.get("source", ""),
        family=doc.get("family", "?"),
        title=doc.get("title"),
        date=doc.get("date"),
        imported_at=doc.get("imported_at", ""),
        content_hash=doc.get("hash", ""),
        paper_count=int(doc.get("count", 0)),
        sections=tuple(doc.get("sections", ())),
    )


def to_paper(
    pid: int,
    doc: Doc,
    state: Doc | None,
    details: Doc | None = None,
    digests: dict[int, Doc] | None = None,
) -> Paper:
    """Join a paper's records into one `Paper` (with bulky fields when `details` is given)."""
    links = doc.get("links") or {}
    extra: dict[str, Any] = {}
    if details is not None:
        notes = details.get("notes") or {}
        provenance = []
        for entry in doc.get("prov", ()):
            did = int(entry.get("digest", 0))
            digest = (digests or {}).get(did, {})
            text = notes.get(str(did), {})
            provenance.append(
                Provenance(
                    digest_id=did,
                    digest_name=digest.get("name", f"digest-{did}"),
                    family=digest.get("family", "?"),
                    section=entry.get("section"),
                    subsection=entry.get("subsection"),
                    also_in=tuple((s, sub) for s, sub in entry.get("also_in", ())),
                    position=int(entry.get("position", 0)),
                    author_rating=entry.get("rating"),
                    blurb=text.get("blurb"),
                    notes=text.get("notes"),
                    summary=text.get("summary"),
                    comments=tuple(text.get("comments", ())),
                )
            )
        extra = {
            "details_loaded": True,
            "authors": tuple(details.get("authors", ())),
            "abstract": details.get("abstract"),
            "abstract_translated": details.get("abstract_translated"),
            "summary": details.get("summary"),
            "categories": tuple(details.get("categories", ())),
            "comment": details.get("comment"),
            "journal_ref": details.get("journal_ref"),
            "published": details.get("published"),
            "updated": details.get("updated"),
            "provenance": tuple(provenance),
        }
    return Paper(
        pid=pid,
        key=doc["key"],
        title=doc.get("title", ""),
        arxiv_id=doc.get("arxiv_id"),
        arxiv_version=doc.get("arxiv_version"),
        openreview_id=doc.get("openreview_id"),
        doi=doc.get("doi"),
        links=Links(
            abstract=links.get("abstract"),
            pdf=links.get("pdf"),
            code=links.get("code"),
            review=links.get("review"),
        ),
        first_author=doc.get("first_author"),
        author_count=int(doc.get("author_count", 0)),
        date=doc.get("date"),
        added=doc.get("added", ""),
        venue=doc.get("venue"),
        votes=doc.get("votes"),
        digest_ids=tuple(doc.get("digests", ())),
        pending=bool(doc.get("pending", False)),
        user=UserState.from_doc(state),
        **extra,
    )


def search_text(doc: Doc, details: Doc | None) -> str:
    """Everything a free word should find: title, ids, authors, abstracts, summaries, notes."""
    parts: list[str] = [doc.get("title", ""), doc.get("key", "")]
    for field in ("arxiv_id", "openreview_id", "doi", "venue"):
        if doc.get(field):
            parts.append(str(doc[field]))
    if details:
        parts.extend(details.get("authors", ()))
        for field in ("abstract", "abstract_translated", "summary", "comment", "journal_ref"):
            if details.get(field):
                parts.append(details[field])
        parts.extend(details.get("categories", ()))
        for text in (details.get("notes") or {}).values():
            for field in ("blurb", "notes", "summary"):
                if text.get(field):
                    parts.append(text[field])
            parts.extend(text.get("comments", ()))
    return " ".join(parts)


def paper_json(paper: Paper, digest_names: dict[int, str]) -> Doc:
    """The stable JSON object of `readlist list --json` / `show --json` (documented in README)."""
    user = paper.user
    return {
        "key": paper.key,
        "title": paper.title,
        "arxiv_id": paper.arxiv_id,
        "arxiv_version": paper.arxiv_version,
        "openreview_id": paper.openreview_id,
        "doi": paper.doi,
        "url": paper.url,
        "pdf_url": paper.pdf_url,
        "links": {k: getattr(paper.links, k) for k in LINK_KINDS if getattr(paper.links, k)},
        "authors": list(paper.authors) if paper.details_loaded else (
            [paper.first_author] if paper.first_author else []
        ),
        "date": paper.date,
        "venue": paper.venue,
        "votes": paper.votes,
        "state": user.state.value,
        "priority": user.priority.value,
        "rating": user.rating,
        "tags": list(user.tags),
        "notes": user.notes,
        "triaged": user.triaged,
        "pending": paper.pending,
        "added": paper.added,
        "updated": user.updated,
        "digests": [digest_names.get(d, f"digest-{d}") for d in paper.digest_ids],
    }
