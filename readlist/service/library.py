"""The one API both front ends call: query, triage, import.

The CLI and the TUI hold no business logic: they parse arguments or keys, call a `Library`
method, and render what it returns. Every write goes through a store transaction, so it is
atomic, safe beside other readlist processes, and applied to the freshest data on disk.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from readlist.errors import NotFoundError, UsageError
from readlist.ids import doi_key, openreview_key, parse_target
from readlist.models import Paper
from readlist.query import Query
from readlist.service.import_ops import Importing
from readlist.service.listing import Listing
from readlist.service.records import to_paper
from readlist.service.summaries import Summaries
from readlist.service.triage import Triage


class Library(Listing, Summaries, Triage, Importing):
    """A readlist library: finding and sorting papers (service.listing), summaries
    (service.summaries), triage (service.triage), import (service.import_ops), and reading
    papers by id or TARGET (here), over the store in a home folder (service.base)."""

    def count(self) -> int:
        """How many papers the library holds."""
        return len(self.store.index())

    def query(
        self,
        query: Query | str = "",
        *,
        sort: str | None = None,
        reverse: bool = False,
        limit: int | None = None,
        details: bool = False,
    ) -> list[Paper]:
        """Papers matching `query`, sorted, at most `limit` of them."""
        rows = self.sort_rows(self._query_rows(query), sort, reverse)
        if limit is not None:
            rows = rows[: max(0, limit)]
        return self.papers(self.pids_of(rows), details=details)

    def papers(self, pids: Sequence[int], *, details: bool = False) -> list[Paper]:
        """Full `Paper` objects for the given ids (reads only the shards they live in)."""
        rows = self.store.rows(pids)
        loaded = self.store.details(pids) if details else {}
        digests = self.digest_docs() if details else None
        result = []
        for pid in pids:
            doc = rows.get(pid)
            if doc is None:
                continue
            result.append(
                to_paper(pid, doc, self.store.state(pid),
                         loaded.get(pid, {}) if details else None, digests)
            )
        return result

    def paper(self, pid: int, *, details: bool = True) -> Paper:
        found = self.papers([pid], details=details)
        if not found:
            raise NotFoundError(f"no paper with id {pid} in the library")
        return found[0]

    def resolve(self, target: str) -> int:
        """The paper a TARGET names: key, arXiv id in any form, OpenReview id, DOI, or URL."""
        text = target.strip()
        if not text:
            raise UsageError("empty TARGET")
        parsed = parse_target(text)
        if parsed.arxiv is not None:
            candidates = [parsed.arxiv.id]
        elif parsed.openreview is not None:
            candidates = [openreview_key(parsed.openreview)]
        elif parsed.doi is not None:
            candidates = [doi_key(parsed.doi)]
        else:
            candidates = [text, f"openreview:{text}"]
        for candidate in candidates:
            pid = self.store.lookup_key(candidate)
            if pid is not None:
                return pid
        if parsed.key is not None:
            if "://" in text:
                for key, doc in self.store.papers().items():
                    if text in (doc.get("links") or {}).values():
                        return int(key)
            else:
                matches = {pid for key, pid in self.store.keys().items() if key.startswith(text)}
                if len(matches) == 1:
                    return matches.pop()
                if len(matches) > 1:
                    raise UsageError(
                        f"{text!r} is ambiguous: it starts {len(matches)} library keys"
                    )
        raise NotFoundError(f"no paper {text!r} in the library")

    def resolve_many(self, targets: Iterable[str]) -> list[int]:
        seen: dict[int, None] = {}
        for target in targets:
            seen[self.resolve(target)] = None
        return list(seen)

