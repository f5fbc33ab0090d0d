"""The `--json` output of the commands. Keep it stable: scripts depend on it.

Every command prints one JSON document (two-space indent, UTF-8, non-ASCII as is, values
raw as stored, so untrusted text is JSON-escaped but not otherwise altered):

- `list --json`: an array of paper objects (`readlist.service.records.paper_json`): key,
  title, arxiv_id, arxiv_version, openreview_id, doi, url, pdf_url, links{abstract,pdf,code,
  review}, authors (the full list), date, venue, votes, state, priority, rating (emoji or
  null), tags, notes, triaged, pending, added, updated, digests (names).
- `show --json`: one paper object plus abstract, abstract_translated, summary, categories
  and provenance: [{digest, family, section, subsection, also_in, position, rating, blurb,
  notes, summary, comments}], one entry per digest that lists the paper (also_in: the other
  [section, subsection] places where that digest lists it again).
- `digests --json`: [{name, family, title, date, source, imported_at, papers, read,
  triaged}].
- `stats --json`: {papers, digests, by_state{}, by_priority{}, by_rating[{emoji, name,
  meaning, count}] in legend order, unrated, tags{}, families{}, triaged, with_notes,
  pending}.
- `import --json`: {dry_run, reports[ImportReport.as_json()], errors[{source, message}]}.
- `formats --json`: [{name, description}].
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
                "also_in": [list(place) for place in p.also_in],
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
