"""The `--json` objects of the commands (documented in README; keep them stable).

`list --json` prints `records.paper_json` objects; `show --json` adds the bulky fields and
the provenance. Values are the library's raw text: JSON escaping keeps them safe.
"""

from __future__ import annotations

from typing import Any

from readlist.models import Legend, Paper
from readlist.service import DigestSummary, ImportOutcome, Stats
from readlist.service.records import paper_json

Doc = dict[str, Any]


def paper_detail_json(paper: Paper, names: dict[int, str]) -> Doc:
    """`show --json`: paper_json plus abstract, translation, summary, categories, provenance."""
    doc = paper_json(paper, names)
    doc.update(
        abstract=paper.abstract,
        abstract_translated=paper.abstract_translated,
        summary=paper.summary,
        categories=list(paper.categories),
        provenance=[
            {
                "digest": p.digest_name,
                "family": p.family,
                "section": p.section,
                "subsection": p.subsection,
                "position": p.position,
                "rating": p.author_rating,
                "blurb": p.blurb,
                "notes": p.notes,
                "summary": p.summary,
                "comments": list(p.comments),
            }
            for p in paper.provenance
        ],
    )
    return doc


def digest_json(summary: DigestSummary) -> Doc:
    d = summary.digest
    return {
        "name": d.name,
        "family": d.family,
        "title": d.title,
        "date": d.date,
        "source": d.source,
        "imported_at": d.imported_at,
        "papers": summary.papers,
        "read": summary.read,
        "triaged": summary.triaged,
    }


def stats_json(stats: Stats, legend: Legend) -> Doc:
    return {
        "papers": stats.papers,
        "digests": stats.digests,
        "by_state": stats.by_state,
        "by_priority": stats.by_priority,
        "by_rating": [
            {"emoji": r.emoji, "name": r.name, "meaning": r.meaning,
             "count": stats.by_rating.get(r.emoji, 0)}
            for r in legend.ratings
        ],
        "unrated": stats.papers - sum(stats.by_rating.values()),
        "tags": stats.tags,
        "families": stats.families,
        "triaged": stats.triaged,
        "with_notes": stats.with_notes,
        "pending": stats.pending,
    }


def import_json(outcome: ImportOutcome, dry_run: bool) -> Doc:
    return {
        "dry_run": dry_run,
        "reports": [r.as_json() for r in outcome.reports],
        "errors": [{"source": e.source, "message": e.message} for e in outcome.errors],
    }
