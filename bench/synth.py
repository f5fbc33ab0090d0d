"""Synthetic, realistic libraries for benchmarks: papers with abstracts and authors spread
over many digests, plus some user state. Deterministic (seeded), so figures compare."""

from __future__ import annotations

import random
from pathlib import Path

from readlist.ids import ArxivId
from readlist.importers.base import DigestDraft, PaperDraft
from readlist.paths import Home
from readlist.service import Library
from readlist.service.import_report import ParsedSource, content_hash

WORDS = (
    "language model transformer attention diffusion graph neural network learning "
    "reinforcement policy reward vision benchmark dataset scaling law sparse mixture "
    "experts retrieval augmented generation reasoning chain thought alignment preference "
    "optimization quantization inference efficient long context memory agent planning "
    "multimodal speech robot embodied causal uncertainty calibration robustness privacy "
    "federated contrastive representation tokenizer pretraining finetuning evaluation"
).split()
FIRST = "Alice Bo Chen Dmitri Eva Farid Gita Hiro Ines Jun Kofi Lena Mei Noor Omar Priya".split()
LAST = "Smith Wang Tanaka Müller García Kim Singh Rossi Nguyen Ivanova Okafor Silva Sato".split()
SECTIONS = ["LLM", "Vision", "Robotics", "Theory", "Speech", "Systems"]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def arxiv_id(i: int) -> str:
    """The arXiv id of synthetic paper number i (0-based)."""
    yymm = f"{24 + i // 1_000_000:02d}{1 + (i // 90_000) % 12:02d}"
    return f"{yymm}.{i % 90_000 + 10_000:05d}"


def key_of(i: int) -> str:
    """The library key of synthetic paper number i."""
    return arxiv_id(i)


def query_matching(size: int, wanted: int) -> str:
    """A query matching about `wanted` papers of a `size`-paper synthetic library.

    Digests hold 50 papers each and are named digest-00000, digest-00001, ...; the first
    20 digests hold 1,000 papers.
    """
    del size, wanted  # 20 digests x 50 papers, whatever the library size (>= 1,000)
    return "digest:digest-0000 OR digest:digest-0001"


def make_paper(rng: random.Random, i: int) -> PaperDraft:
    arxiv = ArxivId(arxiv_id(i), 1)
    title = _sentence(rng, rng.randint(5, 12)).title()
    authors = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(1, 9))]
    return PaperDraft(
        title=title,
        arxiv=arxiv,
        links={"abstract": f"https://arxiv.org/abs/{arxiv.id}"},
        authors=authors,
        abstract=". ".join(_sentence(rng, 18) for _ in range(8)) + ".",
        date=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        votes=rng.randint(0, 80) if i % 3 == 0 else None,
        section=rng.choice(SECTIONS),
    )


def make_digest(rng: random.Random, start: int, count: int, n: int) -> ParsedSource:
    papers = [make_paper(rng, start + k) for k in range(count)]
    draft = DigestDraft("arxiv-daily", papers, title=f"Daily digest #{n}", date="2024-06-04")
    source = f"/synthetic/digest-{n:05d}.md"
    return ParsedSource(source, f"digest-{n:05d}", content_hash(source), draft)


def build(home: Path, size: int, per_digest: int = 50, batch: int = 200, seed: int = 1) -> Library:
    """Create a library of `size` papers under `home` (no-op if it already holds them)."""
    lib = Library(Home.at(home), durable=False)
    if len(lib.store.papers()) >= size:
        return lib
    rng = random.Random(seed)
    digests = [make_digest(rng, s, min(per_digest, size - s), n)
               for n, s in enumerate(range(0, size, per_digest))]
    for i in range(0, len(digests), batch):
        lib.apply_parsed(digests[i : i + batch])
    pids = lib.query_pids()
    rng.shuffle(pids)
    tenth = max(1, size // 10)
    lib.mark(pids[:tenth], "read")
    lib.rate(pids[tenth : 2 * tenth], "🔴")
    lib.tag(pids[2 * tenth : 2 * tenth + tenth // 2], ["to-read"])
    lib.set_priority(pids[:tenth // 2], "high")
    return lib


def daily_markdown(count: int, *, abstracts: bool = False, seed: int = 7) -> str:
    """A daily-arXiv digest (family 001) listing `count` papers in one category table,
    optionally followed by the abstracts section."""
    rng = random.Random(seed)
    head = ["### LLM", "|Publish Date|Title|Authors|Homepage|Code|",
            "| :---: | :---: | :---: | :---: | :---: |"]
    rows: list[str] = []
    blocks: list[str] = ["", "#### Abstracts"]
    for i in range(count):
        paper = make_paper(rng, 500_000 + i)
        assert paper.arxiv is not None
        ident = f"{paper.arxiv.id}v1"
        code = f"[link](https://github.com/x/repo{i})" if i % 4 == 0 else "null"
        rows.append(f"|**{paper.date}**|**{paper.title}**|{paper.authors[0]} et.al.|"
                    f"[{ident}](http://arxiv.org/abs/{ident})|{code}|")
        if abstracts:
            blocks += [f"##### **{paper.title}**", f"{ident} by {', '.join(paper.authors)}", "",
                       paper.abstract or "", "", "摘要：" + (paper.abstract or "")[:200], ""]
    return "\n".join(head + rows + (blocks if abstracts else [])) + "\n"
