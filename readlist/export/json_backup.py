"""The JSON backup (`readlist export json`): a complete, versioned copy of the library.

Format ``readlist-backup``, version 1 (``BACKUP_VERSION``)::

    {
      "format": "readlist-backup",
      "version": 1,
      "complete": true,            # false: a query's papers only, or a Markdown export
      "digests": [{"id": 3, "record": {name, source, family, title, date, imported_at,
                                        hash, sections, count}}, ...],
      "papers":  [{"id": 7,        # the paper id in the exporting library
                   "record":  {...},   # the catalog record (readlist.service.records)
                   "details": {...},   # authors, abstracts, summaries, digest notes
                   "state":   {...} | null}, ...]
    }

Records are the store's documents verbatim, so a restore into an empty library is exact.
Provenance (``record.prov``, ``details.notes``) refers to digests by their ``id`` in this
file. Optional per-paper key ``edited: true`` (set by the Markdown importer) means the user
changed the state by hand: the restore stamps it with the import time.

The top-level keys come first in a fixed order (so `sniff` finds the format in the first
bytes); every nested object has sorted keys, so the same library gives the same bytes.
`validate_backup` checks the shape before anything is restored (one clear error line).
"""

from __future__ import annotations

from typing import Any

import orjson

from readlist.errors import ImportFailed
from readlist.export.snapshot import Snapshot
from readlist.models import Priority, ReadState

Doc = dict[str, Any]

BACKUP_FORMAT = "readlist-backup"
BACKUP_VERSION = 1


class BackupError(ImportFailed):
    """A backup (JSON file or Markdown export) that cannot be restored."""


def build_backup(snapshot: Snapshot) -> Doc:
    """The backup payload of `snapshot` (every digest when complete, else those used)."""
    dids = sorted(snapshot.digests) if snapshot.complete else snapshot.used_digests()
    return {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "complete": snapshot.complete,
        "digests": [{"id": did, "record": _sorted(snapshot.digests[did])} for did in dids],
        "papers": [
            {
                "id": rec.pid,
                "record": _sorted(rec.doc),
                "details": _sorted(rec.details),
                "state": None if rec.state is None else _sorted(rec.state),
            }
            for rec in sorted(snapshot.papers, key=lambda r: r.pid)
        ],
    }


def dump_backup(payload: Doc) -> str:
    """The payload as JSON text: two-space indent, UTF-8 kept as is, newline-terminated."""
    return orjson.dumps(payload, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()


def export_json(snapshot: Snapshot) -> str:
    """`readlist export json`: the backup of `snapshot` as text."""
    return dump_backup(build_backup(snapshot))


def load_backup(text: str) -> Doc:
    """Parse and validate a JSON backup; BackupError with one clear line otherwise."""
    try:
        payload = orjson.loads(text.encode("utf-8", "surrogatepass"))
    except orjson.JSONDecodeError as exc:
        raise BackupError(f"not a readlist backup: invalid JSON ({exc})") from None
    return validate_backup(payload)


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list | tuple):
        return [_sorted(v) for v in value]
    return value


# -- validation ------------------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check(ok: bool, where: str, what: str) -> None:
    if not ok:
        raise BackupError(f"invalid readlist backup: {where} {what}")


def _optional(doc: Doc, where: str, key: str, kind: type) -> None:
    """doc[key] is absent, null, or of `kind` (booleans are not integers here)."""
    value = doc.get(key)
    if value is None:
        return
    ok = _is_int(value) if kind is int else isinstance(value, kind)
    _check(ok, f"{where}.{key}", "must be " + ("an integer" if kind is int else "a string"))


def _string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def validate_backup(payload: Any) -> Doc:
    """Check that `payload` is a backup this readlist can restore; return it."""
    _check(isinstance(payload, dict), "the file", "is not a JSON object")
    _check(payload.get("format") == BACKUP_FORMAT, "the file",
           f"is not a readlist backup (format is not {BACKUP_FORMAT!r})")
    version = payload.get("version")
    if not _is_int(version) or version < 1:
        raise BackupError(f"invalid readlist backup: unknown version {version!r}")
    if version > BACKUP_VERSION:
        raise BackupError(
            f"this backup has format version {version}, newer than this readlist reads "
            f"({BACKUP_VERSION}): upgrade readlist to import it"
        )
    digests, papers = payload.get("digests", []), payload.get("papers", [])
    _check(isinstance(digests, list), "digests", "must be a list")
    _check(isinstance(papers, list), "papers", "must be a list")
    for i, entry in enumerate(digests):
        where = f"digests[{i}]"
        _check(isinstance(entry, dict), where, "must be an object")
        _check(_is_int(entry.get("id")), f"{where}.id", "must be an integer")
        record = entry.get("record")
        _check(isinstance(record, dict), f"{where}.record", "must be an object")
        _check(isinstance(record.get("name"), str) and bool(record["name"]),
               f"{where}.record.name", "must be a non-empty string")
        for key in ("source", "family", "title", "date", "imported_at", "hash"):
            _optional(record, f"{where}.record", key, str)
    for i, entry in enumerate(papers):
        _validate_paper(entry, f"papers[{i}]")
    checked: Doc = payload
    return checked


def _validate_paper(entry: Any, where: str) -> None:
    _check(isinstance(entry, dict), where, "must be an object")
    _check(entry.get("id") is None or _is_int(entry["id"]), f"{where}.id", "must be an integer")
    record = entry.get("record")
    _check(isinstance(record, dict), f"{where}.record", "must be an object")
    _check(isinstance(record.get("title"), str), f"{where}.record.title", "must be a string")
    for key in ("key", "arxiv_id", "openreview_id", "doi", "venue", "date", "added",
                "first_author"):
        _optional(record, f"{where}.record", key, str)
    for key in ("arxiv_version", "votes", "author_count"):
        _optional(record, f"{where}.record", key, int)
    links = record.get("links") or {}
    _check(isinstance(links, dict) and all(isinstance(v, str) for v in links.values()),
           f"{where}.record.links", "must map link kinds to URLs")
    _check(_string_list(record.get("aliases") or []), f"{where}.record.aliases",
           "must be a list of strings")
    digests = record.get("digests") or []
    _check(isinstance(digests, list) and all(_is_int(d) for d in digests),
           f"{where}.record.digests", "must be a list of digest ids")
    prov = record.get("prov") or []
    _check(isinstance(prov, list) and all(isinstance(p, dict) and _is_int(p.get("digest"))
                                          for p in prov),
           f"{where}.record.prov", "must be a list of objects with a digest id")
    details = entry.get("details") or {}
    _check(isinstance(details, dict), f"{where}.details", "must be an object")
    _check(_string_list(details.get("authors") or []), f"{where}.details.authors",
           "must be a list of strings")
    _check(isinstance(details.get("notes") or {}, dict), f"{where}.details.notes",
           "must be an object")
    state = entry.get("state")
    if state is None:
        return
    _check(isinstance(state, dict), f"{where}.state", "must be an object or null")
    _check(state.get("state", "unread") in {s.value for s in ReadState}, f"{where}.state.state",
           "must be one of " + ", ".join(s.value for s in ReadState))
    _check(state.get("priority", "none") in {p.value for p in Priority},
           f"{where}.state.priority", "must be one of " + ", ".join(p.value for p in Priority))
    _check(_string_list(state.get("tags") or []), f"{where}.state.tags", "must be a list of strings")
    for key in ("rating", "rating_source", "notes", "created", "updated"):
        _optional(state, f"{where}.state", key, str)
