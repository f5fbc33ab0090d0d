"""RSS 2.0 / RSS 1.0 (RDF) / Atom feeds: one paper per item (family 002).

The seed is a blog's feed of paper reviews (CDATA titles, HTML reviews, no arXiv ids);
its siblings include arXiv's own RSS and Atom feeds, whose items carry the arXiv link,
the abstract and the authors. feedparser does the feed parsing; this module makes it safe,
finds the items' lines, and imports only complete items from a damaged feed.

A blog's item is a review: its title is the post's, reduced to the paper's title when the
blog decorated it (`[논문 리뷰] …`, `… (NeurIPS 2022)`; review_titles), the post's title kept
in the blurb; the paper's arXiv id is taken from the review when it links that paper
unambiguously (review_links). An arXiv listing's fields are read in feed_entry; the paper
an item is, either way, in feed_paper.

Safety: feed_guard and feed_xml guard, check and scan the text before feedparser sees it,
and every document handed to feedparser passes feed_guard's entity guard (see feed_guard
for why lexically).

Speed. feedparser's defaults spend most of its time sanitizing HTML (the seed: 0.31 s of
CPU, 0.06 s with sanitize_html and resolve_relative_uris off; bench/parse_rss.py). Both
are off, safely: no feed HTML is ever rendered as HTML. html_text turns it into text,
dropping scripts, styles, frames, objects and SVG with their content and every attribute
but href, kept only for http(s)/mailto/ftp and only as visible text; front ends escape
that text (readlist.text). Relative URIs in reviews are dropped; item links are resolved.
"""

from __future__ import annotations

import io
import re
from typing import Any

from readlist.importers import feed_guard, feed_xml
from readlist.importers.base import DigestDraft, Importer, ParseError, Skipped
from readlist.importers.feed_entry import (
    absolute,
    field,
    is_arxiv_feed,
    iso_date,
    review_tagged,
    tags,
    title_of,
    updated,
)
from readlist.importers.feed_paper import item_paper, paper_key
from readlist.importers.html_text import plain_text

#: Largest feed parsed (documented in README): feedparser's per-element Python work makes
#: bigger feeds slow and memory-hungry, so they are refused with a clear message instead.
MAX_FEED_CHARS = 16 * 1024 * 1024

_FEEDPARSER_OPTIONS: dict[str, Any] = {
    "response_headers": {"content-type": "application/xml; charset=utf-8"},
    "sanitize_html": False,
    "resolve_relative_uris": False,
}
_SNIFF_LIMIT = 65536


# --- feedparser, made to read only what the scan found ------------------------------------

def _feedparse(text: str) -> Any:
    """feedparser on bytes (a str would be taken for a URL or path), sanitizer off.

    Every document feedparser sees passes the entity guard here, rebuilt ones included.
    """
    import feedparser  # ~0.1 s to import: only when a feed is actually parsed

    feed_guard.guard(text)
    data = io.BytesIO(text.encode("utf-8", "replace"))
    return feedparser.parse(data, **_FEEDPARSER_OPTIONS)


_PEEK_TITLE = re.compile(r"<title\b[^<>]{0,200}>\s*(?:<!\[CDATA\[)?([^<]{1,300})")


def _peek_title(text: str, span: feed_xml.Span) -> str | None:
    """The start of a broken item's title, to name it in the skip report."""
    found = _PEEK_TITLE.search(text, span.start, min(len(text), span.start + 5000))
    return (plain_text(found.group(1).split("]]>", 1)[0]) or None) if found else None


def _read_items(
    text: str, sk: feed_xml.Skeleton, skipped: list[Skipped], well_formed: bool
) -> tuple[Any, list[tuple[Any, int | None]]]:
    """feedparser's reading of the complete items, each with its line; the rest is skipped.

    A well-formed feed is parsed as it is. Otherwise the feed is rebuilt from its header and
    its complete items (repaired), which is usually well-formed again. If feedparser then
    finds more or fewer items than the scan (an Atom <entry> embedded in an RSS item, tag
    soup), each item is read on its own so that papers and lines still match.
    """
    complete: list[feed_xml.Span] = []
    for span in sk.spans:
        if span.end is None or span.problem:
            reason = span.problem or "item truncated: feed ends inside it"
            skipped.append(Skipped(reason, span.line, _peek_title(text, span)))
        else:
            complete.append(span)
    closers = "".join(f"</{qname}>" for qname, _ in reversed(sk.containers))
    if well_formed and len(complete) == len(sk.spans):
        result = _feedparse(text)
    else:
        header = text[: sk.first_item] if sk.first_item is not None else text
        body = "\n".join(text[s.start : s.end] for s in complete)
        result = _feedparse(feed_xml.repair(header + body + closers))
    entries = list(result.entries)
    if len(entries) == len(complete):
        return result, [(e, s.line) for e, s in zip(entries, complete, strict=True)]
    opening = "".join(tag for _, tag in sk.containers)
    pairs: list[tuple[Any, int | None]] = []
    for span in complete:
        one = _feedparse(feed_xml.repair(opening + text[span.start : span.end] + closers)).entries
        if one:
            pairs.append((one[0], span.line))
        else:
            skipped.append(Skipped("item could not be read", span.line, _peek_title(text, span)))
    return result, pairs


# --- the importer -------------------------------------------------------------------------

_DECLARATION = re.compile(r"<\?xml\s")


def _from_declaration(text: str) -> tuple[str, int, bool]:
    """The feed from its XML declaration on, how many lines came before it, and whether
    they held anything but blanks.

    The declaration must open an XML document, yet servers put blank lines or a PHP notice
    (`<br /><b>Deprecated</b>: ...`) before it: that text is not the feed's.
    """
    found = _DECLARATION.search(text, 0, 16384)
    if found is None or found.start() == 0:
        return text, 0, False
    before = text[: found.start()]
    if "<rss" in before or "<feed" in before or "RDF" in before:
        return text, 0, False  # the declaration is inside the document: the XML checks say so
    return text[found.start() :], before.count("\n"), bool(before.strip())


class RssReviewsImporter(Importer):
    """RSS 2.0, RSS 1.0 (RDF) and Atom feeds; each item is one paper (a review or a listing)."""

    name = "rss"
    description = "RSS/Atom feed of paper reviews, one paper per item"

    def sniff(self, text: str) -> bool:
        """True when the first element after the XML prolog is <rss>, <feed> or <rdf:RDF>."""
        try:
            text, _, _ = _from_declaration(text)
            return isinstance(feed_xml.feed_root(text, _SNIFF_LIMIT), feed_xml.Root)
        except Exception:  # sniffing must never fail an import
            return False

    def parse(self, text: str) -> DigestDraft:
        """Every complete item as a paper; damaged or title-less items are reported as skipped.

        Raises:
            ParseError: not a feed, or a feed refused for safety (entities, external DTD).
        """
        text, cut, junk = _from_declaration(text.removeprefix("\ufeff"))
        if not text.strip():
            raise ParseError("not an RSS/Atom feed: the document is empty")
        if len(text) > MAX_FEED_CHARS:
            raise ParseError(
                f"the feed is {len(text) / 2**20:.0f} MiB; readlist reads feeds up to "
                f"{MAX_FEED_CHARS // 2**20} MiB (feedparser needs ~0.5 s and ~10x the size "
                "in memory per MiB)"
            )
        feed_guard.guard(text)
        root = feed_xml.feed_root(text)
        if isinstance(root, str):
            raise ParseError(f"not an RSS/Atom feed: {root}")
        feed_guard.check_doctype(root)
        skeleton = feed_xml.scan(text, root)
        problem = feed_xml.xml_error(text)
        draft = DigestDraft(family=self.name, papers=[], rolling=True)
        if problem is not None:
            draft.warnings.append(f"the feed is not well-formed XML ({problem}); "
                                  "imported its complete items only")
        result, pairs = _read_items(text, skeleton, draft.skipped, well_formed=problem is None)
        self._fill(draft, result.feed, pairs)
        if cut:  # lines are the file's, not the feed's
            for paper in draft.papers:
                paper.line = paper.line + cut if paper.line else None
            for skip in draft.skipped:
                skip.line = skip.line + cut if skip.line else None
            if junk:
                draft.warnings.append(f"ignored the text on the {cut} line(s) before the XML "
                                      "declaration (not part of the feed)")
        return draft

    def _fill(self, draft: DigestDraft, feed: Any, pairs: list[tuple[Any, int | None]]) -> None:
        seen: dict[str, int | None] = {}
        arxiv_feed = is_arxiv_feed(feed)
        # Every category a review is filed under (review_tagged); a post sharing none is no review.
        topics = {t.casefold() for e, _ in pairs if not arxiv_feed and review_tagged(e) for t in tags(e)}
        for entry, line in pairs:
            entry["link"] = absolute(field(entry, "link"), field(feed, "link"))
            paper = item_paper(entry, line, arxiv_feed, topics)
            if isinstance(paper, Skipped):
                draft.skipped.append(paper)
                continue
            key = paper_key(paper)
            if key in seen:
                where = f" at line {seen[key]}" if seen[key] else ""
                draft.skipped.append(Skipped(f"duplicate of the item{where}", line, paper.title))
                continue
            seen[key] = line
            draft.papers.append(paper)
            if paper.section and paper.section not in draft.sections:
                draft.sections.append(paper.section)
        draft.skipped.sort(key=lambda s: s.line or 0)
        draft.title = title_of(feed) or None
        dates = [p.date for p in draft.papers if p.date]
        draft.date = (
            iso_date(updated(feed))
            or iso_date(feed.get("published"))
            or (max(dates) if dates else None)
        )
        if not pairs and not draft.skipped:
            draft.warnings.append("the feed has no items")
