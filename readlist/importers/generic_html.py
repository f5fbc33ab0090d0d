"""The generic importer's HTML side: paper links with their text in an HTML page or block.

Shared with the Markdown side (generic.py): `Found`, one link or cited id as seen, and
`ids_in_text`. HTML is read with the standard library's parser, on input first made safe
for it (`safe_html`): html.parser is quadratic on some unclosed constructs.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from readlist.ids import ArxivId, find_arxiv_ids, find_openreview_ids, parse_arxiv_id
from readlist.ids import parse_openreview_id as _openreview


@dataclass
class Found:
    """A paper link (or an id cited in text) where it was seen: its text and heading."""

    arxiv: ArxivId | None
    openreview: str | None
    text: str
    href: str | None
    heading: str | None
    line: int | None


def ids_in_text(text: str) -> list[tuple[ArxivId | None, str | None]]:
    """The arXiv and OpenReview ids cited in `text`, in order."""
    found: list[tuple[int, ArxivId | None, str | None]] = [
        (pos, arxiv, None) for arxiv, pos in find_arxiv_ids(text)
    ]
    found.extend((pos, None, ident) for ident, pos in find_openreview_ids(text))
    return [(a, o) for _, a, o in sorted(found, key=lambda item: item[0])]


class HtmlLinks(HTMLParser):
    """Collects <a href> links with their text, ids cited in text, and headings."""

    def __init__(self, heading: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Found] = []
        self.heading = heading
        self.title: str | None = None
        self._href: str | None = None
        self._text: list[str] = []
        self._capture: str | None = None  # "h", "title" while inside one
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "title"):
            self._capture, self._text = ("title" if tag == "title" else "h"), []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "a" and self._href is not None:
            href = self._href
            arxiv, openreview = parse_arxiv_id(href), _openreview(href)
            if arxiv or openreview:
                text = "".join(self._text)
                self.found.append(Found(arxiv, openreview, text, href, self.heading,
                                         self.getpos()[0]))
            self._href = None
        elif self._capture and (tag == "title" or tag[:1] == "h"):
            text = " ".join("".join(self._text).split())
            if self._capture == "title":
                self.title = self.title or text or None
            else:
                self.heading = text or self.heading
            self._capture = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._href is not None or self._capture:
            self._text.append(data)
        if self._href is None:
            for arxiv, openreview in ids_in_text(data):
                self.found.append(Found(arxiv, openreview, "", None, self.heading,
                                         self.getpos()[0]))


_MAX_TAG = 4096


def _tag_end(text: str, start: int) -> int:
    """End of the tag opened at text[start] == "<" (quote-aware), or -1 when it is not one:
    another unquoted `<` comes first, or no `>` within _MAX_TAG characters."""
    pos, limit = start + 1, min(len(text), start + _MAX_TAG)
    after_equals = False
    while pos < limit:
        ch = text[pos]
        if ch == ">":
            return pos
        if ch == "<":
            return -1
        if ch in "'\"" and after_equals:
            close = text.find(ch, pos + 1, limit)
            if close < 0:
                return -1
            pos = close
        if ch == "=":
            after_equals = True
        elif not ch.isspace():
            after_equals = False
        pos += 1
    return -1


def safe_html(text: str) -> str:
    """HTML the stdlib parser reads in linear time.

    html.parser rescans the rest of the document for every `<` that opens a construct it
    cannot close (an unclosed comment, quote or tag), which is quadratic on hostile input.
    Comments are dropped here (an unclosed one hides the rest, as in browsers) and a `<`
    that does not open a complete, reasonably short tag is escaped into text.
    """
    parts: list[str] = []
    pos = 0
    while (begin := text.find("<!--", pos)) >= 0:
        parts.append(text[pos:begin])
        close = text.find("-->", begin + 4)
        pos = close + 3 if close >= 0 else len(text)
    parts.append(text[pos:])
    text = "".join(parts)
    out: list[str] = []
    pos = 0
    lt = text.find("<")
    while lt >= 0:
        end = _tag_end(text, lt)
        if end < 0:
            out.append(text[pos:lt])
            out.append("&lt;")
            pos = lt + 1
            lt = text.find("<", lt + 1)
        else:
            lt = text.find("<", end + 1)
    out.append(text[pos:])
    return "".join(out)


def parse_html(text: str, heading: str | None = None) -> HtmlLinks:
    html = HtmlLinks(heading)
    html.feed(safe_html(text))
    html.close()
    return html
