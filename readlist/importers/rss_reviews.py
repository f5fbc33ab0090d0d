"""RSS 2.0 / RSS 1.0 (RDF) / Atom feeds: one paper per item (family 002).

The seed is a blog's feed of paper reviews (CDATA titles, HTML reviews, no arXiv ids);
its siblings include arXiv's own RSS and Atom feeds, whose items carry the arXiv link,
the abstract and the authors. feedparser does the feed parsing; this module makes it safe,
finds the items' lines, and imports only complete items from a damaged feed.

Safety. What this Python does on its own, measured (feedparser 6.0, expat 2.5.0):
  * feedparser.parse(str) treats a string as a URL or file name: we only pass bytes.
  * expat >= 2.4 stops billion-laughs expansion, and feedparser turns off external
    general entities. But feedparser strips the DOCTYPE with regexes and re-declares every
    entity whose value has no "&" — even one written inside a comment, which expat (and a
    defusedxml pre-scan) never sees. When the strict parse fails, its lenient fallback
    parser expands those entities with no limit: a 100 kB feed declaring one 50 kB entity
    used 2,000 times yields a 100 MB title (2 s, 300 MB).
So the guard is lexical and stands in front of every parser: "<!ENTITY" anywhere, in
any case, is refused, in the text and again in every document rebuilt from it for
feedparser. No parser here can declare an entity without that text (parameter entities
need it too; external DTDs are never loaded), so nothing a document declares is ever
expanded, whatever the parsers' regexes think is a comment. DTD internal subsets and
external DTDs are refused as well (only the inert Netscape RSS 0.91 public identifier
passes). Then an expat pass with the handlers defusedxml installs (entity declarations
and external references raise) checks well-formedness and finds the exact error line: a
second net, not the first. Repairs of damaged feeds only ever turn markup into text.
Nothing is ever fetched. The cost: a feed whose CDATA holds the literal text "<!ENTITY"
is refused too.

Speed. With its defaults feedparser spends most of its time sanitizing HTML: 0.31 s of
CPU for the 20-item seed, 0.06 s with sanitize_html and resolve_relative_uris off (a
2,000-item arXiv listing: 4.3 s against 2.5 s; bench/parse_rss.py). Both are off, safely:
no feed HTML is ever rendered as HTML. html_text turns it into plain text, dropping
scripts, styles, frames, objects and SVG with their content and every attribute but
href, which it keeps only for http(s)/mailto/ftp and only as visible text; front ends
escape that text (readlist.text). Relative URIs are dropped, so resolving them buys nothing.
"""

from __future__ import annotations

import html.entities
import io
import re
import xml.parsers.expat
from dataclasses import dataclass, field
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser
from defusedxml import EntitiesForbidden, ExternalReferenceForbidden

from readlist.ids import ArxivId, parse_arxiv_id, parse_doi, parse_openreview_id
from readlist.importers.base import DigestDraft, Importer, PaperDraft, ParseError, Skipped
from readlist.importers.html_text import Block, blurb, plain_text, render

_XML_NAME = re.compile(r"[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?")
_TAG_REST = re.compile(r"""(?:[^<>"']|"[^"<]*"|'[^'<]*')*+""")
_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)
_WS = re.compile(r"\s*")
_SUBSET_END = re.compile(r"\]\s*>")
_DOCTYPE = re.compile(r"<!DOCTYPE\s+[^\s>\[]+\s*([^>\[]*)([>\[]?)", re.IGNORECASE)
_NETSCAPE_091 = "-//Netscape Communications//DTD RSS 0.91//EN"
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
_MARKUP = re.compile(r"<(?:!\[CDATA\[|!--|\?|!|/?(?=[A-Za-z_]))")
_SKIPPED = {"<![CDATA[": ("]]>", "a CDATA section"), "<!--": ("-->", "a comment"),
            "<?": ("?>", "a processing instruction"), "<!": (">", "a declaration")}


@dataclass
class _Root:
    name: str
    start: int
    tag: str
    doctype: str | None = None
    #: The DOCTYPE has an internal subset ("[...]"): refused, as it is where entities live.
    subset: bool = False


@dataclass
class _Span:
    """One item element as found lexically: where it starts and, if it does, ends."""

    start: int
    line: int
    qname: str
    end: int | None = None
    problem: str | None = None


@dataclass
class _Skeleton:
    spans: list[_Span] = field(default_factory=list)
    #: Start tags of the elements around the first item (root first), to rebuild a feed.
    containers: list[tuple[str, str]] = field(default_factory=list)
    first_item: int | None = None


# --- safety and recognition -------------------------------------------------------------

def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _guard(text: str) -> None:
    """Refuse entity declarations anywhere (see the module docstring for why lexically)."""
    found = _ENTITY_DECL.search(text)
    if found:
        raise ParseError(
            f"refusing feed: it declares XML entities (line {_line_of(text, found.start())}); "
            "entity declarations are blocked against entity-expansion and external-entity attacks"
        )


def _prolog(text: str, limit: int | None = None) -> _Root | str:
    """The root element after the XML declaration, comments, PIs and DOCTYPE, or why not."""
    end = len(text) if limit is None else min(len(text), limit)
    pos = 1 if text.startswith("\ufeff") else 0
    doctype: str | None = None
    subset = False
    while True:
        pos = _WS.match(text, pos, end).end()  # type: ignore[union-attr]
        if pos >= end:
            return "no XML root element"
        for opener, closer in (("<?", "?>"), ("<!--", "-->")):
            if text.startswith(opener, pos):
                close = text.find(closer, pos + len(opener), end)
                if close < 0:
                    return "the XML prolog never ends"
                pos = close + len(closer)
                break
        else:
            declared = _DOCTYPE.match(text, pos, end)
            if declared:
                doctype = " ".join(declared.group(1).split())
                subset = subset or declared.group(2) == "["
                after = _SUBSET_END.search(text, declared.end(), end) if subset else declared
                if after is None or not after.group().endswith(">"):
                    return "the XML prolog never ends"
                pos = after.end()
                continue
            name = _XML_NAME.match(text, pos + 1, end) if text.startswith("<", pos) else None
            if name is None:
                return "it does not start with an XML element"
            rest = _TAG_REST.match(text, name.end(), end)
            tag = text[pos : rest.end() + 1] if rest else text[pos : name.end()]
            return _Root(name.group(), pos, tag, doctype, subset)


def _feed_root(text: str, limit: int | None = None) -> _Root | str:
    root = _prolog(text, limit)
    if isinstance(root, str):
        return root
    local = root.name.rpartition(":")[2]
    tag = root.tag.lower()
    if local == "rss" or local == "feed" or (local == "RDF" and ("rss" in tag or "rdf/simple" in tag)):
        return root
    return f"its root element is <{root.name}>"


def _check_doctype(root: _Root) -> None:
    if root.subset:
        raise ParseError("refusing feed: its DOCTYPE has an internal DTD subset; "
                         "DTDs are blocked against entity-expansion and external-entity attacks")
    if not root.doctype:
        return
    public = re.match(r'PUBLIC\s+["\']([^"\']*)["\']', root.doctype, re.IGNORECASE)
    if public and public.group(1) == _NETSCAPE_091:
        return  # RSS 0.91's DTD: never fetched by anything here, and declares no entities
    raise ParseError(
        f"refusing feed: its DOCTYPE names an external DTD ({root.doctype[:80]}); "
        "readlist never loads external resources"
    )


def _xml_error(text: str) -> str | None:
    """Where the text stops being well-formed XML, as "line L, column C: why"; None if it is."""

    def refuse_entity(name: str, *args: Any) -> None:
        raise EntitiesForbidden(name, None, None, None, None, None)

    def refuse_external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> int:
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_external
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError as exc:
        return f"line {exc.lineno}, column {exc.offset + 1}: {xml.parsers.expat.errors.messages[exc.code]}"
    except (EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise ParseError(f"refusing feed: {exc}") from None
    return None


# --- items, found lexically ---------------------------------------------------------------

def _scan(text: str, root: _Root) -> _Skeleton:
    """Find every item element, complete or not, in linear time (CDATA/comments skipped)."""
    items = {"entry"} if root.name.rpartition(":")[2] == "feed" else {"item"}
    out = _Skeleton()
    stack: list[tuple[str, str]] = []
    counts: dict[str, int] = {}
    current: _Span | None = None
    depth = 0
    line, line_pos = 1, 0
    eof_in = ""
    pos, n = root.start, len(text)
    while True:
        found = _MARKUP.search(text, pos)  # a stray "<" is skipped inside the regex engine
        if found is None:
            break
        lt, opener = found.start(), found.group()
        if opener in _SKIPPED:
            closer, what = _SKIPPED[opener]
            close = text.find(closer, found.end())
            if close < 0:
                eof_in = what
                break
            pos = close + len(closer)
            continue
        closing = opener == "</"
        name = _XML_NAME.match(text, found.end())
        if name is None:
            pos = found.end()
            continue
        rest = _TAG_REST.match(text, name.end())
        end = rest.end() if rest else name.end()
        if end >= n:
            eof_in = "a tag"
            break
        pos = end + 1 if text[end] == ">" else end
        if text[end] != ">":
            continue  # a broken tag: the XML check reports it
        qname = name.group()
        if closing:
            while counts.get(qname, 0):
                popped = stack.pop()[0]
                counts[popped] -= 1
                if current is not None and len(stack) < depth:
                    if qname == current.qname:
                        current.end = pos
                    else:
                        current.problem = f"item not closed before </{qname}>"
                    current = None
                if popped == qname:
                    break
            continue
        self_closing = text[end - 1] == "/"
        local = qname.rpartition(":")[2]
        starts_item = (current is None and local in items and len(stack) <= 2) or (
            current is not None and qname == current.qname
        )
        if starts_item:
            if current is not None:
                current.problem = "item not closed before the next item begins"
                while len(stack) >= depth:
                    counts[stack.pop()[0]] -= 1
            if out.first_item is None:
                out.first_item, out.containers = lt, list(stack)
            line += text.count("\n", line_pos, lt)
            line_pos = lt
            current = _Span(lt, line, qname)
            out.spans.append(current)
            if self_closing:
                current.end, current = pos, None
                continue
        if not self_closing:
            stack.append((qname, text[lt:pos]))
            counts[qname] = counts.get(qname, 0) + 1
            if starts_item:
                depth = len(stack)
    if current is not None:
        where = f" (inside {eof_in})" if eof_in else ""
        current.problem = f"item truncated: feed ends inside it{where}"
    if out.first_item is None:
        out.containers = stack
    return out


# --- feedparser, made to read only what the scan found ------------------------------------

def _feedparse(text: str) -> Any:
    """feedparser on bytes (a str would be taken for a URL or path), sanitizer off.

    Every document feedparser sees passes the entity guard here, rebuilt ones included.
    """
    _guard(text)
    data = io.BytesIO(text.encode("utf-8", "replace"))
    return feedparser.parse(data, **_FEEDPARSER_OPTIONS)


_PEEK_TITLE = re.compile(r"<title\b[^<>]{0,200}>\s*(?:<!\[CDATA\[)?([^<\]]{1,300})")


def _peek_title(text: str, span: _Span) -> str | None:
    """The start of a broken item's title, to name it in the skip report."""
    found = _PEEK_TITLE.search(text, span.start, min(len(text), span.start + 5000))
    return (plain_text(found.group(1)) or None) if found else None


# HTML's named entities (not XML's five), and "&" that starts no reference at all.
_HTML_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z][A-Za-z0-9]*);")
_BARE_AMP = re.compile(r"&(?![A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#x[0-9A-Fa-f]+;)")
_STRAY_LT = re.compile(r"<(?![A-Za-z_:/!?])")
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _html_entity(match: re.Match[str]) -> str:
    value = html.entities.html5.get(f"{match.group(1)};")
    return "".join(f"&#{ord(ch)};" for ch in value) if value else "&amp;" + match.group()[1:]


def _fix_markup(segment: str) -> str:
    segment = _HTML_ENTITY.sub(_html_entity, segment)
    return _STRAY_LT.sub("&lt;", _BARE_AMP.sub("&amp;", segment))


def _repair(text: str) -> str:
    """Fix the commonest reasons a real feed is not XML, so that its items parse strictly.

    Outside CDATA: a bare "&" becomes "&amp;", an HTML entity (&nbsp;) a character
    reference, a "<" that starts no markup "&lt;"; everywhere, characters XML forbids
    (control characters, lone surrogates) become spaces. Linear; it only ever turns markup
    into text, never text into markup.
    """
    text = _NOT_XML_CHAR.sub(" ", text)  # a space, so "<!\0ENTITY" cannot become a declaration
    out: list[str] = []
    pos = 0
    while pos < len(text):
        start = text.find("<![CDATA[", pos)
        stop = len(text) if start < 0 else start
        out.append(_fix_markup(text[pos:stop]))
        if start < 0:
            break
        end = text.find("]]>", start + 9)
        end = len(text) if end < 0 else end + 3
        out.append(text[start:end])
        pos = end
    return "".join(out)


def _read_items(text: str, sk: _Skeleton, skipped: list[Skipped], well_formed: bool) -> tuple[Any, list[tuple[Any, int | None]]]:
    """feedparser's reading of the complete items, each with its line; the rest is skipped.

    A well-formed feed is parsed as it is. Otherwise the feed is rebuilt from its header and
    its complete items (repaired), which is usually well-formed again. If feedparser then
    finds more or fewer items than the scan (an Atom <entry> embedded in an RSS item, tag
    soup), each item is read on its own so that papers and lines still match.
    """
    complete: list[_Span] = []
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
        result = _feedparse(_repair(header + body + closers))
    entries = list(result.entries)
    if len(entries) == len(complete):
        return result, [(e, s.line) for e, s in zip(entries, complete, strict=True)]
    opening = "".join(tag for _, tag in sk.containers)
    pairs: list[tuple[Any, int | None]] = []
    for span in complete:
        one = _feedparse(_repair(opening + text[span.start : span.end] + closers)).entries
        if one:
            pairs.append((one[0], span.line))
        else:
            skipped.append(Skipped("item could not be read", span.line, _peek_title(text, span)))
    return result, pairs


# --- one item -----------------------------------------------------------------------------

_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


def _iso_date(raw: Any, parsed: Any = None) -> str | None:
    """YYYY-MM-DD as the feed wrote it (RFC 822 or ISO 8601); feedparser's UTC date last."""
    if isinstance(raw, str) and raw.strip():
        try:
            return parsedate_to_datetime(raw.strip()).date().isoformat()
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
        iso = _ISO_DATE.match(raw)
        if iso:
            try:
                return date(*(int(g) for g in iso.groups())).isoformat()
            except ValueError:
                pass
    year = getattr(parsed, "tm_year", None)
    if isinstance(year, int):
        return f"{year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _updated(node: Any) -> tuple[Any, Any]:
    # Plain dict lookups: feedparser's own get() answers "updated" with "published" (and warns).
    return dict.get(node, "updated"), dict.get(node, "updated_parsed")


def _text_blocks(value: str) -> tuple[str, tuple[Block, ...]]:
    """Markdown-ish text of a description: rendered when it is HTML, paragraphs otherwise."""
    if _HTML_HINT.search(value):
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
    if not any(names) and entry.get("author"):
        names = [entry.get("author")]
    out: list[str] = []
    for name in names:
        name = _clean(name)
        parts = re.split(r"\s*[,;]\s*|\s+and\s+", name) if len(names) == 1 else [name]
        out.extend(p for p in (" ".join(p.split()) for p in parts) if p and p not in out)
    return out


def _arxiv_fields(entry: Any, draft: PaperDraft, arxiv: ArxivId) -> None:
    """What an arXiv feed item says: abstract, authors, categories, version, section."""
    raw = entry.get("summary") or ""
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
    draft.doi = parse_doi(entry.get("arxiv_doi") or "") or draft.doi
    draft.links["abstract"] = f"https://arxiv.org/abs/{arxiv.id}"
    for link in entry.get("links") or []:
        if link.get("type") == "application/pdf" or link.get("title") == "pdf":
            draft.links["pdf"] = link.get("href", "")


def _paper(entry: Any, line: int | None) -> PaperDraft | Skipped:
    link = (entry.get("link") or "").strip()
    guid = (entry.get("id") or "").strip()
    title = _clean(entry.get("title"), (entry.get("title_detail") or {}).get("type", "text/html"))
    if not title:
        return Skipped("item has no title", line, link or guid or None)
    draft = PaperDraft(title=title, line=line)
    draft.date = _iso_date(entry.get("published"), entry.get("published_parsed")) or _iso_date(
        *_updated(entry)
    )
    arxiv = _arxiv_of(link, guid)
    openreview = next((o for o in map(parse_openreview_id, (link, guid)) if o), None)
    draft.doi = next((d for d in map(parse_doi, (link, guid)) if d), None)
    is_review = bool(link) and not (
        _arxiv_of(link) or parse_openreview_id(link) or parse_doi(link)
    )
    if arxiv and not is_review:
        _arxiv_fields(entry, draft, arxiv)
        return draft
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
    content = [c.get("value", "") for c in entry.get("content") or [] if isinstance(c, dict)]
    notes, blocks = _text_blocks(max(content, key=len) if any(content) else entry.get("summary") or "")
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

class RssReviewsImporter(Importer):
    """RSS 2.0, RSS 1.0 (RDF) and Atom feeds; each item is one paper (a review or a listing)."""

    name = "rss"
    description = "RSS/Atom feed of paper reviews, one paper per item"

    def sniff(self, text: str) -> bool:
        """True when the first element after the XML prolog is <rss>, <feed> or <rdf:RDF>."""
        try:
            return isinstance(_feed_root(text, _SNIFF_LIMIT), _Root)
        except Exception:  # sniffing must never fail an import
            return False

    def parse(self, text: str) -> DigestDraft:
        """Every complete item as a paper; damaged or title-less items are reported as skipped.

        Raises:
            ParseError: not a feed, or a feed refused for safety (entities, external DTD).
        """
        text = text.removeprefix("\ufeff")
        if not text.strip():
            raise ParseError("not an RSS/Atom feed: the document is empty")
        _guard(text)
        root = _feed_root(text)
        if isinstance(root, str):
            raise ParseError(f"not an RSS/Atom feed: {root}")
        _check_doctype(root)
        skeleton = _scan(text, root)
        problem = _xml_error(text)
        draft = DigestDraft(family=self.name, papers=[])
        if problem is not None:
            draft.warnings.append(f"the feed is not well-formed XML ({problem}); "
                                  "imported its complete items only")
        result, pairs = _read_items(text, skeleton, draft.skipped, well_formed=problem is None)
        self._fill(draft, result.feed, pairs)
        return draft

    def _fill(self, draft: DigestDraft, feed: Any, pairs: list[tuple[Any, int | None]]) -> None:
        seen: dict[str, int | None] = {}
        for entry, line in pairs:
            paper = _paper(entry, line)
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
        draft.title = _clean(feed.get("title"), (feed.get("title_detail") or {}).get("type", "text/html")) or None
        dates = [p.date for p in draft.papers if p.date]
        draft.date = (
            _iso_date(*_updated(feed))
            or _iso_date(feed.get("published"), feed.get("published_parsed"))
            or (max(dates) if dates else None)
        )
        if not pairs and not draft.skipped:
            draft.warnings.append("the feed has no items")
