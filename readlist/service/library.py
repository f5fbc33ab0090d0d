"""The one API both front ends call: query, triage, import.

The CLI and the TUI hold no business logic: they parse arguments or keys, call a `Library`
method, and render what it returns. Every write goes through a store transaction, so it is
atomic, safe beside other readlist processes, and applied to the freshest data on disk.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from readlist.config import Config, load_config
from readlist.errors import NotFoundError, ReadlistError, UsageError
from readlist.gcpause import gc_paused
from readlist.ids import doi_key, openreview_key, parse_target
from readlist.importers import get_importer
from readlist.libindex import PENDING
from readlist.models import Digest, Legend, Paper, Priority, ReadState
from readlist.paths import Home, resolve_home
from readlist.query import Query, parse
from readlist.query_eval import MatchContext, select
from readlist.service.importing import ImportReport, PaperIndex, ParsedSource, apply_digest
from readlist.service.records import default_state, now_iso, to_digest, to_paper
from readlist.service.sources import SourceError, SourceText, expand, parse_source
from readlist.store import Store

Doc = dict[str, Any]

STATE_ORDER = {s.value: i for i, s in enumerate(ReadState)}


@dataclass
class Change:
    """What one triage action changed: per paper, the previous value of each field touched.

    Returned by every triage method; `Library.undo(change)` puts those values back.
    """

    description: str
    before: dict[int, Doc] = field(default_factory=dict)
    #: Papers whose state record did not exist before (undo removes it again).
    created: set[int] = field(default_factory=set)

    @property
    def count(self) -> int:
        return len(self.before)


@dataclass(frozen=True)
class DigestSummary:
    """A digest with its read progress."""

    digest: Digest
    papers: int
    read: int
    triaged: int


@dataclass(frozen=True)
class Stats:
    papers: int
    digests: int
    by_state: dict[str, int]
    by_priority: dict[str, int]
    by_rating: dict[str, int]
    tags: dict[str, int]
    triaged: int
    with_notes: int
    pending: int
    families: dict[str, int]


@dataclass
class ImportOutcome:
    """Reports of the digests imported, and the sources that could not be read or parsed."""

    reports: list[ImportReport]
    errors: list[SourceError]

    @property
    def ok(self) -> bool:
        return not self.errors


class Library:
    """A readlist library: the store in a home folder, read through the user's config."""

    def __init__(
        self,
        home: Home | None = None,
        *,
        config: Config | None = None,
        durable: bool = True,
    ) -> None:
        self.home = home or resolve_home()
        self.config = config or load_config(self.home.config_file)
        self.store = Store(self.home.library, durable=durable)
        self._row_states: tuple[int, list[Doc]] | None = None

    @property
    def legend(self) -> Legend:
        return self.config.legend

    # -- reading ---------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Reload anything another process committed; True when the library changed."""
        return self.store.refresh()

    def parse_query(self, text: str) -> Query:
        return parse(text, self.legend)

    def digest_docs(self) -> dict[int, Doc]:
        return {int(k): v for k, v in self.store.digests().items()}

    def row_states(self) -> list[Doc]:
        """The state record of each row of the listing index, {} for untouched papers
        (cached per generation; callers must not change the records)."""
        generation = self.store.generation
        if self._row_states is None or self._row_states[0] != generation:
            empty: Doc = {}
            table = self.store.index()
            rows = [empty] * len(table)
            position = table.pos
            for key, state in self.store.states().items():
                i = position.get(int(key))
                if i is not None:
                    rows[i] = state
            self._row_states = (generation, rows)
        return self._row_states[1]

    def match_context(self, query: Query, candidates: set[int] | None = None, *,
                      full_text: bool = True) -> MatchContext:
        """Everything needed to evaluate `query`: columns, full-text hits, and loaders for
        the states and digests (read only when a term needs them).

        With `full_text=False` free words match titles and notes only (a quick first answer
        while the full-text index is searched).
        """
        words = query.words
        hits = None
        if words and full_text:
            found = self.store.search(words, candidates)
            hits = dict(zip(words, found, strict=True))
        return MatchContext(
            table=self.store.index(),
            row_states=self.row_states,
            digests=self.digest_docs,
            text_hits=hits,
        )

    def _query_rows(self, query: Query | str, candidates: Iterable[int] | None = None,
                    full_text: bool = True) -> list[int]:
        """Rows of the listing index matching `query` (in index order)."""
        if isinstance(query, str):
            query = self.parse_query(query)
        table = self.store.index()
        pool = None if candidates is None else set(candidates)
        if pool is None or (len(pool) >= len(table) and pool.issuperset(table.cols["pid"])):
            rows: Sequence[int] = range(len(table))
            pool = None  # every paper: the full-text index needs no candidate list
        else:
            position = table.pos
            rows = sorted(position[p] for p in pool if p in position)
        if query.is_empty:
            return list(rows)
        return select(query, self.match_context(query, pool, full_text=full_text), rows)

    def query_pids(self, query: Query | str = "", candidates: Iterable[int] | None = None,
                   *, full_text: bool = True) -> list[int]:
        """Ids of the papers matching `query` (in index order), optionally among `candidates`
        (`full_text=False`: free words match titles and notes only)."""
        pids = self.store.index().cols["pid"]
        return [pids[i] for i in self._query_rows(query, candidates, full_text)]

    def sort_pids(self, pids: list[int], sort: str | None = None, reverse: bool = False) -> list[int]:
        """Sort paper ids by one of config.SORT_KEYS (stable, deterministic)."""
        table = self.store.index()
        position = table.pos
        rows = self._sort_rows(sorted(position[p] for p in pids if p in position), sort, reverse)
        return [table.cols["pid"][i] for i in rows]

    def _sort_rows(self, rows: list[int], sort: str | None, reverse: bool) -> list[int]:
        sort = sort or self.config.default_sort
        table = self.store.index()
        cols = table.cols
        key: Callable[[int], Any]
        descending = False
        if sort == "added":
            # Newest import first; within one import, the digest's own order.
            added = cols["added"]
            key, descending = (lambda i: added[i]), True
        elif sort == "date":
            dates = cols["date"]
            key, descending = (lambda i: dates[i] or ""), True
        elif sort == "votes":
            votes = cols["votes"]
            key, descending = (lambda i: -1 if votes[i] is None else votes[i]), True
        elif sort == "title":
            key = table.folded_titles().__getitem__
        elif sort in ("priority", "rating", "state"):
            key = self._state_sort_key(sort)
        elif sort == "author":
            authors = cols["author"]

            def key(i: int) -> Any:
                return (authors[i] or "\uffff").casefold()
        elif sort == "digest":
            digests, pos = cols["digests"], cols["pos"]

            def key(i: int) -> Any:
                return (digests[i][0] if digests[i] else 0, pos[i])
        else:
            raise UsageError(f"unknown sort {sort!r}")
        ordered = sorted(rows, key=key, reverse=descending)  # stable: ties keep index order
        return ordered[::-1] if reverse else ordered

    def _state_sort_key(self, sort: str) -> Callable[[int], Any]:
        states = self.row_states()
        if sort == "priority":
            rank = {p.value: p.rank for p in Priority}
            return lambda i: rank[states[i].get("priority", "none")]
        if sort == "rating":
            legend = self.legend
            return lambda i: legend.rank(states[i].get("rating"))
        return lambda i: STATE_ORDER[states[i].get("state", "unread")]

    def ranked_pids(self, query: Query | str = "", *, sort: str | None = None,
                    reverse: bool = False) -> list[int]:
        """Ids of the papers matching `query`, sorted (what `list` and the TUI show)."""
        pids = self.store.index().cols["pid"]
        return [pids[i] for i in self._sort_rows(self._query_rows(query), sort, reverse)]

    def digest_pids(self, did: int, section: str | None = None) -> set[int]:
        """Papers listed by digest `did`; with `section`, only those under that exact
        section or subsection of it."""
        cols = self.store.index().cols
        listed = [pid for pid, dids in zip(cols["pid"], cols["digests"], strict=True)
                  if did in dids]
        if section is None:
            return set(listed)
        return {
            pid for pid, doc in self.store.rows(listed).items()
            if any(p.get("digest") == did and section in (p.get("section"), p.get("subsection"))
                   for p in doc.get("prov", ()))
        }

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
        rows = self._sort_rows(self._query_rows(query), sort, reverse)
        if limit is not None:
            rows = rows[: max(0, limit)]
        pids = self.store.index().cols["pid"]
        return self.papers([pids[i] for i in rows], details=details)

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

    def digests(self) -> list[DigestSummary]:
        """Every digest, oldest import first, with papers / read / triaged counts."""
        totals: Counter[int] = Counter()
        read: Counter[int] = Counter()
        triaged: Counter[int] = Counter()
        states = self.row_states()
        for i, dids in enumerate(self.store.index().cols["digests"]):
            state = states[i] or {}
            is_read = state.get("state") == "read"
            is_triaged = bool(state.get("triaged"))
            for did in dids:
                totals[did] += 1
                read[did] += is_read
                triaged[did] += is_triaged
        return [
            DigestSummary(to_digest(did, doc), totals[did], read[did], triaged[did])
            for did, doc in sorted(self.digest_docs().items())
        ]

    def tag_counts(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for state in self.row_states():
            if state:
                counts.update(state.get("tags", ()))
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def stats(self) -> Stats:
        table = self.store.index()
        by_state: Counter[str] = Counter()
        by_priority: Counter[str] = Counter()
        by_rating: Counter[str] = Counter()
        triaged = notes = 0
        for state in self.row_states():
            state = state or {}
            by_state[state.get("state", "unread")] += 1
            by_priority[state.get("priority", "none")] += 1
            if state.get("rating"):
                by_rating[state["rating"]] += 1
            triaged += bool(state.get("triaged"))
            notes += bool(state.get("notes"))
        pending = sum(1 for f in table.cols["flags"] if f & PENDING)
        digests = self.store.digests()
        families: Counter[str] = Counter(d.get("family", "?") for d in digests.values())
        return Stats(
            papers=len(table),
            digests=len(digests),
            by_state={s.value: by_state[s.value] for s in ReadState},
            by_priority={p.value: by_priority[p.value] for p in Priority},
            by_rating={r.emoji: by_rating[r.emoji] for r in self.legend.ratings},
            tags=self.tag_counts(),
            triaged=triaged,
            with_notes=notes,
            pending=pending,
            families=dict(families),
        )

    # -- triage ----------------------------------------------------------------------------

    def update_states(
        self, pids: Iterable[int], mutate: Callable[[Doc], None], description: str
    ) -> Change:
        """Apply `mutate` to each paper's state under the lock; only real changes count."""
        change = Change(description)
        wanted = list(dict.fromkeys(pids))
        with self.store.transaction() as tx:
            now = now_iso()
            for pid in wanted:
                if not tx.exists(pid):
                    continue  # removed by another process meanwhile
                old = tx.state(pid)
                doc = dict(old) if old is not None else default_state(now)
                doc["tags"] = list(doc.get("tags", []))
                before = dict(doc)
                mutate(doc)
                touched = {k: before.get(k) for k in doc if doc.get(k) != before.get(k)}
                if not touched:
                    continue
                touched.setdefault("updated", before.get("updated"))
                touched.setdefault("triaged", before.get("triaged", False))
                doc["updated"] = now
                doc["triaged"] = True
                change.before[pid] = touched
                if old is None:
                    change.created.add(pid)
                tx.put_state(pid, doc)
        return change

    def mark(self, pids: Iterable[int], state: ReadState | str) -> Change:
        value = _enum(ReadState, state, "state").value

        def mutate(doc: Doc) -> None:
            doc["state"] = value

        return self.update_states(pids, mutate, f"mark {value}")

    def toggle_read(self, pid: int) -> Change:
        """read ↔ unread (any other state becomes read)."""
        current = (self.store.states().get(str(pid)) or {}).get("state", "unread")
        return self.mark([pid], ReadState.UNREAD if current == "read" else ReadState.READ)

    def rate(self, pids: Iterable[int], rating: str | None) -> Change:
        """Set the rating (emoji, legend name, alias, 1-based number) or clear it (None/'none')."""
        emoji = self.rating_emoji(rating)

        def mutate(doc: Doc) -> None:
            if doc.get("rating") != emoji or doc.get("rating_source") != "user":
                doc["rating"] = emoji
                doc["rating_source"] = "user"

        return self.update_states(pids, mutate, f"rate {emoji or 'none'}")

    def rating_emoji(self, rating: str | None) -> str | None:
        if rating is None or rating.strip().casefold() in ("none", "clear", "0", ""):
            return None
        found = self.legend.lookup(rating)
        if found is None:
            names = ", ".join(f"{r.emoji} {r.name}" for r in self.legend.ratings)
            raise UsageError(f"unknown rating {rating!r}; the legend has: {names}, none")
        return found.emoji

    def set_priority(self, pids: Iterable[int], priority: Priority | str) -> Change:
        value = _enum(Priority, priority, "priority").value

        def mutate(doc: Doc) -> None:
            doc["priority"] = value

        return self.update_states(pids, mutate, f"priority {value}")

    def cycle_priority(self, pid: int) -> Change:
        current = Priority((self.store.states().get(str(pid)) or {}).get("priority", "none"))
        return self.set_priority([pid], current.next())

    @staticmethod
    def check_tags(tags: Sequence[str]) -> list[str]:
        """Tags as stored (a leading # dropped); UsageError for a tag with spaces/controls."""
        return [_check_tag(t) for t in tags]

    def tag(self, pids: Iterable[int], tags: Sequence[str]) -> Change:
        clean = self.check_tags(tags)

        def mutate(doc: Doc) -> None:
            for tag in clean:
                if tag not in doc["tags"]:
                    doc["tags"] = [*doc["tags"], tag]

        return self.update_states(pids, mutate, f"tag {' '.join(clean)}")

    def untag(self, pids: Iterable[int], tags: Sequence[str]) -> Change:
        clean = {_check_tag(t) for t in tags}

        def mutate(doc: Doc) -> None:
            doc["tags"] = [t for t in doc["tags"] if t not in clean]

        return self.update_states(pids, mutate, f"untag {' '.join(sorted(clean))}")

    def set_note(self, pid: int, text: str) -> Change:
        body = text.rstrip() + ("\n" if text.strip() else "")
        body = "" if not text.strip() else body

        def mutate(doc: Doc) -> None:
            doc["notes"] = body

        return self.update_states([pid], mutate, "note")

    def undo(self, change: Change) -> Change:
        """Put back what `change` changed (only those fields; later edits to others stay)."""
        redo = Change(f"undo {change.description}")
        with self.store.transaction() as tx:
            for pid, fields in change.before.items():
                current = tx.state(pid)
                if current is None or not tx.exists(pid):
                    continue
                redo.before[pid] = {k: current.get(k) for k in fields}
                restored = {**current, **fields}
                if pid in change.created and _is_default(restored):
                    tx.put_state(pid, None)
                    continue
                tx.put_state(pid, restored)
        return redo

    def remove(self, pids: Iterable[int]) -> int:
        """Delete papers (records, state, notes, provenance). Returns how many were removed."""
        count = 0
        with self.store.transaction() as tx:
            for pid in dict.fromkeys(pids):
                if tx.exists(pid):
                    tx.delete_paper(pid)
                    count += 1
        return count

    # -- import ----------------------------------------------------------------------------

    def import_sources(
        self,
        specs: Sequence[str],
        *,
        fmt: str | None = None,
        dry_run: bool = False,
        fetch: Callable[[str], bytes] | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> ImportOutcome:
        """Read, parse and import files, folders, `-` (stdin) and URLs.

        Sound sources are imported in one transaction; each unreadable or unparsable one
        becomes an error in the outcome and changes nothing.
        """
        if fmt is not None:
            get_importer(fmt)  # an unknown format fails before anything is read
        parsed: list[ParsedSource] = []
        errors: list[SourceError] = []
        with gc_paused():
            self._parse_all(specs, fmt, fetch, progress, parsed, errors)
        reports = self.apply_parsed(parsed, dry_run=dry_run) if parsed else []
        return ImportOutcome(reports, errors)

    def _parse_all(
        self,
        specs: Sequence[str],
        fmt: str | None,
        fetch: Callable[[str], bytes] | None,
        progress: Callable[[str], None] | None,
        parsed: list[ParsedSource],
        errors: list[SourceError],
    ) -> None:
        for spec in specs:
            for item in expand(spec, fetch):
                if isinstance(item, SourceError):
                    errors.append(item)
                    continue
                if progress is not None:
                    progress(item.source)
                try:
                    parsed.append(parse_source(item, fmt))
                except ReadlistError as exc:
                    errors.append(SourceError(item.source, _with_source(item, exc.message)))

    def import_text(
        self, text: str, *, source: str = "<text>", name: str = "text",
        fmt: str | None = None, dry_run: bool = False,
    ) -> ImportReport:
        """Import one digest given as text (the TUI's paste, tests). Raises on a bad digest."""
        parsed = parse_source(SourceText(source, name, text), fmt)
        return self.apply_parsed([parsed], dry_run=dry_run)[0]

    def apply_parsed(self, parsed: Sequence[ParsedSource], *, dry_run: bool = False) -> list[ImportReport]:
        """Write parsed digests into the library in one transaction (or simulate, dry_run)."""
        reports: list[ImportReport] = []
        with gc_paused(), self.store.transaction() as tx:
            index = PaperIndex(tx)
            now = now_iso()
            for item in parsed:
                draft = item.draft
                report = ImportReport(
                    source=item.source, family=draft.family, title=draft.title,
                    skipped=list(draft.skipped), warnings=list(draft.warnings), dry_run=dry_run,
                )
                did, existing = _find_digest(tx, item)
                if existing is not None and existing.get("hash") == item.text_hash:
                    report.already_imported = True
                name = str(existing.get("name", item.name)) if existing else _unique_name(tx, item.name)
                doc: Doc = {
                    "name": name,
                    "source": item.source,
                    "family": draft.family,
                    "title": draft.title,
                    "date": draft.date,
                    "imported_at": existing.get("imported_at", now) if existing else now,
                    "hash": item.text_hash,
                    "sections": list(draft.sections),
                }
                if draft.backup is not None:
                    from readlist.service.backup import restore_backup

                    report.name = "backup"
                    restore_backup(tx, draft.backup, report, legend=self.legend, now=now)
                    reports.append(report)
                    index = PaperIndex(tx)  # the restore may have added any paper
                    continue
                if did is None:
                    did = tx.new_did()
                report.name = name
                report.digest_id = did
                apply_digest(tx, index, draft, report, did=did, digest_doc=doc,
                             legend=self.legend, now=now)
                reports.append(report)
            if dry_run:
                tx.dirty = False  # pending changes live only in the transaction: drop them
        return reports


def _with_source(item: SourceText, message: str) -> str:
    return message if item.source in message else f"{item.source}: {message}"


def _find_digest(tx: Any, item: ParsedSource) -> tuple[int | None, Doc | None]:
    """The digest this source was imported as before: same content, else same source."""
    by_source = None
    for did, doc in tx.iter_digests():
        if doc.get("hash") == item.text_hash:
            return did, doc
        if by_source is None and doc.get("source") == item.source and not item.source.startswith("<"):
            by_source = (did, doc)
    return by_source if by_source is not None else (None, None)


def _unique_name(tx: Any, name: str) -> str:
    taken = {doc.get("name") for _, doc in tx.iter_digests()}
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}-{n}"
    return candidate


def _enum(kind: Any, value: Any, what: str) -> Any:
    if isinstance(value, kind):
        return value
    try:
        return kind(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(m.value for m in kind)
        raise UsageError(f"unknown {what} {value!r}; use one of: {choices}") from None


def _check_tag(tag: str) -> str:
    clean = tag.strip().lstrip("#")
    if not clean or any(ch.isspace() for ch in clean) or any(ord(ch) < 32 for ch in clean):
        raise UsageError(f"invalid tag {tag!r}: tags are single words without spaces")
    return clean


def _is_default(doc: Doc) -> bool:
    """True when a state record holds nothing the user set."""
    return (
        doc.get("state", "unread") == "unread"
        and doc.get("priority", "none") == "none"
        and doc.get("rating") is None
        and not doc.get("tags")
        and not doc.get("notes")
        and not doc.get("triaged")
    )

