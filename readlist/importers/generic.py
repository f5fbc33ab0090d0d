"""The fallback importer: every distinct arXiv / OpenReview link in Markdown, HTML or text.

Markdown (and plain text, which is Markdown without markup) is read through markdown-it's
link tokens plus the ids cited in its text; HTML through the standard library's parser
(generic_html). A Markdown file that opens with an HTML block (a `<details>` table of
contents) is still Markdown: its headings, lists, tables and links outside HTML blocks
say so.

A paper's title is its link text when that is real text, else the bold text on the link's
line (`- 2024-06-04, **Title**, Paper: [url](url)`), else the heading over it when no
other paper shares that heading; an arXiv paper with none is left untitled and pending,
for `readlist enrich` to fill in. A heading that is itself a paper's titled link
(`### [Title](arXiv)`) is no section: its papers stay in the section above.
"""

from __future__ import annotations

import re

from readlist.ids import find_arxiv_ids, find_openreview_ids, is_link_label, parse_arxiv_id
from readlist.ids import parse_openreview_id as _openreview
from readlist.importers.base import DigestDraft, Importer, PaperDraft, ParseError, link_kind
from readlist.importers.generic_html import Found, ids_in_text, parse_html
from readlist.importers.markdown_tools import Doc, Table, parse

WARNING = "used the generic importer: no known digest format recognised"


_NUMBERS = "0123456789-./:, "
#: What is left around a title once its links are taken out of the line.
_LEAD_JUNK = " \t-–—|:,;·•[]*_"
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_VENUE_TAG = re.compile(r"^[(\[][^()\[\]]{2,24}[)\]]\s+(?=\S)")
#: Link labels that also read as words of a sentence ("see [here](…)", "this [link](…)").
_PROSE_LABELS = frozenset({"here", "link", "links", "read", "view", "source", "page",
                           "website", "url", "こちら", "ここ", "链接", "링크", "リンク"})


def _names_the_paper(text: str) -> bool:
    """A link text that says "the paper" (`[Paper]`, `[PDF]`, `[arXiv]`), not prose."""
    label = " ".join(text.split()).casefold().strip("[]()<>:.- ")
    return is_link_label(label) and label not in _PROSE_LABELS
#: Block tokens that only Markdown makes (an HTML page has none outside its HTML blocks).
_MARKDOWN_BLOCKS = frozenset({"heading_open", "gfm_table", "bullet_list_open",
                              "ordered_list_open", "blockquote_open", "fence"})


def _real_text(text: str, href: str | None) -> bool:
    """Whether a link text is a title (not the URL, the bare id or a word like "PDF")."""
    value = " ".join(text.split())
    folded = value.casefold().strip("[]()<>:.- ")
    if not folded or is_link_label(folded) or value == href:
        return False
    if folded.startswith(("http://", "https://", "www.")) or not folded.strip(_NUMBERS):
        return False  # a URL, or a date or number such as 2024-06-04
    return parse_arxiv_id(value) is None and _openreview(value) is None


def _scan_inline(doc: Doc, raw: str, heading: str | None, line: int) -> list[Found]:
    """Links to papers in one inline span, and ids cited in its text; a link whose text
    is no title takes the bold text of its line when that line names one paper only, else
    the span's first line (`Title<br>[Paper](…) | [Code](…)`) when the span names one."""
    found: list[Found] = []
    href: str | None = None
    texts: list[str] = []
    row = strong = 0  # the line within the span; the depth of bold
    bold: dict[int, list[str]] = {}  # row -> bold texts outside links
    bold_text: list[str] = []
    first_line: list[str] = []  # the span's first line, outside links
    for child in doc.inline_tokens(raw):
        kind = child.type
        if kind == "link_open":
            href, texts = str(child.attrs.get("href", "")), []
        elif kind == "link_close" and href is not None:
            arxiv, openreview = parse_arxiv_id(href), _openreview(href)
            if arxiv or openreview:
                found.append(Found(arxiv, openreview, "".join(texts), href, heading, line + row))
            href = None
        elif kind in ("text", "text_special", "code_inline") and href is not None:
            texts.append(child.content)
        elif kind == "strong_open":
            strong += 1
            if strong == 1:
                bold_text = []
        elif kind == "strong_close" and strong:
            strong -= 1
            if not strong:
                bold.setdefault(row, []).append(" ".join("".join(bold_text).split()))
        elif kind in ("softbreak", "hardbreak") or (kind == "html_inline" and _BR.match(child.content)):
            row += 1
        elif kind in ("text", "html_inline", "text_special", "code_inline"):
            if strong and kind != "html_inline":
                bold_text.append(child.content)
            if row == 0 and kind != "html_inline":
                first_line.append(child.content)
            for arxiv, openreview in ids_in_text(child.content) if kind != "code_inline" else ():
                found.append(Found(arxiv, openreview, "", None, heading, line + row))
    if bold:
        _title_from_bold(found, bold, line)
    _title_from_lead(found, "".join(first_line))
    return found


def _lead_title(text: str) -> str | None:
    """A title-like line: words, not a label, a date or a bare id (`Title [ ] | [ ]`
    left once its links are taken out is `Title`), without a leading venue tag
    (`(ICLR 2019) Title`, `[CVPR'24] Title`). A line ending in a colon introduces
    what follows: no title."""
    value = " ".join(text.split())
    if value.endswith((":", "：")):
        return None
    value = _VENUE_TAG.sub("", value, count=1).strip(_LEAD_JUNK)
    if len(value) < 10 or " " not in value or not _real_text(value, None):
        return None
    return value


def _title_from_lead(found: list[Found], lead: str) -> None:
    """A span naming one paper only through label links (`[Paper](…)`, `[PDF](…)`) is
    titled by its first line's text. A link in a sentence (`see [here](…)`) is not."""
    if not found or len({_key(item) for item in found}) != 1:
        return
    if any(_real_text(item.text, item.href) for item in found):
        return
    if not any(item.href and _names_the_paper(item.text) for item in found):
        return
    title = _lead_title(lead)
    if title is not None:
        for item in found:
            item.text = title


def _title_from_bold(found: list[Found], bold: dict[int, list[str]], line: int) -> None:
    """`- 2024-06-04, **Title**, A et.al., Paper: [url](url)`: the bold text names the
    paper its line links to, when the link text does not (and the line links one paper)."""
    by_row: dict[int, list[Found]] = {}
    for item in found:
        by_row.setdefault((item.line or line) - line, []).append(item)
    for row, items in by_row.items():
        names = [text for text in bold.get(row, ()) if _real_text(text, None)]
        if names and len({_key(item) for item in items}) == 1:
            for item in items:
                if not _real_text(item.text, item.href):
                    item.text = names[0]


class _ItemTitles:
    """`- Title` over a nested `- [Paper](…)`: a list item's text without links titles the
    untitled links of the items nested under it, when they are all one paper's."""

    def __init__(self) -> None:
        self._open: list[tuple[int, str, list[Found]]] = []  # (level, text, links under it)
        self._all: list[tuple[str, list[Found]]] = []

    def item(self, level: int, text: str, items: list[Found]) -> None:
        """The first line of a list item at nesting `level`, and the papers it links."""
        while self._open and self._open[-1][0] >= level:
            self._open.pop()
        # Its own links (`[Paper](…)`, a bare URL or id), not a link in a sentence.
        untitled = [item for item in items if not _real_text(item.text, item.href)
                    and (item.href in (None, item.text) or _names_the_paper(item.text))]
        if untitled and self._open:
            self._open[-1][2].extend(untitled)
        if not items:
            under: list[Found] = []
            self._open.append((level, text, under))
            self._all.append((text, under))

    def apply(self) -> None:
        for text, items in self._all:
            if items and len({_key(item) for item in items}) == 1:
                title = _lead_title(text)
                if title is not None:
                    for item in items:
                        item.text = title


def _from_markdown(doc: Doc) -> list[Found]:
    found: list[Found] = []
    heading: str | None = None
    items_titles = _ItemTitles()
    for k, tok in enumerate(doc.tokens):
        line = (tok.map or [0])[0] + 1
        if tok.type == "html_block":
            html = parse_html(tok.content, heading)
            for item in html.found:
                item.line = line + (item.line or 1) - 1
            found.extend(html.found)
        elif tok.type == "gfm_table":
            table: Table = tok.meta["table"]
            for row, row_line in zip(table.rows, table.row_lines, strict=True):
                in_row: list[Found] = []
                for cell in row:
                    in_row.extend(_scan_inline(doc, cell.strip(), heading, row_line + 1))
                # `| Table Paper | [2401.00001](…) |`: the row's text cell names the paper
                # (its first line: `Title<br>Authors`).
                names = [text for text in (doc.inline(_BR.split(cell, 1)[0].strip()).text
                                           for cell in row)
                         if len(text) >= 8 and _real_text(text, None)]
                if len({_key(item) for item in in_row}) == 1 and names:
                    for item in in_row:
                        if not _real_text(item.text, item.href):
                            item.text = names[0]
                found.extend(in_row)
        elif tok.type == "inline":
            items = _scan_inline(doc, tok.content, heading, line)
            # A heading names the section below it, unless it is a paper's titled link or
            # fields over a `---` separator (`**link**: URL` read as a setext heading).
            opener = doc.tokens[k - 1]
            if opener.type == "heading_open" and not (
                    opener.markup in ("-", "=") and ("\n" in tok.content or items)) and not any(
                    _real_text(item.text, item.href) for item in items):
                heading = doc.inline(tok.content).text or heading
                for item in items:
                    item.heading = heading
            elif k >= 2 and doc.tokens[k - 2].type == "list_item_open":
                items_titles.item(tok.level, doc.inline(tok.content.split("\n", 1)[0]).text, items)
            found.extend(items)
    items_titles.apply()
    return found


def _html_page(text: str) -> bool:
    """An HTML (or XML) document by its first tag."""
    return text.lstrip()[:20].casefold().startswith(("<!doctype html", "<html", "<?xml"))


def _html_fragment(text: str, doc: Doc) -> bool:
    """HTML without a document tag (`<div>... <a href=...>`) rather than Markdown that
    opens with an HTML block: nothing outside its HTML blocks is Markdown (a heading, a
    list, a table, a quote, a fence or a Markdown link)."""
    if not text.lstrip().startswith("<") or "<a " not in text.casefold():
        return False
    return not any(tok.type in _MARKDOWN_BLOCKS or (tok.type == "inline" and "](" in tok.content)
                   for tok in doc.tokens)


def _key(item: Found) -> str:
    return f"a:{item.arxiv.id}" if item.arxiv else f"o:{item.openreview}"


def _drafts(found: list[Found]) -> list[PaperDraft]:
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
        doc = None if _html_page(text) else parse(text)
        if doc is None or _html_fragment(text, doc):
            html = parse_html(text)
            found, title = html.found, html.title
        else:
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
