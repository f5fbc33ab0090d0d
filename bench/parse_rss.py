"""How fast the feed importer (family 002) reads feeds, and where the time goes.

    .venv/bin/python bench/parse_rss.py [--items 2000] [--repeat 3]

Feeds: the 002 seed (if present), the seed's items repeated into a big review feed, a
synthetic arXiv RSS listing (the shape of rss.arxiv.org), that listing cut off mid-item
(the damaged path), and a hostile 1 MB title of "<" and "&". Each is timed end to end
(best CPU time of --repeat runs) with the share of each stage; the seed and the listing
also go through feedparser with its defaults (HTML sanitizer on) for comparison. No
network, no files written.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("READLIST_HOME", tempfile.mkdtemp(prefix="readlist-bench-"))

import feedparser

from readlist.importers import feed_xml
from readlist.importers import rss_reviews as rss

SEEDS = Path("/work/shared/seeds")

_ARXIV_ITEM = """    <item>
      <title>{title}</title>
      <link>https://arxiv.org/abs/2406.{num:05d}</link>
      <description>arXiv:2406.{num:05d}v1 Announce Type: {kind}
Abstract: {abstract}</description>
      <guid isPermaLink="false">oai:arXiv.org:2406.{num:05d}v1</guid>
      <category>cs.CL</category>
      <category>cs.LG</category>
      <pubDate>Wed, 05 Jun 2024 00:00:00 -0400</pubDate>
      <arxiv:announce_type>{kind}</arxiv:announce_type>
      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
      <dc:creator>{authors}</dc:creator>
    </item>
"""
_WORDS = ("language model transformer attention diffusion sparse mixture experts retrieval "
          "reasoning alignment preference quantization inference context memory agent "
          "planning multimodal speech robustness $k&lt;n$ bounds &amp; proofs").split()


def arxiv_feed(items: int) -> str:
    """A listing like rss.arxiv.org/rss/cs.CL, with ~1.3 kB abstracts."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:arxiv="http://arxiv.org/schemas/atom" '
             'xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">\n  <channel>\n'
             "    <title>cs.CL updates on arXiv.org</title>\n"
             "    <lastBuildDate>Wed, 05 Jun 2024 00:00:00 -0400</lastBuildDate>\n"]
    for i in range(items):
        words = [_WORDS[(i * 7 + j * 3) % len(_WORDS)] for j in range(190)]
        parts.append(_ARXIV_ITEM.format(
            num=i + 1, kind=("new", "cross", "replace")[i % 3],
            title=" ".join(w.capitalize() for w in words[:9] if "&" not in w),
            abstract=" ".join(words),
            authors=", ".join(f"Author{i}_{k} Name" for k in range(6)),
        ))
    parts.append("  </channel>\n</rss>\n")
    return "".join(parts)


def big_review_feed(seed: str, items: int) -> str | None:
    """The seed's items repeated (with distinct links) until `items` items."""
    found = re.findall(r"<item>.*?</item>", seed, re.DOTALL)
    if not found:
        return None
    body = [re.sub(r"(<link>[^<]*)", rf"\1-{n}", found[n % len(found)], count=1) for n in range(items)]
    head = seed[: seed.index("<item>")]
    return head + "\n".join(body) + "\n    </channel>\n</rss>\n"


def best(fn: Callable[[], object], repeat: int) -> float:
    """Best CPU seconds of `repeat` runs (CPU time: other processes on the box do not count)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def stages(text: str) -> dict[str, float]:
    """CPU seconds per stage of one parse: item scan, expat check, feedparser, the rest."""
    spent: dict[str, float] = {}
    patched = [(feed_xml, "scan", "item scan"), (feed_xml, "xml_error", "expat check"),
               (rss, "_feedparse", "feedparser")]
    originals = [(module, name, getattr(module, name)) for module, name, _ in patched]

    def timed(fn: Callable[..., object], label: str) -> Callable[..., object]:
        def run(*args: object) -> object:
            start = time.process_time()
            try:
                return fn(*args)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - start
        return run

    for (module, name, label), (_, _, fn) in zip(patched, originals, strict=True):
        setattr(module, name, timed(fn, label))
    try:
        start = time.process_time()
        rss.RssReviewsImporter().parse(text)
        total = time.process_time() - start
    finally:
        for module, name, fn in originals:
            setattr(module, name, fn)
    spent["items to drafts"] = total - sum(spent.values())
    return spent


def report(name: str, text: str, repeat: int) -> None:
    importer = rss.RssReviewsImporter()
    draft = importer.parse(text)
    total = best(lambda: importer.parse(text), repeat)
    n = len(draft.papers)
    per = f"{total / n * 1000:.2f} ms/item" if n else "-"
    print(f"{name:<34} {len(text) / 1e6:6.2f} MB {n:5d} items {len(draft.skipped):3d} skipped"
          f"  {total:7.3f} s  {per}")
    print("    " + "  ".join(f"{k} {v:.3f}s" for k, v in stages(text).items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000, help="items in the arXiv listing")
    parser.add_argument("--reviews", type=int, default=200, help="items in the big review feed")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    seeds = sorted(SEEDS.glob("002_*")) if SEEDS.is_dir() else []
    seed = seeds[0].read_text(encoding="utf-8") if seeds else None
    print(f"python {sys.version.split()[0]}, feedparser {feedparser.__version__}")
    if seed is not None:
        data = seed.encode()
        default = best(lambda: feedparser.parse(io.BytesIO(data)), args.repeat)
        ours = best(lambda: rss._feedparse(seed), args.repeat)
        print(f"seed through feedparser: defaults {default:.3f} s, "
              f"sanitize_html/resolve_relative_uris off {ours:.3f} s")
        report("002 seed", seed, args.repeat)
        big = big_review_feed(seed, args.reviews)
        if big:
            report(f"seed items x{args.reviews}", big, args.repeat)
    listing = arxiv_feed(args.items)
    raw = listing.encode()
    default = best(lambda: feedparser.parse(io.BytesIO(raw)), 1)
    ours = best(lambda: rss._feedparse(listing), 1)
    print(f"arXiv listing through feedparser: defaults {default:.3f} s, "
          f"sanitize_html/resolve_relative_uris off {ours:.3f} s")
    report(f"arXiv RSS, {args.items} items", listing, args.repeat)
    cut = listing[: listing.rindex("<item>") + 300]
    report("arXiv RSS, cut mid-item", cut, args.repeat)
    hostile = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>'
               + "<&" * 500_000 + "</title></item></channel></rss>")
    report("hostile 1 MB title of < and &", hostile, 1)
    start = time.perf_counter()
    for _ in range(1000):
        rss.RssReviewsImporter().sniff(listing)
    print(f"sniff on the arXiv listing: {(time.perf_counter() - start) * 1000:.0f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
