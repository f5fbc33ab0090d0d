"""What every exporter reads: the exported papers' raw records and the library's digests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from readlist.models import Paper

Doc = dict[str, Any]


@dataclass(frozen=True)
class PaperRecord:
    """One paper: its raw records (as the store keeps them) and the joined `Paper`.

    `paper` is built from the same records with details loaded; exporters use it for
    derived values (url, year, typed user state) and the raw documents for everything a
    backup must carry verbatim.
    """

    pid: int
    doc: Doc
    details: Doc
    state: Doc | None
    paper: Paper


@dataclass(frozen=True)
class Snapshot:
    """The papers to export (in library order) and every digest record, by digest id."""

    papers: tuple[PaperRecord, ...]
    digests: dict[int, Doc] = field(default_factory=dict)
    #: True when `papers` is the whole library (no query): a backup then holds every digest.
    complete: bool = True

    def digest_name(self, did: int) -> str:
        return str(self.digests.get(did, {}).get("name", f"digest-{did}"))

    def used_digests(self) -> list[int]:
        """Ids of the digests the exported papers appear in, ascending."""
        used = {did for rec in self.papers for did in rec.doc.get("digests", ())}
        return sorted(did for did in used if did in self.digests)
