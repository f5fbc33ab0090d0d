"""Parse times of the Markdown importers on large synthetic digests, and a linearity check.

    .venv/bin/python bench/parse_importers.py            # parse only
    .venv/bin/python bench/parse_importers.py --import   # also a full import into a temp library

Budget (see docs): a 10,000-paper digest imports in <= 1.5 s end to end, so parsing a
10,000-row daily arXiv list must take well under 0.7 s. Figures are the best of 3 runs.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from readlist.importers.arxiv_daily import ArxivDailyImporter
from readlist.importers.base import Importer
from readlist.importers.conference_post import ConferencePostImporter
from readlist.importers.generic import GenericImporter
from readlist.importers.hf_daily import HfDailyImporter
from readlist.importers.paper_notes import PaperNotesImporter

WORDS = ("language model transformer attention diffusion graph neural network learning "
         "reinforcement policy reward vision benchmark dataset scaling law sparse mixture "
         "experts retrieval reasoning alignment quantization inference memory agent").split()


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def arxiv_daily(n: int, rng: random.Random) -> str:
    """A daily list like seed 001: one table of n rows, then n abstract blocks."""
    rows, blocks = [], []
    for i in range(n):
        ident = f"2406.{10000 + i:05d}v1"
        title = words(rng, 8).title()
        code = f"[link](https://github.com/u/r{i})" if i % 3 == 0 else "null"
        rows.append(f"|**2024-06-04**|**{title}**|Ann Author et.al.|"
                    f"[{ident}](http://arxiv.org/abs/{ident})|{code}|")
        english = "\n".join(words(rng, 12) for _ in range(8))
        blocks.append(f"##### **{title}**\n{ident} by Ann Author, Bo Writer, Cy Third\n\n"
                      f"{english}\n\n摘要：{'我們研究語言模型。' * 12}\n")
    return ("\n### LLM\n|Publish Date|Title|Authors|Homepage|Code|\n"
            "| :---: | :---: | :---: | :---: | :---: |\n" + "\n".join(rows)
            + "\n\n#### Abstracts\n" + "\n".join(blocks))


def arxiv_table_only(n: int, rng: random.Random) -> str:
    text = arxiv_daily(n, rng)
    return text[: text.index("#### Abstracts")]


def hf_daily(n: int, rng: random.Random) -> str:
    """A Daily Papers digest like seed 004 with n papers."""
    parts = ["## Daily Papers (2024-10-11)\n"]
    for i in range(n):
        ident = f"2410.{10000 + i:05d}"
        parts.append(
            f"### [{words(rng, 8).title()}](https://arxiv.org/abs/{ident})\n\n"
            f"![](https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{ident}.png)\n\n"
            f"Vote: {rng.randint(0, 99)}\n\nAuthors: Ann Author, Bo Writer, Cy Third\n\n"
            f"- **What's New**: {words(rng, 30)}\n- **Technical Details**: {words(rng, 40)}\n"
            f"- **Performance Highlights**: {words(rng, 30)}\n")
    return "\n".join(parts)


def post(n: int, rng: random.Random) -> str:
    parts = ["---\ntitle: big post\ndate: 2024-01-25\n---\n"]
    for i in range(n):
        if i % 100 == 0:
            parts.append(f"\n## Section {i // 100}\n")
        parts.append(f"- [{words(rng, 8).title()}](https://openreview.net/forum?id=A{i:09d}) "
                     f"(spotlight) 🔴\n  - {words(rng, 20)}\n  - 「{words(rng, 5)}」")
    return "\n".join(parts) + "\n"


def paper_notes(n: int, rng: random.Random) -> str:
    notes = []
    for i in range(n):
        sections = "\n\n".join(f"## {k}. {words(rng, 3)}\n\n{words(rng, 60)}" for k in range(1, 9))
        notes.append(f"# {words(rng, 8).title()}\n\n[View Paper](http://arxiv.org/abs/2503.{10000 + i:05d}v1)"
                     f"\n\n{sections}\n\n```python\n# code comment\nx = 1\n```\n")
    return "\n\n---\n\n".join(notes)


def best(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def bench_parse() -> None:
    rng = random.Random(7)
    cases: list[tuple[str, Importer, str, int]] = [
        ("arxiv-daily table only", ArxivDailyImporter(), arxiv_table_only(10_000, rng), 10_000),
        ("arxiv-daily + abstracts", ArxivDailyImporter(), arxiv_daily(10_000, rng), 10_000),
        ("hf-daily", HfDailyImporter(), hf_daily(10_000, rng), 10_000),
        ("post", ConferencePostImporter(), post(10_000, rng), 10_000),
        ("paper-notes (1,000 notes)", PaperNotesImporter(), paper_notes(1_000, rng), 1_000),
    ]
    print(f"{'digest':28} {'size':>9} {'papers':>7} {'sniff':>8} {'parse':>8}")
    for label, importer, text, n in cases:
        draft = importer.parse(text)
        assert len(draft.papers) == n, (label, len(draft.papers))
        sniff = best(lambda importer=importer, text=text: importer.sniff(text))
        parse = best(lambda importer=importer, text=text: importer.parse(text))
        print(f"{label:28} {len(text) / 2**20:7.1f}MB {n:7,} {sniff:7.3f}s {parse:7.3f}s")


HOSTILE: dict[str, Callable[[int], str]] = {
    "[ x n": lambda n: "[" * n,
    "* x n": lambda n: "*" * n,
    "| x n": lambda n: "|" * n,
    "# x n": lambda n: "#" * n,
    "<!-- x n": lambda n: "<!--" * (n // 4),
    "](": lambda n: "](" * (n // 2),
    "table of \\|": lambda n: "|a|\n|-|\n" + "|\\" * (n // 2),
    "nested lists": lambda n: "".join("  " * (i % 40) + "- [x](https://e.com)\n" for i in range(n // 30)),
    "html <a href='": lambda n: "<html><a href='" * (n // 15),
    "html <a x='>'": lambda n: "<html><a x='>'" * (n // 14),
    "html <!--": lambda n: "<html>" + "<!--<a" * (n // 6),
    "abstract runs": lambda n: "##### **T**\n2406.02543v1 by A\n\n" + "- x\n# y\n" * (n // 8),
}


def bench_hostile() -> None:
    """Time on n and 2n characters: a ratio near 2 is linear, near 4 would be quadratic."""
    importers: list[Importer] = [ConferencePostImporter(), ArxivDailyImporter(),
                                 PaperNotesImporter(), HfDailyImporter(), GenericImporter()]
    n = 20_000
    print(f"\nhostile input ({n:,} vs {2 * n:,} chars): worst importer, time and 2n/n ratio")
    for label, make in HOSTILE.items():
        worst = (0.0, 0.0, "")
        for importer in importers:
            def run(text: str, importer: Importer = importer) -> None:
                importer.sniff(text)
                try:
                    importer.parse(text)
                except Exception as exc:  # ParseError expected; anything else is a bug
                    if type(exc).__name__ != "ParseError":
                        raise
            small_text, large_text = make(n), make(2 * n)
            small = best(lambda text=small_text, run=run: run(text), 1)
            large = best(lambda text=large_text, run=run: run(text), 1)
            if large > worst[1]:
                worst = (small, large, importer.name)
        print(f"  {label:14} {worst[2]:12} {worst[1]:6.3f}s  ratio {worst[1] / max(worst[0], 1e-6):4.1f}")


def bench_import() -> None:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as home:
        os.environ["READLIST_HOME"] = home
        from readlist.paths import Home
        from readlist.service import Library

        for label, fmt, text in (("arxiv-daily", "arxiv-daily", arxiv_daily(10_000, rng)),
                                 ("hf-daily", "hf-daily", hf_daily(10_000, rng))):
            library = Library(Home.at(Path(home) / label), durable=False)
            start = time.process_time()
            report = library.import_text(text, source=f"/bench/{label}.md", name=label, fmt=fmt)
            print(f"\nimport {label}: {report.found:,} papers end to end in "
                  f"{time.process_time() - start:.3f}s (parse + service + store)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--import", dest="full", action="store_true",
                        help="also import into a temporary library")
    args = parser.parse_args()
    bench_parse()
    bench_hostile()
    if args.full:
        bench_import()
    return 0


if __name__ == "__main__":
    sys.exit(main())
