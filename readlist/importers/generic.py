"""The fallback importer: every distinct arXiv / OpenReview link in Markdown, HTML or text.

Markdown (and plain text, which is Markdown without markup) is read through markdown-it's
link tokens plus the ids cited in its text; HTML through the standard library's parser
(generic_html). A Markdown file that opens with an HTML block (a `<details>` table of
contents) is still Markdown: its headings, lists, tables and links outside HTML blocks
say so.

A paper's title is its link text when that is real text, else the bold text on the link's
line (`- 2024-06-04, **Title**, Paper: [url](url)`), else the heading over it when no
other paper shares that heading; an arXiv paper with none is left untitled and pending,
for `readlist enrich` to fill in (the rules near a link: generic_titles). A heading that
is itself a paper's titled link (`### [Title](arXiv)`) is no section: its papers stay in
the section above.
"""

from __future__ import annotations

from readlist.ids import find_arxiv_ids, find_openreview_ids, parse_arxiv_id
from readlist.ids import parse_openreview_id as _openreview
from readlist.importers.base import DigestDraft, Importer, PaperDraft, ParseError, link_kind
from readlist.importers.generic_html import Found, ids_in_text, parse_html
from readlist.importers.generic_titles import (
    ItemTitles,
    paper_key,
    real_text,
    title_from_bold,
    title_from_lead,
)
from readlist.importers.markdown_tools import BR_TAG, Doc, Table, parse

WARNING = "used the generic importer: no known digest format recognised"

#: Block tokens that only Markdown makes (an HTML page has none outside its HTML blocks).
_MARKDOWN_BLOCKS = frozenset({"heading_open", "gfm_table", "bullet_list_open",
                              "ordered_list_open", "blockquote_open", "fence"})


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
        elif kind in ("softbreak", "hardbreak") or (kind == "html_inline" and BR_TAG.match(child.content)):
            row += 1
        elif kind in ("text", "html_inline", "text_special", "code_inline"):
            if strong and kind != "html_inline":
                bold_text.append(child.content)
            if row == 0 and kind != "html_inline":
                first_line.append(child.content)
            for arxiv, openreview in ids_in_text(child.content) if kind != "code_inline" else ():
                found.append(Found(arxiv, openreview, "", None, heading, line + row))
    if bold:
        title_from_bold(found, bold, line)
    title_from_lead(found, "".join(first_line))
    return found


def _from_markdown(doc: Doc) -> list[Found]:
    found: list[Found] = []
    heading: str | None = None
    items_titles = ItemTitles()
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
                names = [text for text in (doc.inline(BR_TAG.split(cell, 1)[0].strip()).text
                                           for cell in row)
                         if len(text) >= 8 and real_text(text, None)]
                if len({paper_key(item) for item in in_row}) == 1 and names:
                    for item in in_row:
                        if not real_text(item.text, item.href):
                            item.text = names[0]
                found.extend(in_row)
        elif tok.type == "inline":
            items = _scan_inline(doc, tok.content, heading, line)
            # A heading names the section below it, unless it is a paper's titled link or
            # fields over a `---` separator (`**link**: URL` read as a setext heading).
            opener = doc.tokens[k - 1]
            if opener.type == "heading_open" and not (
                    opener.markup in ("-", "=") and ("\n" in tok.content or items)) and not any(
                    real_text(item.text, item.href) for item in items):
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


def _drafts(found: list[Found]) -> list[PaperDraft]:
    """One draft per distinct id, titled by the best text seen for it.

    Without a real link text, the heading over the link is the title only when no other
    paper sits under it (`## Title` then `[PDF](...)`); under a shared heading ("My links")
    the title stays empty and the paper waits, pending, for `readlist enrich`.
    """
    under: dict[str | None, set[str]] = {}
    for item in found:
        under.setdefault(item.heading, set()).add(paper_key(item))
    drafts: dict[str, PaperDraft] = {}
    titled: set[str] = set()  # ids whose title is a real link text
    for item in found:
        key = paper_key(item)
        real = real_text(item.text, item.href)
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
