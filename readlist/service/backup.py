"""Restoring readlist's own exports: the JSON backup and the Markdown export, one path.

Both importers turn their file into a backup payload (readlist.export.json_backup);
`Library.apply_parsed` hands it to `restore_backup` inside the import transaction, so the
export never becomes a digest of its own and a failure changes nothing.

Into an **empty** library (no papers, no digests) the restore is exact: paper and digest
ids, keys, aliases, records, details, states and digest records are written as they are in
the payload (import times missing from it, as in a Markdown export, become the import time).

Into a **non-empty** library it merges:

- digests match by content hash (else they are added, renamed `name-2` if the name is
  taken), so re-importing a digest later still finds it;
- papers match with the import identity rules (`PaperIndex`: arXiv → OpenReview → DOI →
  title), or by library key when the titles agree; a match gets the missing fields filled
  (`merge_paper`) and the provenance of both (union); anything else is added;
- user state: the newer one wins as a whole. A state the user acted on (`triaged`) beats
  one only a digest rating created; between two of the same kind, the later `updated`
  wins, and a tie keeps the library's. Nothing the user did more recently is lost.

Payload entries marked `edited` (hand edits in a Markdown export) get `updated` = now.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from readlist.errors import ImportFailed
from readlist.export.json_backup import validate_backup
from readlist.ids import normalize_title
from readlist.importers.base import PaperDraft
from readlist.models import Legend
from readlist.service.identity import PaperIndex, conflicts, new_key
from readlist.service.import_report import ImportReport
from readlist.service.paper_docs import merge_paper, records_draft
from readlist.service.records import default_state, search_text
from readlist.store import Transaction

Doc = dict[str, Any]

#: Details fields a merge fills when the library lacks them (beyond what merge_paper knows).
_EXTRA_DETAILS = ("comment", "journal_ref", "published", "updated")


def restore_backup(
    tx: Transaction, payload: Doc, report: ImportReport, *, legend: Legend, now: str
) -> None:
    """Restore (empty library) or merge (otherwise) a backup payload, filling `report`.

    Raises:
        ImportFailed: the payload is not a backup this readlist can read (nothing is
            written: the transaction is discarded).
    """
    payload = validate_backup(payload)
    exact = next(iter(tx.keys().items()), None) is None and next(tx.iter_digests(), None) is None
    restorer = _Restorer(tx, legend=legend, now=now, exact=exact)
    restorer.digests(payload.get("digests", []))
    papers = payload.get("papers", [])
    report.found = len(papers)
    for entry in papers:
        outcome = restorer.paper(entry)
        setattr(report, outcome, getattr(report, outcome) + 1)
    if not (exact and payload.get("complete")):
        restorer.recount()
    if restorer.dropped:
        report.warnings.append(
            f"{restorer.dropped} provenance entries named digests missing from the backup; "
            "they were left out"
        )


class _Restorer:
    """One restore: the digest id mapping and the papers seen so far."""

    def __init__(self, tx: Transaction, *, legend: Legend, now: str, exact: bool) -> None:
        self.tx = tx
        self.legend = legend
        self.now = now
        self.exact = exact
        self.did_map: dict[int, int] = {}
        self.seen: set[int] = set()
        self.members: dict[int, set[int]] = {}
        self.dropped = 0
        self.index: PaperIndex | None = None if exact else PaperIndex(tx)

    # -- digests ---------------------------------------------------------------------------

    def digests(self, entries: list[Doc]) -> None:
        by_hash = {doc.get("hash"): did for did, doc in self.tx.iter_digests() if doc.get("hash")}
        for entry in entries:
            source_id, record = entry["id"], dict(entry["record"])
            if source_id in self.did_map:
                continue
            if not self.exact and record.get("hash") in by_hash:
                self.did_map[source_id] = by_hash[record["hash"]]
                continue
            if self.exact and source_id >= 1 and self.tx.digest(source_id) is None:
                did = source_id
                self.tx.next_did = max(self.tx.next_did, did + 1)
            else:
                did = self.tx.new_did()
            record["name"] = self._unique_name(record["name"])
            record.setdefault("imported_at", self.now)
            self.tx.put_digest(did, record)
            self.did_map[source_id] = did
            if record.get("hash"):
                by_hash[record["hash"]] = did

    def _unique_name(self, name: str) -> str:
        taken = {doc.get("name") for _, doc in self.tx.iter_digests()}
        candidate, n = name, 1
        while candidate in taken:
            n += 1
            candidate = f"{name}-{n}"
        return candidate

    def recount(self) -> None:
        """Digest paper counts after the merge: papers listing each digest the backup named."""
        base = self.index.by_digest if self.index is not None else {}
        for did in set(self.did_map.values()):
            doc = self.tx.digest(did)
            if doc is None:
                continue
            count = len(base.get(did, set()) | self.members.get(did, set()))
            if doc.get("count") != count:
                self.tx.put_digest(did, {**doc, "count": count})

    # -- papers ----------------------------------------------------------------------------

    def paper(self, entry: Doc) -> str:
        """Restore one payload paper; returns the report counter it adds to."""
        doc = self._remap_record(entry["record"])
        details = self._remap_details(entry.get("details") or {})
        draft = _draft(doc, details)
        norm = normalize_title(doc["title"])
        pid = self._match(draft, doc, norm)
        if pid is None:
            pid = self._add(entry, doc, details, draft, norm)
            outcome = "new"
        else:
            changed = self._merge(pid, doc, details, draft)
            changed |= self._merge_state(pid, self._incoming_state(entry, doc))
            outcome = "merged" if changed else "unchanged"
        self.seen.add(pid)
        for did in (self.tx.paper(pid) or {}).get("digests", ()):
            self.members.setdefault(did, set()).add(pid)
        return outcome

    def _remap_record(self, record: Doc) -> Doc:
        doc = dict(record)
        doc["links"] = dict(doc.get("links") or {})
        prov = []
        for entry in doc.get("prov") or []:
            if entry["digest"] in self.did_map:
                prov.append({**entry, "digest": self.did_map[entry["digest"]]})
            else:
                self.dropped += 1
        doc["prov"] = prov
        doc["digests"] = [self.did_map[d] for d in doc.get("digests") or [] if d in self.did_map]
        return doc

    def _remap_details(self, details: Doc) -> Doc:
        result = dict(details)
        if "notes" in result:
            result["notes"] = {
                str(self.did_map[int(k)]): v for k, v in result["notes"].items()
                if k.isdigit() and int(k) in self.did_map
            }
        return result

    def _match(self, draft: PaperDraft, doc: Doc, norm: str) -> int | None:
        if self.index is None:
            return None
        pid = self.index.find(draft, norm)
        key = doc.get("key")
        if pid is None and key is not None:
            candidate = self.tx.keys().get(key)
            other = self.tx.paper(candidate) if candidate is not None else None
            if other is not None and other.get("title_norm") == norm and not conflicts(other, draft):
                pid = candidate
        # Two entries of one backup are two papers even when their titles match.
        return None if pid in self.seen else pid

    def _add(self, entry: Doc, doc: Doc, details: Doc, draft: PaperDraft, norm: str) -> int:
        source_id = entry.get("id")
        if self.exact and isinstance(source_id, int) and source_id >= 1 and (
            self.tx.paper(source_id) is None
        ):
            pid = source_id
            self.tx.next_pid = max(self.tx.next_pid, pid + 1)
        else:
            pid = self.tx.new_pid()
        doc["title_norm"] = norm
        doc.setdefault("added", self.now)
        doc.setdefault("aliases", [])
        doc.setdefault("pending", False)
        keys = self.tx.keys()
        key = doc.get("key") or new_key(self.tx, draft, pid)
        base, n = key, 1
        while keys.get(key, pid) != pid:
            n += 1
            key = f"{base}-{n}"
        doc["key"] = key
        doc["aliases"] = [a for a in doc["aliases"] if a != key and keys.get(a, pid) == pid]
        authors = details.get("authors") or []
        if authors and "first_author" not in doc:
            doc["first_author"] = authors[0]
            doc["author_count"] = len(authors) if details.get("authors_complete", True) else 0
        doc["has_abstract"] = bool(details.get("abstract"))
        doc["has_summary"] = bool(details.get("summary"))
        self.tx.put_paper(pid, doc)
        self.tx.put_details(pid, details, search_text(doc, details))
        state = self._incoming_state(entry, doc)
        if state is not None:
            self.tx.put_state(pid, state)
        return pid

    def _merge(self, pid: int, incoming: Doc, incoming_details: Doc, draft: PaperDraft) -> bool:
        old = self.tx.paper(pid) or {}
        old_details = self.tx.details(pid) or {}
        doc = {**old, "links": dict(old.get("links") or {})}
        details = dict(old_details)
        merge_paper(doc, details, draft)
        for key in _EXTRA_DETAILS:
            if details.get(key) in (None, "") and incoming_details.get(key) not in (None, ""):
                details[key] = incoming_details[key]
        if incoming.get("pending") is False and doc.get("pending"):
            doc["pending"] = False  # the backup's copy was resolved meanwhile
        have = {p.get("digest") for p in doc.get("prov", [])}
        doc["prov"] = [*doc.get("prov", []),
                       *(p for p in incoming["prov"] if p["digest"] not in have)]
        doc["digests"] = [*doc.get("digests", []),
                          *(d for d in incoming["digests"] if d not in doc.get("digests", []))]
        notes = dict(details.get("notes") or {})
        for did, text in (incoming_details.get("notes") or {}).items():
            notes.setdefault(did, text)
        if notes or "notes" in details:
            details["notes"] = notes
        if doc == old and details == old_details:
            return False
        self.tx.put_paper(pid, doc)
        self.tx.put_details(pid, details, search_text(doc, details))
        return True

    # -- user state ------------------------------------------------------------------------

    def _incoming_state(self, entry: Doc, doc: Doc) -> Doc | None:
        state = entry.get("state")
        if not entry.get("edited"):
            return None if state is None else dict(state)
        result = {**default_state(doc.get("added", self.now)), **(state or {})}
        result["updated"] = self.now
        result["triaged"] = True
        result["created"] = result.get("created") or self.now
        rating = result.get("rating")
        found = self.legend.lookup(rating) if rating else None
        if found is not None:
            result["rating"] = found.emoji
        return result

    def _merge_state(self, pid: int, incoming: Doc | None) -> bool:
        current = self.tx.state(pid)
        if incoming is None or incoming == current:
            return False
        if current is not None and not _newer(incoming, current):
            return False
        self.tx.put_state(pid, incoming)
        return True


def _newer(incoming: Doc, current: Doc) -> bool:
    """True when `incoming` should replace `current` (see the module docstring)."""
    if bool(incoming.get("triaged")) != bool(current.get("triaged")):
        return bool(incoming.get("triaged"))
    return _when(incoming.get("updated")) > _when(current.get("updated"))


def _when(stamp: Any) -> datetime:
    if isinstance(stamp, str):
        try:
            moment = datetime.fromisoformat(stamp)
        except ValueError:
            return datetime.min
        # Naive stamps are taken as UTC, like every stamp readlist writes.
        return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)
    return datetime.min


def _draft(doc: Doc, details: Doc) -> PaperDraft:
    """The backup's paper as an importer draft: identity and mergeable fields."""
    try:
        return records_draft(doc, details)
    except (TypeError, KeyError) as exc:
        raise ImportFailed(f"invalid readlist backup: paper {doc.get('key')!r}: {exc}") from None
