"""RSS 2.0 / RSS 1.0 (RDF) / Atom feeds: one paper per item (family 002).

The seed is a blog's feed of paper reviews (CDATA titles, HTML reviews, no arXiv ids);
its siblings include arXiv's own RSS and Atom feeds, whose items carry the arXiv link,
the abstract and the authors. feedparser does the feed parsing; this module makes it safe,
finds the items' lines, and imports only complete items from a damaged feed.

Safety: feed_xml guards, checks and scans the text before feedparser sees it, and every
document handed to feedparser passes its entity guard (see feed_xml for why lexically).

Speed. With its defaults feedparser spends most of its time sanitizing HTML: 0.31 s of
CPU for the 20-item seed, 0.06 s with sanitize_html and resolve_relative_uris off (a
2,000-item arXiv listing: 4.3 s against 2.5 s; bench/parse_rss.py). Both are off, safely:
no feed HTML is ever rendered as HTML. html_text turns it into plain text, dropping
scripts, styles, frames, objects and SVG with their content and every attribute but
href, which it keeps only for http(s)/mailto/ftp and only as visible text; front ends
escape that text (readlist.text). Relative URIs are dropped, so resolving them buys nothing.
"""

from __future__ import annotations

import io
import re
from email.utils import parsedate_to_datetime
from typing import Any

from readlist.ids import ArxivId, parse_arxiv_id, parse_doi, parse_openreview_id
from readlist.importers import feed_xml
from readlist.importers.base import DigestDraft, Importer, PaperDraft, ParseError, Skipped
from readlist.importers.html_text import Block, blurb, plain_text, render
from readlist.importers.markdown_tools import find_date

#: Largest feed parsed (documented in README): feedparser's per-element Python work makes
#: bigger feeds slow and memory-hungry, so they are refused with a clear message instead.
MAX_FEED_CHARS = 16 * 1024 * 1024

_HTML_HINT = re.compile(
    r"</?(?:p|br|a|em|i|b|strong|u|ul|ol|li|div|span|h[1-6]|pre|code|img|sub|sup|blockquote"
    r"|table|tr|td|hr|del|s|figure|section|article)\b[^<>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z]\w*);",
    re.IGNORECASE,
)
_ARXIV_PREFIX = re.compile(
    r"^\s*arXiv:(?P<id>\S+)\s+Announce Type:\s*(?P<type>[\w-]+)\s*(?:Abstract:\s*)?",
    re.IGNORECASE,
)
_ABSTRACT_LABEL = re.compile(r"^\s*Abstract:\s*", re.IGNORECASE)
# Old arXiv RDF titles end in "(arXiv:2305.12345v1 [cs.CL] UPDATED)".
_ARXIV_TITLE_SUFFIX = re.compile(r"\s*\(arXiv:(?P<id>[^\s()]+)\s*(?:\[(?P<cat>[^\]\s]+)\])?[^()]*\)\s*$")
_ANNOUNCE_SECTIONS = {"new": "New submissions", "cross": "Cross-lists",
                      "replace": "Replacements", "replace-cross": "Replacements"}
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

    feed_xml.guard(text)
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


# --- one item -----------------------------------------------------------------------------

_YEAR = re.compile(r"\b\d{4}\b")


def _iso_date(raw: Any) -> str | None:
    """YYYY-MM-DD of a date as the feed wrote it: RFC 822 or a numeric year-month-day.

    feedparser's parsed dates are not used: it completes a partial date with today's month,
    so an import would date the same item differently from one month to the next.
    """
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        day = parsedate_to_datetime(raw.strip()).date()
        written = _YEAR.findall(raw)
        # Python reads year 0001 (Hugo's "no date") as 2001: only the year written counts.
        if not written or str(day.year) in written:
            return day.isoformat()
        return None
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    numeric = find_date(raw)  # ISO 8601, 2024.03.05, 2024/02/27 14:00
    return numeric if numeric is not None and numeric >= "1900" else None  # 0001: no date


def _updated(node: Any) -> Any:
    # A plain dict lookup: feedparser's own get() answers "updated" with "published" (and warns).
    return dict.get(node, "updated")


def _field(mapping: Any, key: str) -> str:
    """A text field of a feedparser dict; "" when missing or not text (a feed with broken
    namespaces can make feedparser return an element's attributes instead of its text)."""
    value = mapping.get(key) if isinstance(mapping, dict) else None
    return value if isinstance(value, str) else ""


def _title_of(node: Any) -> str:
    """A feed's or an item's title as one line of text (HTML titles reduced to text)."""
    return _clean(_field(node, "title"), _field(node.get("title_detail"), "type") or "text/html")


def _text_blocks(value: str, kind: str = "text/html") -> tuple[str, tuple[Block, ...]]:
    """Markdown-ish text of a description: rendered when it is HTML, paragraphs otherwise.

    `kind` is the type the feed declares (Atom `type="text"` is plain text, `<s>` and all).
    """
    if "html" in kind and _HTML_HINT.search(value):
        rendered = render(value)
        return rendered.text, rendered.blocks
    paragraphs = [p for p in (" ".join(p.split()) for p in re.split(r"\n\s*\n", value)) if p]
    return "\n\n".join(paragraphs), tuple(Block("paragraph", p) for p in paragraphs)


def _clean(value: Any, kind: str = "text/html") -> str:
    """A one-line field (title, name): HTML-looking text reduced to its text, spaces collapsed."""
    text = value if isinstance(value, str) else ""
    if "html" in kind and _HTML_HINT.search(text):
        text = plain_text(text)
    return " ".join(text.split())


def _arxiv_of(*candidates: str) -> ArxivId | None:
    """An arXiv id from a URL or an `oai:arXiv.org:` guid; bare numbers are not guessed."""
    for value in candidates:
        value = value.strip()
        if value.lower().startswith("oai:arxiv.org:"):
            value = value[len("oai:arxiv.org:") :]
        elif "://" not in value:
            continue
        found = parse_arxiv_id(value)
        if found:
            return found
    return None


def _authors(entry: Any) -> list[str]:
    """Authors from dc:creator lists ("A, B and C") or repeated Atom <author> elements."""
    names = [a.get("name", "") for a in entry.get("authors") or [] if isinstance(a, dict)]
    if not any(names) and _field(entry, "author"):
        names = [_field(entry, "author")]
    out: list[str] = []
    for name in names:
        name = _clean(name)
        parts = re.split(r"\s*[,;]\s*|\s+and\s+", name) if len(names) == 1 else [name]
        out.extend(p for p in (" ".join(p.split()) for p in parts) if p and p not in out)
    return out


def _arxiv_fields(entry: Any, draft: PaperDraft, arxiv: ArxivId) -> None:
    """What an arXiv feed item says: abstract, authors, categories, version, section."""
    raw = _field(entry, "summary")
    prefix = _ARXIV_PREFIX.match(raw)
    seen = [arxiv]
    if prefix:
        draft.section = _ANNOUNCE_SECTIONS.get(prefix.group("type").lower(), prefix.group("type"))
        seen.append(parse_arxiv_id(prefix.group("id")) or arxiv)
        raw = raw[prefix.end() :]
    abstract, blocks = _text_blocks(_ABSTRACT_LABEL.sub("", raw, count=1))
    suffix = _ARXIV_TITLE_SUFFIX.search(draft.title)
    categories: list[str] = []
    if suffix and (parse_arxiv_id(suffix.group("id")) or arxiv).id == arxiv.id:
        seen.append(parse_arxiv_id(suffix.group("id")) or arxiv)
        # The old RDF feed wrote "Title. (arXiv:...)": the period is the feed's, not the title's.
        draft.title = draft.title[: suffix.start()].strip().removesuffix(".") or draft.title
        if suffix.group("cat"):
            categories.append(suffix.group("cat"))
    version = next((a.version for a in seen if a.id == arxiv.id and a.version), None)
    draft.arxiv = ArxivId(arxiv.id, version)
    draft.abstract = abstract or None
    draft.blurb = blurb(blocks)
    draft.authors = _authors(entry)
    primary = entry.get("arxiv_primary_category")
    if isinstance(primary, dict) and primary.get("term"):
        categories.insert(0, primary["term"])
    categories += [t.get("term", "") for t in entry.get("tags") or [] if isinstance(t, dict)]
    draft.categories = list(dict.fromkeys(c.strip() for c in categories if c and c.strip()))
    draft.doi = parse_doi(_field(entry, "arxiv_doi")) or draft.doi
    draft.links["abstract"] = f"https://arxiv.org/abs/{arxiv.id}"
    for link in entry.get("links") or []:
        if link.get("type") == "application/pdf" or link.get("title") == "pdf":
            draft.links["pdf"] = _field(link, "href")


def _is_arxiv_feed(feed: Any) -> bool:
    """arXiv's own RSS, RDF or API feed (its items are listings, not reviews)."""
    links = [_field(feed, "link"), _field(feed, "id")]
    links += [_field(link, "href") for link in feed.get("links") or [] if isinstance(link, dict)]
    return any("arxiv.org" in link.casefold() for link in links)


def _is_arxiv_listing(entry: Any) -> bool:
    """An item only arXiv writes: an `oai:arXiv.org:` guid, an "Announce Type" abstract,
    a primary category, or the old RDF title suffix "(arXiv:ID [cat])"."""
    return (_field(entry, "id").casefold().startswith("oai:arxiv.org:")
            or bool(_ARXIV_PREFIX.match(_field(entry, "summary")))
            or isinstance(entry.get("arxiv_primary_category"), dict)
            or bool(_ARXIV_TITLE_SUFFIX.search(_field(entry, "title"))))


def _paper(entry: Any, line: int | None, arxiv_feed: bool) -> PaperDraft | Skipped:
    link = _field(entry, "link").strip()
    guid = _field(entry, "id").strip()
    title = _title_of(entry)
    if not title:
        return Skipped("item has no title", line, link or guid or None)
    draft = PaperDraft(title=title, line=line)
    draft.date = _iso_date(entry.get("published")) or _iso_date(_updated(entry))
    arxiv = _arxiv_of(link, guid)
    openreview = next((o for o in map(parse_openreview_id, (link, guid)) if o), None)
    draft.doi = next((d for d in map(parse_doi, (link, guid)) if d), None)
    is_review = bool(link) and not (
        _arxiv_of(link) or parse_openreview_id(link) or parse_doi(link)
    )
    if arxiv and not is_review and (arxiv_feed or _is_arxiv_listing(entry)):
        _arxiv_fields(entry, draft, arxiv)
        return draft
    # A blog item that links the paper itself: its text is still the blogger's review.
    if arxiv:
        draft.arxiv = arxiv
        draft.links["abstract"] = f"https://arxiv.org/abs/{arxiv.id}"
    elif openreview:
        draft.openreview_id = openreview
        draft.links["abstract"] = f"https://openreview.net/forum?id={openreview}"
    elif draft.doi:
        draft.links["abstract"] = f"https://doi.org/{draft.doi}"
    if is_review:
        draft.links["review"] = link
    content = [(_field(c, "value"), _field(c, "type") or "text/html")
               for c in entry.get("content") or [] if isinstance(c, dict)]
    if any(value for value, _ in content):
        notes, blocks = _text_blocks(*max(content, key=lambda c: len(c[0])))
    else:
        kind = _field(entry.get("summary_detail"), "type") or "text/html"
        notes, blocks = _text_blocks(_field(entry, "summary"), kind)
    draft.notes = notes or None
    draft.blurb = blurb(blocks)
    return draft


def _key(draft: PaperDraft) -> str:
    if draft.arxiv:
        return f"arxiv:{draft.arxiv.id}"
    if draft.openreview_id:
        return f"openreview:{draft.openreview_id}"
    if draft.links.get("review"):
        return f"review:{draft.links['review']}"
    return "title:" + " ".join(draft.title.casefold().split())


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
        feed_xml.guard(text)
        root = feed_xml.feed_root(text)
        if isinstance(root, str):
            raise ParseError(f"not an RSS/Atom feed: {root}")
        feed_xml.check_doctype(root)
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
        arxiv_feed = _is_arxiv_feed(feed)
        for entry, line in pairs:
            paper = _paper(entry, line, arxiv_feed)
            if isinstance(paper, Skipped):
                draft.skipped.append(paper)
                continue
            key = _key(paper)
            if key in seen:
                where = f" at line {seen[key]}" if seen[key] else ""
                draft.skipped.append(Skipped(f"duplicate of the item{where}", line, paper.title))
                continue
            seen[key] = line
            draft.papers.append(paper)
            if paper.section and paper.section not in draft.sections:
                draft.sections.append(paper.section)
        draft.skipped.sort(key=lambda s: s.line or 0)
        draft.title = _title_of(feed) or None
        dates = [p.date for p in draft.papers if p.date]
        draft.date = (
            _iso_date(_updated(feed))
            or _iso_date(feed.get("published"))
            or (max(dates) if dates else None)
        )
        if not pairs and not draft.skipped:
            draft.warnings.append("the feed has no items")
