"""The fallback importer: every distinct arXiv / OpenReview link in Markdown, HTML or text.

Markdown (and plain text, which is Markdown without markup) is read through markdown-it's
link tokens plus the ids cited in its text; HTML through the standard library's parser.
A paper's title is its link text when that is real text, else the heading over it when no
other paper shares that heading; an arXiv paper with neither is left untitled and pending,
for `readlist enrich` to fill in.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from readlist.ids import ArxivId, find_arxiv_ids, find_openreview_ids, parse_arxiv_id
from readlist.ids import parse_openreview_id as _openreview
from readlist.importers.base import DigestDraft, Importer, PaperDraft, ParseError, link_kind
from readlist.importers.markdown_tools import Doc, Table, parse

WARNING = "used the generic importer: no known digest format recognised"

#: Link texts that name the kind of link rather than the paper.
_GENERIC_TEXTS = {
    "arxiv", "pdf", "paper", "link", "abs", "abstract", "here", "code", "html", "openreview",
    "project", "page", "website", "url", "view paper", "view", "read", "preprint", "source",
    "full text", "arxiv link", "arxiv paper", "[pdf]", "pdf link", "forum", "review", "reviews",
}


@dataclass
class _Found:
    arxiv: ArxivId | None
    openreview: str | None
    text: str
    href: str | None
    heading: str | None
    line: int | None


def _real_text(text: str, href: str | None) -> bool:
    """Whether a link text is a title (not the URL, the bare id or a word like "PDF")."""
    value = " ".join(text.split())
    folded = value.casefold().strip("[]()<>:.- ")
    if not folded or folded in _GENERIC_TEXTS or value == href:
        return False
    if folded.startswith(("http://", "https://", "www.")):
        return False
    return parse_arxiv_id(value) is None and _openreview(value) is None


def _ids_in_text(text: str) -> list[tuple[ArxivId | None, str | None]]:
    found: list[tuple[int, ArxivId | None, str | None]] = [
        (pos, arxiv, None) for arxiv, pos in find_arxiv_ids(text)
    ]
    found.extend((pos, None, ident) for ident, pos in find_openreview_ids(text))
    return [(a, o) for _, a, o in sorted(found, key=lambda item: item[0])]


def _scan_inline(doc: Doc, raw: str, heading: str | None, line: int) -> list[_Found]:
    """Links to papers in one inline span, and ids cited in its text."""
    found: list[_Found] = []
    href: str | None = None
    texts: list[str] = []
    for child in doc.inline_tokens(raw):
        if child.type == "link_open":
            href, texts = str(child.attrs.get("href", "")), []
        elif child.type == "link_close" and href is not None:
            arxiv, openreview = parse_arxiv_id(href), _openreview(href)
            if arxiv or openreview:
                found.append(_Found(arxiv, openreview, "".join(texts), href, heading, line))
            href = None
        elif child.type in ("text", "text_special", "code_inline") and href is not None:
            texts.append(child.content)
        elif child.type in ("text", "html_inline"):
            for arxiv, openreview in _ids_in_text(child.content):
                found.append(_Found(arxiv, openreview, "", None, heading, line))
    return found


def _from_markdown(doc: Doc) -> list[_Found]:
    found: list[_Found] = []
    heading: str | None = None
    for k, tok in enumerate(doc.tokens):
        line = (tok.map or [0])[0] + 1
        if tok.type == "html_block":
            html = _parse_html(tok.content, heading)
            for item in html.found:
                item.line = line + (item.line or 1) - 1
            found.extend(html.found)
        elif tok.type == "gfm_table":
            table: Table = tok.meta["table"]
            for row, row_line in zip(table.rows, table.row_lines, strict=True):
                in_row: list[_Found] = []
                for cell in row:
                    in_row.extend(_scan_inline(doc, cell.strip(), heading, row_line + 1))
                # `| Table Paper | [2401.00001](…) |`: the row's text cell names the paper.
                names = [text for text in (doc.inline(cell.strip()).text for cell in row)
                         if len(text) >= 8 and _real_text(text, None)]
                if len({_key(item) for item in in_row}) == 1 and names:
                    for item in in_row:
                        if not _real_text(item.text, item.href):
                            item.text = names[0]
                found.extend(in_row)
        elif tok.type == "inline":
            if doc.tokens[k - 1].type == "heading_open":
                heading = doc.inline(tok.content).text or heading
            found.extend(_scan_inline(doc, tok.content, heading, line))
    return found


class _Html(HTMLParser):
    """Collects <a href> links with their text, ids cited in text, and headings."""

    def __init__(self, heading: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[_Found] = []
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
                self.found.append(_Found(arxiv, openreview, text, href, self.heading,
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
            for arxiv, openreview in _ids_in_text(data):
                self.found.append(_Found(arxiv, openreview, "", None, self.heading,
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


def _safe_html(text: str) -> str:
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


def _parse_html(text: str, heading: str | None = None) -> _Html:
    html = _Html(heading)
    html.feed(_safe_html(text))
    html.close()
    return html


def _looks_html(text: str) -> bool:
    head = text.lstrip()[:1000].casefold()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        head.startswith("<") and "<a " in text.casefold())


def _key(item: _Found) -> str:
    return f"a:{item.arxiv.id}" if item.arxiv else f"o:{item.openreview}"


def _drafts(found: list[_Found]) -> list[PaperDraft]:
    """One draft per distinct id, titled by the best text seen for it.

    Without a real link text, the heading over the link is the title only when no other
    paper sits under it (`## Title` then `[PDF](...)`); under a shared heading ("My links")
    the title stays empty and the paper waits, pending, for `readlist enrich`.
    """
    under: dict[str | None, set[str]] = {}
    for item in found:
        under.setdefault(item.heading, set()).add(_key(item))
    drafts: dict[str, PaperDraft] = {}
    titled: set[str] = set()  # ids whose title is a real link text
    for item in found:
        key = _key(item)
        real = _real_text(item.text, item.href)
        draft = drafts.get(key)
        if draft is None:
            own_heading = item.heading if len(under.get(item.heading, ())) == 1 else None
            if own_heading is None and item.arxiv is None:
                own_heading = f"openreview:{item.openreview}"  # nothing can fetch its title
            draft = PaperDraft(title=own_heading or "", arxiv=item.arxiv,
                               openreview_id=item.openreview, line=item.line,
                               section=item.heading)
            drafts[key] = draft
        if real and key not in titled:
            draft.title = " ".join(item.text.split())
            titled.add(key)
        if item.href:
            draft.links.setdefault(link_kind(item.href), item.href)
        if item.arxiv and draft.arxiv and (item.arxiv.version or 0) > (draft.arxiv.version or 0):
            draft.arxiv = item.arxiv
    return list(drafts.values())


class GenericImporter(Importer):
    """Any Markdown/HTML/text file: every distinct arXiv or OpenReview link."""

    name = "generic"
    description = "any Markdown/HTML/text file: every distinct arXiv or OpenReview link"

    def sniff(self, text: str) -> bool:
        """True when the text links or cites at least one arXiv or OpenReview paper."""
        try:
            return bool(find_arxiv_ids(text) or find_openreview_ids(text))
        except Exception:  # sniff must never raise
            return False

    def parse(self, text: str) -> DigestDraft:
        title: str | None = None
        if _looks_html(text):
            html = _parse_html(text)
            found, title = html.found, html.title
        else:
            doc = parse(text)
            found = _from_markdown(doc)
            title = next((doc.inline(doc.tokens[k + 1].content).text
                          for k, t in enumerate(doc.tokens) if t.type == "heading_open"
                          and t.tag == "h1"), None)
        papers = _drafts(found)
        if not papers:
            raise ParseError("no arXiv or OpenReview links found")
        return DigestDraft(
            family=self.name,
            papers=papers,
            title=title,
            warnings=[WARNING],
            sections=list(dict.fromkeys(p.section for p in papers if p.section)),
        )
