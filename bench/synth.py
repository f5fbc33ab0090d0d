"""Synthetic, realistic libraries for benchmarks: papers with abstracts and authors spread
over many digests, plus some user state. Deterministic (seeded), so figures compare."""

from __future__ import annotations

import random
from pathlib import Path

from readlist.ids import ArxivId
from readlist.importers.base import DigestDraft, PaperDraft
from readlist.paths import Home
from readlist.service import Library
from readlist.service.importing import ParsedSource, content_hash

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


def make_paper(rng: random.Random, i: int) -> PaperDraft:
    yymm = f"{24 + i // 1_000_000:02d}{1 + (i // 90_000) % 12:02d}"
    arxiv = ArxivId(f"{yymm}.{i % 90_000 + 10_000:05d}", 1)
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
