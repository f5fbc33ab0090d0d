"""What one feed entry says, as text: fields, dates, authors, and arXiv listings' fields.

feedparser hands over dicts whose values are not always text (a feed with broken
namespaces gives an element's attributes instead), so every field is read through `field`.
arXiv's own feeds (RSS, RDF, Atom API) write their listings in a shape of their own: the
announce type and abstract in the description, TeX in author names, the version in the guid.
"""

from __future__ import annotations

import re
import unicodedata
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from readlist.ids import ArxivId, parse_arxiv_id, parse_doi
from readlist.importers.base import PaperDraft
from readlist.importers.dates import find_date
from readlist.importers.html_blurb import blurb
from readlist.importers.html_text import Block, plain_text, render
from readlist.importers.review_titles import is_review_label

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
# Soft hyphen, zero-width space, word joiner, BOM: hints for line breaking, never text.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))
_ANNOUNCE_SECTIONS = {"new": "New submissions", "cross": "Cross-lists",
                      "replace": "Replacements", "replace-cross": "Replacements"}

# --- TeX in author names ------------------------------------------------------------------

# arXiv's dc:creator keeps what the authors typed: L\'eon, Garc\'{\i}a, Bj{\o}rn, \c{C}elik.
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
            "=": "\u0304", ".": "\u0307", "c": "\u0327", "v": "\u030c", "H": "\u030b",
            "u": "\u0306", "k": "\u0328", "r": "\u030a", "d": "\u0323"}
_TEX_LETTERS = {"o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ss": "ß", "ae": "æ", "AE": "Æ",
                "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ"}
_BASE = r"\\[ij](?![A-Za-z])|[A-Za-z]"
_TEX_ACCENT = re.compile(rf"\\(?:([`'^\"~=.])|([cvHukrd])(?![A-Za-z]))\s*(?:\{{\s*({_BASE})?\s*\}}|({_BASE}))")
_TEX_LETTER = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|[oOlLij])(?![A-Za-z])(?:\{\}|\s)?")
_TEX_BRACES = re.compile(r"\{([^{}\\]*)\}")


def _accented(match: re.Match[str]) -> str:
    base = (match.group(3) or match.group(4) or "").lstrip("\\")  # \'{\i}: the i itself
    mark = _ACCENTS[match.group(1) or match.group(2)]
    return unicodedata.normalize("NFC", base + mark) if base else ""


def tex_name(name: str) -> str:
    """A name with TeX accent macros written as the letters they stand for (L\\'eon → Léon)."""
    if "\\" not in name and "{" not in name:
        return name
    name = _TEX_LETTER.sub(lambda m: _TEX_LETTERS[m.group(1)], _TEX_ACCENT.sub(_accented, name))
    for _ in range(4):  # {{\"o}} nests; names never nest deeper
        name, count = _TEX_BRACES.subn(r"\1", name)
        if not count:
            break
    return name


# --- fields -------------------------------------------------------------------------------

_YEAR = re.compile(r"\b\d{4}\b")


def iso_date(raw: Any) -> str | None:
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


def updated(node: Any) -> Any:
    """The node's own "updated" date as written, or None."""
    # A plain dict lookup: feedparser's own get() answers "updated" with "published" (and warns).
    return dict.get(node, "updated")


def field(mapping: Any, key: str) -> str:
    """A text field of a feedparser dict; "" when missing or not text (a feed with broken
    namespaces can make feedparser return an element's attributes instead of its text)."""
    value = mapping.get(key) if isinstance(mapping, dict) else None
    return value if isinstance(value, str) else ""


def title_of(node: Any) -> str:
    """A feed's or an item's title as one line of text (HTML titles reduced to text)."""
    return clean(field(node, "title"), field(node.get("title_detail"), "type") or "text/html")


def text_blocks(value: str, kind: str = "text/html") -> tuple[str, tuple[Block, ...]]:
    """Markdown-ish text of a description: rendered when it is HTML, paragraphs otherwise.

    `kind` is the type the feed declares (Atom `type="text"` is plain text, `<s>` and all).
    """
    if "html" in kind and _HTML_HINT.search(value):
        rendered = render(value)
        return rendered.text, rendered.blocks
    paragraphs = [p for p in (" ".join(p.split()) for p in re.split(r"\n\s*\n", value)) if p]
    return "\n\n".join(paragraphs), tuple(Block("paragraph", p) for p in paragraphs)


def clean(value: Any, kind: str = "text/html") -> str:
    """A one-line field (title, name): HTML-looking text reduced to its text, spaces collapsed,
    invisible break hints dropped (`Flash&shy;Attention` is FlashAttention, and must match it)."""
    text = value if isinstance(value, str) else ""
    if "html" in kind and _HTML_HINT.search(text):
        text = plain_text(text)
    return " ".join(text.translate(_INVISIBLE).split())


def arxiv_of(*candidates: str) -> ArxivId | None:
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


def authors(entry: Any) -> list[str]:
    """Authors from dc:creator lists ("A, B and C") or repeated Atom <author> elements."""
    names = [a.get("name", "") for a in entry.get("authors") or [] if isinstance(a, dict)]
    if not any(names) and field(entry, "author"):
        names = [field(entry, "author")]
    out: list[str] = []
    for name in names:
        name = tex_name(clean(name))
        parts = re.split(r"\s*[,;]\s*|\s+and\s+", name) if len(names) == 1 else [name]
        out.extend(p for p in (" ".join(p.split()) for p in parts) if p and p not in out)
    return out


def arxiv_fields(entry: Any, draft: PaperDraft, arxiv: ArxivId) -> None:
    """What an arXiv feed item says: abstract, authors, categories, version, section."""
    raw = field(entry, "summary")
    prefix = _ARXIV_PREFIX.match(raw)
    seen = [arxiv]
    if prefix:
        draft.section = _ANNOUNCE_SECTIONS.get(prefix.group("type").lower(), prefix.group("type"))
        seen.append(parse_arxiv_id(prefix.group("id")) or arxiv)
        raw = raw[prefix.end() :]
    abstract, blocks = text_blocks(_ABSTRACT_LABEL.sub("", raw, count=1))
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
    draft.authors = authors(entry)
    primary = entry.get("arxiv_primary_category")
    if isinstance(primary, dict) and primary.get("term"):
        categories.insert(0, primary["term"])
    categories += [t.get("term", "") for t in entry.get("tags") or [] if isinstance(t, dict)]
    draft.categories = list(dict.fromkeys(c.strip() for c in categories if c and c.strip()))
    draft.doi = parse_doi(field(entry, "arxiv_doi")) or draft.doi
    draft.links["abstract"] = f"https://arxiv.org/abs/{arxiv.id}"
    for link in entry.get("links") or []:
        if link.get("type") == "application/pdf" or link.get("title") == "pdf":
            draft.links["pdf"] = field(link, "href")


def is_arxiv_feed(feed: Any) -> bool:
    """arXiv's own RSS, RDF or API feed (its items are listings, not reviews)."""
    links = [field(feed, "link"), field(feed, "id")]
    links += [field(link, "href") for link in feed.get("links") or [] if isinstance(link, dict)]
    return any("arxiv.org" in link.casefold() for link in links)


def is_arxiv_listing(entry: Any) -> bool:
    """An item only arXiv writes: an `oai:arXiv.org:` guid, an "Announce Type" abstract,
    a primary category, or the old RDF title suffix "(arXiv:ID [cat])"."""
    return (field(entry, "id").casefold().startswith("oai:arxiv.org:")
            or bool(_ARXIV_PREFIX.match(field(entry, "summary")))
            or isinstance(entry.get("arxiv_primary_category"), dict)
            or bool(_ARXIV_TITLE_SUFFIX.search(field(entry, "title"))))


def tags(entry: Any) -> list[str]:
    """The item's categories as written (RSS <category>, Atom <category term>, dc:subject)."""
    return [" ".join(t["term"].split()) for t in entry.get("tags") or []
            if isinstance(t, dict) and isinstance(t.get("term"), str) and t["term"].strip()]


def review_tagged(entry: Any) -> bool:
    """Whether the author filed the item as a paper review (`Paper Review`, `논문 리뷰/NLP`)."""
    return any(is_review_label(tag) for tag in tags(entry))


def related_arxiv(entry: Any) -> ArxivId | None:
    """The one arXiv paper an item points at beside its own page: an Atom
    `<link rel="related">`, an RSS `<enclosure>` of the PDF. None when several or none."""
    found = {a.id: a for a in (arxiv_of(field(link, "href")) for link in entry.get("links") or []
                               if isinstance(link, dict) and link.get("rel") in ("related", "enclosure"))
             if a}
    return next(iter(found.values())) if len(found) == 1 else None


def absolute(url: str, site: str) -> str:
    """An item's link made absolute against the feed's site link (Hugo with relativeURLs
    writes `/posts/x/`); absolute links, and any link when the site is no http(s) URL, stay."""
    url = url.strip()
    try:
        if not url or urlsplit(url).scheme or not site.lower().startswith(("http://", "https://")):
            return url
        return urljoin(site.strip(), url)
    except ValueError:  # "http://[" and the like
        return url
