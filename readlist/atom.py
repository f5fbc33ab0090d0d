"""The arXiv export API's Atom feed, parsed into plain dataclasses. No I/O.

Parsing is entity-safe (defusedxml: DTDs and entity declarations are refused) and
incremental, so a feed cut off mid-way still yields the entries that arrived complete
(`Feed.truncated` says so). The API's own error report, an `<entry>` titled "Error", becomes
an `ApiError`, never a paper. A body that is not an Atom feed at all (an HTML page, the
plain-text `Rate exceeded.`) raises `AtomError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, TreeBuilder

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from readlist.ids import ArxivId, parse_arxiv_id, parse_doi
from readlist.text import collapse_ws, safe_line, shorten

_ERROR_FOR = re.compile(r"\bfor\s+(\S+)\s*$")


class AtomError(ValueError):
    """The answer is not an Atom feed (garbage, HTML, empty, or it declares entities)."""


@dataclass(frozen=True)
class ArxivEntry:
    """One paper as the arXiv API describes it."""

    arxiv: ArxivId
    title: str
    authors: tuple[str, ...] = ()
    abstract: str | None = None
    published: str | None = None
    updated: str | None = None
    primary_category: str | None = None
    #: Every category, the primary one first.
    categories: tuple[str, ...] = ()
    doi: str | None = None
    comment: str | None = None
    journal_ref: str | None = None

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv.id}"

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.arxiv.id}"

    def to_doc(self) -> dict[str, Any]:
        """A JSON-able dict (the answer cache stores entries this way)."""
        return {
            "id": str(self.arxiv), "title": self.title, "authors": list(self.authors),
            "abstract": self.abstract, "published": self.published, "updated": self.updated,
            "primary_category": self.primary_category, "categories": list(self.categories),
            "doi": self.doi, "comment": self.comment, "journal_ref": self.journal_ref,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> ArxivEntry | None:
        """The inverse of `to_doc`; None for a damaged document."""
        try:
            arxiv = parse_arxiv_id(str(doc["id"]))
            if arxiv is None or not isinstance(doc["title"], str):
                return None
            return cls(
                arxiv=arxiv, title=doc["title"],
                authors=tuple(str(a) for a in doc.get("authors") or ()),
                abstract=doc.get("abstract"), published=doc.get("published"),
                updated=doc.get("updated"), primary_category=doc.get("primary_category"),
                categories=tuple(str(c) for c in doc.get("categories") or ()),
                doi=doc.get("doi"), comment=doc.get("comment"), journal_ref=doc.get("journal_ref"),
            )
        except (KeyError, TypeError, AttributeError):
            return None


@dataclass(frozen=True)
class ApiError:
    """The API's error entry (e.g. "incorrect id format for 1234.5678")."""

    message: str
    #: The id the message names, when it names one.
    subject: str | None = None


@dataclass(frozen=True)
class Feed:
    """What one API answer holds."""

    entries: tuple[ArxivEntry, ...] = ()
    errors: tuple[ApiError, ...] = ()
    #: opensearch:totalResults, when present.
    total: int | None = None
    #: The XML ended early: only the entries that arrived complete are listed.
    truncated: bool = False
    #: Entries without a usable id or title (the API's placeholder for a missing paper).
    skipped: int = 0


class _Collector(TreeBuilder):
    """Builds the tree and remembers each entry as soon as its end tag arrives."""

    def __init__(self) -> None:
        super().__init__()
        self.root: str | None = None
        self.entries: list[Element] = []
        self.total: int | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        if self.root is None:
            self.root = _local(tag)
        return super().start(tag, attrs)

    def end(self, tag: str) -> Element:
        element = super().end(tag)
        name = _local(tag)
        if name == "entry":
            self.entries.append(element)
        elif name == "totalResults" and (element.text or "").strip().isdigit():
            self.total = int((element.text or "").strip())
        return element


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _snippet(data: bytes) -> str:
    text = collapse_ws(data[:200].decode("utf-8", errors="replace"))
    return safe_line(shorten(text, 60))


def parse_feed(data: bytes) -> Feed:
    """Parse an API answer.

    Raises:
        AtomError: when `data` is not an Atom feed.
    """
    if not data.strip():
        raise AtomError("an empty answer")
    if data.lstrip()[:14].lower().startswith((b"<!doctype html", b"<html")):
        raise AtomError("an HTML page, not an Atom feed")
    collector = _Collector()
    parser = DefusedXMLParser(target=collector)
    truncated = False
    try:
        parser.feed(data)
        parser.close()
    except DefusedXmlException:
        raise AtomError("XML that declares entities (refused)") from None
    except ParseError:
        if collector.root is None:
            raise AtomError(f"something that is not an Atom feed: {_snippet(data)!r}") from None
        truncated = True
    if collector.root == "html":
        raise AtomError("an HTML page, not an Atom feed")
    if collector.root != "feed":
        raise AtomError(f"XML that is not an Atom feed (<{safe_line(shorten(collector.root or '', 30))}>)")
    entries: list[ArxivEntry] = []
    errors: list[ApiError] = []
    skipped = 0
    for element in collector.entries:
        item = _entry(element)
        if isinstance(item, ArxivEntry):
            entries.append(item)
        elif isinstance(item, ApiError):
            errors.append(item)
        else:
            skipped += 1
    return Feed(tuple(entries), tuple(errors), collector.total, truncated, skipped)


def _children(element: Element) -> dict[str, list[Element]]:
    found: dict[str, list[Element]] = {}
    for child in element:
        found.setdefault(_local(child.tag), []).append(child)
    return found


def _text(found: dict[str, list[Element]], name: str) -> str | None:
    for element in found.get(name, ()):
        text = collapse_ws("".join(element.itertext()))
        if text:
            return text
    return None


def _entry(element: Element) -> ArxivEntry | ApiError | None:
    found = _children(element)
    ident = _text(found, "id") or ""
    title = _text(found, "title")
    if "/api/errors" in ident or (title == "Error" and parse_arxiv_id(ident) is None):
        message = _text(found, "summary") or "the arXiv API reported an error"
        subject = _ERROR_FOR.search(message)
        return ApiError(safe_line(message), subject.group(1) if subject else None)
    arxiv = parse_arxiv_id(ident)
    if arxiv is None or not title:
        return None
    authors = tuple(
        name for a in found.get("author", ()) if (name := _text(_children(a), "name"))
    )
    primary = next((e.get("term") for e in found.get("primary_category", ()) if e.get("term")), None)
    categories = [primary] if primary else []
    for cat in found.get("category", ()):
        term = cat.get("term")
        if term and term not in categories:
            categories.append(term)
    doi_text = _text(found, "doi")
    doi = parse_doi(doi_text.split()[0]) if doi_text else None
    return ArxivEntry(
        arxiv=arxiv,
        title=title,
        authors=authors,
        abstract=_text(found, "summary"),
        published=_text(found, "published"),
        updated=_text(found, "updated"),
        primary_category=primary,
        categories=tuple(categories),
        doi=doi,
        comment=_text(found, "comment"),
        journal_ref=_text(found, "journal_ref"),
    )
