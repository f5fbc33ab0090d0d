"""Grouping and ordering of exported papers (`--group-by`), stable and deterministic.

Every paper appears exactly once (so a document imports back without duplicates):

- ``section``: the section of the paper's *first* digest (the first in its `digests`), with
  `###` subsections inside; sections in order of first appearance (digest id, position),
  papers without a section last under "Other papers".
- ``digest``: the paper's first digest, by digest id; papers from no digest last.
- ``rating``: legend order, then ratings outside the legend (by emoji), then "Unrated".
- ``tag``: the paper's first tag (as the user tagged), tags alphabetically, then "Untagged".
- ``state`` / ``priority``: unread, reading, read, skipped / high, medium, low, none.

Inside a group, papers follow their digest order: (first digest id, position in it), then
title (casefolded) and library key as tie-breakers; papers from no digest come last.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from readlist.export.snapshot import PaperRecord, Snapshot
from readlist.models import Legend, Priority, ReadState

GROUP_BY = ("section", "digest", "rating", "tag", "state", "priority")

_LAST = (1, "")


@dataclass
class Group:
    """One `##` heading and its papers, optionally split into `###` subgroups."""

    heading: str
    #: (subheading or None, papers); a None subheading holds papers directly under `##`.
    parts: list[tuple[str | None, list[PaperRecord]]] = field(default_factory=list)

    @property
    def papers(self) -> list[PaperRecord]:
        return [rec for _, recs in self.parts for rec in recs]


def first_provenance(rec: PaperRecord) -> dict[str, Any]:
    """The provenance entry of the paper's first digest ({} when it has none)."""
    digests = rec.doc.get("digests") or []
    if not digests:
        return {}
    for entry in rec.doc.get("prov") or []:
        if entry.get("digest") == digests[0]:
            return dict(entry)
    return {"digest": digests[0]}


def natural_key(rec: PaperRecord) -> tuple[Any, ...]:
    """Digest order with explicit tie-breakers."""
    prov = first_provenance(rec)
    title = str(rec.doc.get("title", "")).casefold()
    key = str(rec.doc.get("key", ""))
    if not prov:
        return (1, 0, 0, title, key, rec.pid)
    return (0, int(prov.get("digest", 0)), int(prov.get("position") or 0), title, key, rec.pid)


def group_papers(snapshot: Snapshot, group_by: str, legend: Legend) -> list[Group]:
    """The exported papers split into ordered groups."""
    if group_by not in GROUP_BY:
        raise ValueError(f"unknown grouping {group_by!r}; use one of {', '.join(GROUP_BY)}")
    papers = sorted(snapshot.papers, key=natural_key)
    if group_by == "section":
        return _by_section(papers)
    keyer, heading = _GROUPERS[group_by](snapshot, legend)
    buckets: dict[Hashable, list[PaperRecord]] = {}
    for rec in papers:
        buckets.setdefault(keyer(rec), []).append(rec)
    return [Group(heading(k), [(None, buckets[k])]) for k in sorted(buckets)]  # type: ignore[type-var]


def _by_section(papers: list[PaperRecord]) -> list[Group]:
    sections: dict[str | None, dict[str | None, list[PaperRecord]]] = {}
    for rec in papers:  # already in natural order: dicts keep first appearance
        prov = first_provenance(rec)
        section = prov.get("section") or None
        subsection = (prov.get("subsection") or None) if section else None
        sections.setdefault(section, {}).setdefault(subsection, []).append(rec)
    ordered: list[str | None] = [s for s in sections if s is not None]
    if None in sections:
        ordered.append(None)
    groups = []
    for section in ordered:
        subs = sections[section]
        names = ([None] if None in subs else []) + [s for s in subs if s is not None]
        groups.append(Group(section or "Other papers", [(s, subs[s]) for s in names]))
    return groups


Grouper = Callable[[Snapshot, Legend], tuple[Callable[[PaperRecord], Hashable],
                                             Callable[[Any], str]]]


def _digest(snapshot: Snapshot, legend: Legend) -> Any:
    def keyer(rec: PaperRecord) -> Hashable:
        digests = rec.doc.get("digests") or []
        return (0, digests[0]) if digests else _LAST

    def heading(key: Any) -> str:
        if key == _LAST:
            return "Papers from no digest"
        doc = snapshot.digests.get(key[1], {})
        name = str(doc.get("name") or f"digest-{key[1]}")
        title = doc.get("title")
        return f"{title} ({name})" if title and title != name else name

    return keyer, heading


def _rating(snapshot: Snapshot, legend: Legend) -> Any:
    def keyer(rec: PaperRecord) -> Hashable:
        rating = (rec.state or {}).get("rating")
        if not rating:
            return (2, 0, "")
        return (0, legend.rank(rating), "") if legend.rank(rating) < len(legend.ratings) else (
            1, 0, str(rating))

    def heading(key: Any) -> str:
        if key[0] == 2:
            return "Unrated"
        if key[0] == 1:
            return str(key[2])
        rating = legend.ratings[key[1]]
        return f"{rating.emoji} {rating.meaning}"

    return keyer, heading


def _tag(snapshot: Snapshot, legend: Legend) -> Any:
    def keyer(rec: PaperRecord) -> Hashable:
        tags = (rec.state or {}).get("tags") or []
        return (0, str(tags[0]).casefold(), str(tags[0])) if tags else (1, "", "")

    def heading(key: Any) -> str:
        return f"#{key[2]}" if key[0] == 0 else "Untagged"

    return keyer, heading


def _state(snapshot: Snapshot, legend: Legend) -> Any:
    order = [s.value for s in ReadState]

    def keyer(rec: PaperRecord) -> Hashable:
        value = (rec.state or {}).get("state", "unread")
        return order.index(value) if value in order else len(order)

    def heading(key: Any) -> str:
        return order[key].capitalize() if key < len(order) else "Other"

    return keyer, heading


def _priority(snapshot: Snapshot, legend: Legend) -> Any:
    def keyer(rec: PaperRecord) -> Hashable:
        value = (rec.state or {}).get("priority", "none")
        return Priority(value).rank if value in {p.value for p in Priority} else 3

    def heading(key: Any) -> str:
        names = {p.rank: p.value for p in Priority}
        return "No priority" if names[key] == "none" else f"{names[key].capitalize()} priority"

    return keyer, heading


_GROUPERS: dict[str, Grouper] = {
    "digest": _digest,
    "rating": _rating,
    "tag": _tag,
    "state": _state,
    "priority": _priority,
}
