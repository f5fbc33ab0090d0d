"""What the arXiv client keeps between runs, in the cache folder: answers and the request clock.

`AnswerCache` keeps each paper's entry and each title search for a day, so a repeated `add`,
`enrich` or `resolve` does not ask arXiv again. `RateLimiter` spaces requests at least
`interval` seconds apart, across processes too (a stamp file), because arXiv's terms ask
for one request every three seconds and block clients that ignore it.

Both are best effort: an unreadable or unwritable cache is a cache miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import orjson

from readlist.atom import ArxivEntry
from readlist.storage import atomic_write_bytes

DAY = 24 * 3600.0


class AnswerCache:
    """API answers on disk for `ttl` seconds: one file per paper, one per title search."""

    def __init__(self, root: Path, *, ttl: float = DAY, clock: Callable[[], float] = time.time) -> None:
        self.root = root
        self.ttl = ttl
        self.clock = clock

    def _id_path(self, arxiv_id: str) -> Path:
        return self.root / "ids" / (arxiv_id.replace("/", "_") + ".json")

    def _search_path(self, query: str) -> Path:
        digest = hashlib.sha256(query.encode("utf-8")).hexdigest()[:32]
        return self.root / "search" / f"{digest}.json"

    def _load(self, path: Path) -> dict[str, object] | None:
        try:
            doc = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        if not isinstance(doc, dict):
            return None
        at = doc.get("at")
        if not isinstance(at, int | float) or not 0 <= self.clock() - at < self.ttl:
            return None
        return doc

    def _save(self, path: Path, doc: dict[str, object]) -> None:
        with contextlib.suppress(OSError):
            atomic_write_bytes(path, orjson.dumps({"at": self.clock(), **doc}), durable=False)

    def entry(self, arxiv_id: str) -> ArxivEntry | None:
        """The cached entry of a paper (canonical id), or None."""
        doc = self._load(self._id_path(arxiv_id))
        raw = doc.get("entry") if doc else None
        found = ArxivEntry.from_doc(raw) if isinstance(raw, dict) else None
        return found if found is not None and found.arxiv.id == arxiv_id else None

    def put_entries(self, entries: Iterable[ArxivEntry]) -> None:
        for entry in entries:
            self._save(self._id_path(entry.arxiv.id), {"entry": entry.to_doc()})

    def search(self, query: str) -> list[ArxivEntry] | None:
        """The cached result of a search query, or None."""
        doc = self._load(self._search_path(query))
        raw = doc.get("entries") if doc and doc.get("query") == query else None
        if not isinstance(raw, list):
            return None
        entries = [ArxivEntry.from_doc(d) for d in raw if isinstance(d, dict)]
        return [e for e in entries if e is not None]

    def put_search(self, query: str, entries: Iterable[ArxivEntry]) -> None:
        self._save(self._search_path(query), {"query": query, "entries": [e.to_doc() for e in entries]})


class RateLimiter:
    """Keeps requests at least `interval` seconds apart.

    With a `stamp` file, the time of the last request is shared by every readlist process,
    so `readlist add X` run in a shell loop still respects the interval. `clock` and `sleep`
    are injectable so tests need not wait.
    """

    def __init__(
        self,
        interval: float,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        stamp: Path | None = None,
    ) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self.stamp = stamp
        self.last: float | None = None

    def _last_seen(self) -> float | None:
        last = self.last
        if self.stamp is not None:
            try:
                other = float(self.stamp.read_text(encoding="ascii"))
            except (OSError, ValueError):
                other = None
            if other is not None and (last is None or other > last):
                last = other
        return last

    def wait(self) -> None:
        """Sleep until the next request may start, then record that it starts now."""
        last = self._last_seen()
        if last is not None:
            # min(): a wall clock set back must not stall readlist for hours.
            delay = min(self.interval, last + self.interval - self.clock())
            if delay > 0:
                self.sleep(delay)
        self.mark()

    def mark(self) -> None:
        """Record a request as of now (called again when its answer has arrived, so the
        interval also holds between the end of one request and the start of the next)."""
        self.last = self.clock()
        if self.stamp is not None:
            with contextlib.suppress(OSError):
                atomic_write_bytes(self.stamp, repr(self.last).encode("ascii"), durable=False)
