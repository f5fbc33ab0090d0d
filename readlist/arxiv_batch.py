"""Fetching papers by id from the arXiv API: cache first, then batches of ids per request.

No httpx here: `fetch_ids` is given the client's one-call function (`ArxivClient.query`),
so the bookkeeping (duplicates, cache hits, ids arXiv refused or does not have, what is left
after an outage) is plain code over parsed feeds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from readlist.arxiv_cache import AnswerCache
from readlist.arxiv_policy import ArxivUnavailable
from readlist.atom import ArxivEntry, Feed
from readlist.ids import ArxivId, parse_arxiv_id

#: One API call with these query parameters (raises `ArxivUnavailable` on a transient failure).
Query = Callable[[Mapping[str, str]], Feed]


@dataclass
class FetchResult:
    """What fetching a list of ids gave, per canonical id."""

    found: dict[str, ArxivEntry] = field(default_factory=dict)
    #: Well-formed ids arXiv has no paper for.
    missing: list[str] = field(default_factory=list)
    #: Ids the API refused (its Error entry), with its message.
    rejected: dict[str, str] = field(default_factory=dict)
    #: Ids not fetched because of a transient failure, with its message.
    failed: dict[str, str] = field(default_factory=dict)
    #: The transient failure, when there was one (the run stopped asking after it).
    outage: ArxivUnavailable | None = None
    cached: int = 0


def fetch_ids(query: Query, ids: Iterable[ArxivId | str], *, cache: AnswerCache | None,
              batch_size: int) -> FetchResult:
    """Metadata for papers by id (canonical, no version): cache first, then `batch_size` per call.

    Never raises for a network problem: after a transient failure the ids not yet
    fetched are listed in `failed` and no further call is made.
    """
    result = FetchResult()
    todo: list[str] = []
    for item in ids:
        ident = item.id if isinstance(item, ArxivId) else item
        if ident in result.found or ident in todo:
            continue
        cached = cache.entry(ident) if cache else None
        if cached is not None:
            result.found[ident] = cached
            result.cached += 1
        else:
            todo.append(ident)
    for batch in _chunks(todo, batch_size):
        if result.outage is not None:
            result.failed.update(dict.fromkeys(batch, result.outage.message))
        else:
            _fetch_batch(query, batch, result, cache)
    return result


def _fetch_batch(query: Query, batch: list[str], result: FetchResult, cache: AnswerCache | None) -> None:
    asked = list(batch)
    while asked:
        try:
            feed = query({"id_list": ",".join(asked), "start": "0", "max_results": str(len(asked))})
        except ArxivUnavailable as exc:
            result.outage = exc
            result.failed.update(dict.fromkeys(asked, exc.message))
            return
        got = [e for e in feed.entries if e.arxiv.id in asked and e.arxiv.id not in result.found]
        for entry in got:
            result.found[entry.arxiv.id] = entry
            asked.remove(entry.arxiv.id)
        if cache:
            cache.put_entries(got)
        if feed.errors:
            named = {_canonical(e.subject): e.message for e in feed.errors if e.subject}
            hit = [i for i in asked if i in named]
            if not hit:  # an error naming no id we sent: the whole request was refused
                result.rejected.update(dict.fromkeys(asked, feed.errors[0].message))
                return
            for ident in hit:  # one bad id spoils the request: drop it, ask again
                result.rejected[ident] = named[ident]
                asked.remove(ident)
            continue
        if feed.truncated:
            result.failed.update(dict.fromkeys(asked, "arXiv API answer was cut off (truncated feed)"))
        else:
            result.missing.extend(asked)
        return


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _canonical(ident: str | None) -> str:
    parsed = parse_arxiv_id(ident or "")
    return parsed.id if parsed else (ident or "")
