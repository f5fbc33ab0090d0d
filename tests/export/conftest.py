"""Fixtures for export tests: a frozen clock, extra empty libraries, a hostile sample library.

The sample library is built through the service (`Library.apply_parsed` + triage calls)
with the clock frozen, so its records — and therefore every export of it — are the same
on every run (golden files rely on this).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from readlist.ids import parse_arxiv_id
from readlist.importers.base import DigestDraft, PaperDraft
from readlist.paths import Home
from readlist.service import Library
from readlist.service.import_report import ParsedSource, content_hash
from readlist.service.records import paper_json

Doc = dict[str, Any]
SEEDS = Path("/work/shared/seeds")


class Clock:
    """A settable now_iso() for the service."""

    def __init__(self) -> None:
        self.now = "2024-03-01T09:00:00+00:00"

    def __call__(self) -> str:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    frozen = Clock()
    monkeypatch.setattr("readlist.service.triage.now_iso", frozen)
    monkeypatch.setattr("readlist.service.import_ops.now_iso", frozen)
    return frozen


@pytest.fixture
def new_library(tmp_path: Path) -> Iterator[Callable[[], Library]]:
    """A factory of empty libraries, each in its own home."""
    counter = itertools.count(1)

    def make() -> Library:
        return Library(Home.at(tmp_path / f"home-{next(counter)}"), durable=False)

    yield make


def paper(title: str, arxiv: str | None = None, **fields: Any) -> PaperDraft:
    return PaperDraft(title=title, arxiv=parse_arxiv_id(arxiv) if arxiv else None, **fields)


def parsed(family: str, name: str, papers: list[PaperDraft], **fields: Any) -> ParsedSource:
    draft = DigestDraft(family, papers, **fields)
    # The digest's hash is in the golden files: from what the digest lists, not from the
    # draft's repr (which changes whenever PaperDraft gains a field).
    listed = "|".join(f"{p.title}|{p.arxiv}|{p.openreview_id}" for p in papers)
    return ParsedSource(f"/digests/{name}.md", name, content_hash(f"{name}|{listed}"), draft)


HOSTILE_TITLE = "L$^2$M: [Brackets] | *stars* _under_ <b>tag</b> `code` --> {{ liquid }} & &amp; \\ ~x~"
HOSTILE_NOTES = (
    "First line with trailing spaces  \n"
    "\n"
    "- nested\n"
    "  - deeper `code`\n"
    "\n"
    "```python\n"
    "# not a heading\n"
    "print('-->')\n"
    "```\n"
    "<!-- a comment the user wrote -->\n"
    "[x]: https://example.org/reference-definition\n"
    "    indented code\n"
)


def build_sample(library: Library, clock: Clock) -> Library:
    """Two digests, eight papers, every kind of user state, hostile titles and notes."""
    library.apply_parsed([
        parsed("post", "iclr2024", [
            paper(HOSTILE_TITLE, openreview_id="HostIle123", venue="spotlight", section="Architecture",
                  subsection="Overall", author_rating="🔴", notes="- the author's nested note"),
            paper("Simplifying Transformer Blocks", openreview_id="RtDok9eS3s",
                  section="Architecture", subsection="Overall", author_rating="🟣"),
            paper("ReLU Strikes Back", openreview_id="osoWxY8q2E", venue="oral",
                  section="Architecture", subsection="Partial", author_rating="🔵"),
            paper("A Paper Known Only By Its Title", section="Datasets"),
        ], title="ICLR 2024 picks", date="2024-01-25", sections=["Architecture", "Datasets"]),
        parsed("hf-daily", "hf-2024-10-11", [
            paper("Attention Is All You Need", "1706.03762v5", authors=[
                "Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones"],
                votes=42, summary="- **What's New**: attention only", blurb="A classic."),
            paper("Ünïcödé Names and LLaMA-2 Benchmarks 🚀", "2410.08196",
                  authors=["Jürgen Müller", "Łukasz Kaiser", "李 明"], votes=3),
            paper("Simplifying Transformer Blocks", "2311.01906", authors=["Bobby He"]),
            paper("Et Al Paper", "2406.02543v1", authors=["Yasin Abbasi Yadkori"],
                  authors_complete=False, date="2024-06-04", categories=["cs.LG", "LLM"]),
        ], title="Daily Papers", date="2024-10-11"),
    ])
    pids = {p.title: p.pid for p in library.query()}
    clock.now = "2024-03-02T10:00:00+00:00"
    library.mark([pids["Attention Is All You Need"]], "read")
    library.mark([pids["ReLU Strikes Back"]], "reading")
    library.mark([pids["A Paper Known Only By Its Title"]], "skipped")
    library.rate([pids["Attention Is All You Need"]], "objective")
    library.set_priority([pids[HOSTILE_TITLE]], "high")
    library.tag([pids[HOSTILE_TITLE], pids["Attention Is All You Need"]], ["to-read", "a*b_c"])
    clock.now = "2024-03-03T11:30:00+00:00"
    library.set_note(pids[HOSTILE_TITLE], HOSTILE_NOTES)
    library.set_note(pids["Attention Is All You Need"], "Read it twice.\n")
    return library


@pytest.fixture
def sample(library: Library, clock: Clock) -> Library:
    return build_sample(library, clock)


def list_json(library: Library) -> list[Doc]:
    """`readlist list --json` of the whole library without import times, sorted by key."""
    names = {did: str(doc.get("name")) for did, doc in library.digest_docs().items()}
    papers = library.papers(library.query_pids(""), details=True)
    rows = [paper_json(p, names) for p in papers]
    for row in rows:
        row.pop("added")
    return sorted(rows, key=lambda r: str(r["key"]))


def store_dump(library: Library) -> dict[str, Any]:
    """Every record of a library (papers, details, states, digests, keys)."""
    store = library.store
    papers = store.papers()
    pids = [int(k) for k in papers]
    return {
        "papers": papers,
        "details": store.details(pids),
        "states": dict(store.states()),
        "digests": dict(store.digests()),
        "keys": {k: store.keys().get(k) for k in sorted(_all_keys(papers))},
        "next": (store.head.get("next_pid"), store.head.get("next_did")),
    }


def _all_keys(papers: dict[str, Doc]) -> set[str]:
    return {k for doc in papers.values() for k in [doc["key"], *doc.get("aliases", [])]}
