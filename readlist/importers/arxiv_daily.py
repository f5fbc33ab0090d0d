"""Daily arXiv lists (family 001): one table per category, then an abstract per paper.

This module is the importer: it recognises a list (sniff), walks the document once
(headings name categories, `## 2022-01-04` headings are days, `> Updated on ...`,
`Last update: ...` or an early heading dates the list), and keeps one draft per paper. A
paper listed twice (two categories, row plus abstract) becomes one draft. The rows are
read by arxiv_table (by header name, so siblings with other columns work too), tables
GFM misreads (HTML ones, rows wrapped over several lines) by arxiv_table_source, the
same lists written as bullets by arxiv_lists, one heading per paper (over its authors
and a folded abstract, or over labelled fields) by arxiv_headings, the abstracts part
(`##### **Title**`, `ID by A, B`, the English abstract, a translated one) by
arxiv_abstracts, from the source lines: markdown-it would turn an abstract line such as
`- to improve` or `# of samples` into a list or a heading.
"""

from __future__ import annotations

import re

from readlist.ids import normalize_title
from readlist.importers import arxiv_abstracts as abstracts
from readlist.importers import arxiv_headings as headings
from readlist.importers import arxiv_lists as lists
from readlist.importers.arxiv_table import row_draft, table_roles
from readlist.importers.arxiv_table_source import (
    header_candidate,
    html_tables,
    paper_table,
    read_table,
    sniff_html,
    table_end,
)
from readlist.importers.base import DigestDraft, Importer, PaperDraft, ParseError, Skipped
from readlist.importers.dates import find_date
from readlist.importers.markdown_tools import Doc, Table, parse

#: Words that open the line dating a generated list ("Updated on", "Automated deployment @").
_DATED_BY = ("updat", "更新", "deploy", "generated on")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


class _Papers:
    """Drafts in digest order, one per paper (by arXiv id, else normalised title).

    Titles are normalised only when some entry lacks an id: normalising 10,000 titles
    would cost more than parsing the table.
    """

    def __init__(self) -> None:
        self.drafts: list[PaperDraft] = []
        self.by_id: dict[str, PaperDraft] = {}
        self._by_title: dict[str, PaperDraft] | None = None
        self.idless = False

    def _titles(self) -> dict[str, PaperDraft]:
        if self._by_title is None:
            self._by_title = {}
            for draft in self.drafts:
                self._index_title(draft)
        return self._by_title

    def _index_title(self, draft: PaperDraft) -> None:
        if self._by_title is not None and len(key := normalize_title(draft.title)) >= 8:
            self._by_title.setdefault(key, draft)

    def find(self, draft: PaperDraft) -> PaperDraft | None:
        """The draft already seen for the same paper, if any."""
        if draft.arxiv:
            same = self.by_id.get(draft.arxiv.id)
            if same is not None or not self.idless:
                return same
        same = self._titles().get(normalize_title(draft.title))
        if same and draft.arxiv and same.arxiv and same.arxiv.id != draft.arxiv.id:
            return None  # one title, two ids: two papers
        return same

    def add(self, draft: PaperDraft) -> PaperDraft:
        """Add `draft`, or merge it into the draft already seen for the same paper."""
        self.idless = self.idless or draft.arxiv is None
        first = self.find(draft)
        if first is None:
            self.drafts.append(draft)
            self._index_title(draft)
            first = draft
        else:
            _merge(first, draft)
        if first.arxiv:
            self.by_id.setdefault(first.arxiv.id, first)
        return first


def _merge(first: PaperDraft, draft: PaperDraft) -> None:
    """What a second listing (another category, the abstract block) adds to the first."""
    for cat in draft.categories:
        if cat not in first.categories:
            first.categories.append(cat)
    first.listed_again(draft)
    for kind, url in draft.links.items():
        first.links.setdefault(kind, url)
    if first.arxiv is None or (draft.arxiv and (draft.arxiv.version or 0) > (
            first.arxiv.version or 0)):
        first.arxiv = draft.arxiv or first.arxiv
    first.date = first.date or draft.date
    if draft.authors and (not first.authors or (
            draft.authors_complete and not first.authors_complete)):
        first.authors, first.authors_complete = draft.authors, draft.authors_complete
    first.abstract = first.abstract or draft.abstract
    first.abstract_translated = first.abstract_translated or draft.abstract_translated
    first.blurb = first.blurb or draft.blurb
    first.comment = first.comment or draft.comment


class _Listing:
    """One parse: the drafts so far and where the walk through the document stands."""

    def __init__(self, doc: Doc, text_headings: set[int]) -> None:
        self.doc = doc
        self.text_headings = text_headings  # abstract lines that look like headings
        self.papers = _Papers()
        self.skipped: list[Skipped] = []
        self.sections: list[str] = []
        self.title: str | None = None
        self.date: str | None = None
        self.heading = ""  # the category of the next table
        self.level = 0
        self.day: tuple[int, str] | None = None  # (level, date) of a `## 2022-01-04` heading
        self.year: str | None = None  # of the last heading naming one (`### 2026年06月`)
        self.scope: tuple[int, str] | None = None  # (level, category) of the last table
        #: Heading line -> the category it stands in (an abstract block's category).
        self.parents: dict[int, str] = {}

    def on_heading(self, level: int, line: int, raw: str) -> None:
        if line in self.text_headings:
            return
        text = self.doc.inline(raw).text
        if self.scope and level <= self.scope[0]:
            self.scope = None  # the category's section ends here
        if self.scope:
            self.parents[line] = self.scope[1]
        dated = find_date(text)
        if level <= 2 and not self.papers.drafts:
            # The list's own title or "Updated on <date>": not a category.
            self.title = text if level == 1 and self.title is None else self.title
            self.date = self.date or dated
            text = "" if level == 1 else text
        if self.day and level <= self.day[0]:
            self.day = None
        if dated:  # a date heading is a day of the list, never a category
            if not any(ch.isalpha() for ch in text):  # `2022-01-04`, `📅 2025-09-19`
                self.day = (level, dated)
            text = ""
        self.heading, self.level = text, level
        year = _YEAR.search(raw)
        self.year = year[0] if year else self.year

    def on_text(self, raw: str, quoted: bool) -> None:
        """`> Updated on 2024.06.05`, a paragraph `Last update: 2025-04-25` or `Automated
        deployment @ 2024-08-14` above the papers dates the list (in a paragraph, only
        when it opens with the words)."""
        folded = raw[:200].casefold()
        at = min((i for word in _DATED_BY if (i := folded.find(word)) >= 0), default=-1)
        if at >= 0 and (quoted or at < 12):
            self.date = find_date(raw if quoted else raw[at:])

    def on_paper_heading(self, i: int, level: int) -> int:
        """A heading that is a paper (`### [Title](arXiv)` over authors and an abstract, a
        title over labelled fields): the index of the token after it, else 0."""
        draft = headings.heading_draft(self.doc, i)
        end = i + 1
        if draft is None and (found := headings.field_draft(self.doc, i)) is not None:
            draft, end = found
        if draft is None:
            return 0
        if self.heading and self.level < level:
            draft.categories.insert(0, self.heading)
        if draft.date is None and self.day:
            draft.date = self.day[1]
        self.add(draft)
        return end

    def on_item(self, raw: str, line: int) -> None:
        """A list item that is a paper (`- date, **Title**, Author et.al., Paper: [...]`)."""
        draft = lists.item_draft(self.doc, raw, line)
        if draft is None:
            return
        if self.heading:
            self.scope = (self.level, self.heading)
            draft.categories.append(self.heading)
        if draft.date is None and self.day:
            draft.date = self.day[1]
        self.add(draft)

    def on_table(self, table: Table) -> None:
        """A paper table (Markdown, or HTML rewritten by arxiv_table_source): a draft per row."""
        roles = table_roles(self.doc, table.header)
        if "title" not in roles and "link" not in roles and "abstract" not in roles:
            return  # not a paper table (a table of contents, a legend)
        if self.heading:
            self.scope = (self.level, self.heading)
        for cells, line in zip(table.rows, table.row_lines, strict=True):
            draft = row_draft(self.doc, table, cells, roles, line, self.year)
            if draft is None:
                self.skipped.append(Skipped("table row has neither a title nor an arXiv id",
                                            line + 1, "|".join(cells).strip()))
                continue
            if self.heading and not draft.categories:
                draft.categories.append(self.heading)
            if draft.date is None and self.day:
                draft.date = self.day[1]
            self.add(draft)

    def add(self, draft: PaperDraft) -> PaperDraft:
        draft.section = draft.categories[0] if draft.categories else None
        if draft.section and draft.section not in self.sections:
            self.sections.append(draft.section)
        return self.papers.add(draft)

    def add_abstract(self, draft: PaperDraft) -> PaperDraft:
        """An abstract block: a paper only listed there takes the category it stands in."""
        category = self.parents.get((draft.line or 0) - 1)
        if category and self.papers.find(draft) is None:
            draft.categories.append(category)
        return self.add(draft)


class ArxivDailyImporter(Importer):
    """Daily arXiv list: Markdown tables per category plus an abstracts section."""

    name = "arxiv-daily"
    description = "daily arXiv list: Markdown tables per category plus abstracts"

    def sniff(self, text: str) -> bool:
        """A paper table (header naming a title and a date, authors or, under a day
        heading, code) with arXiv rows, as the parser parse() uses reads it: a delimiter row
        with the wrong number of cells, or a table inside a code block, makes none. Else
        a dated list item with a bold title and an arXiv link, or a paper heading over its
        authors and a folded abstract (arxiv_lists)."""
        try:
            lines = text[:500_000].split("\n")
            first = next((i for i, line in enumerate(lines[:-2]) if header_candidate(line)), None)
            for end in (first + 5, len(lines)) if first is not None else ():
                doc = parse("\n".join(lines[:end]), raw_run_start=abstracts.looks_like_id_line)
                if any(paper_table(doc, i) for i in range(len(doc.tokens))):
                    return True
            return lists.sniff(lines) or sniff_html(text)
        except Exception:  # sniff must never raise
            return False

    def parse(self, text: str) -> DigestDraft:
        doc = parse(text, raw_run_start=abstracts.looks_like_id_line)
        blocks, text_headings = abstracts.find_blocks(doc)
        listing = _Listing(doc, text_headings)
        papers = listing.papers
        quotes = skip = after = 0
        tokens = doc.tokens
        for i, tok in enumerate(tokens):
            kind = tok.type
            if i < after or (skip and tok.map and tok.map[0] < skip):
                continue  # a paper heading's fields, the rest of an HTML table
            if kind == "html_block" and tok.map and "<table" in tok.content.casefold():
                skip = table_end(doc.lines, tok.map[0])
                for table in html_tables(doc.source(tok.map[0], skip), tok.map[0]):
                    listing.on_table(table)
            elif kind == "heading_open" and tok.map:
                level, raw = int(tok.tag[1:]), tokens[i + 1].content
                # an abstract block's heading (10,000 of them) is over its raw id line
                over_raw = i + 3 >= len(tokens) or tokens[i + 3].type == "raw_text"
                if over_raw or not (after := listing.on_paper_heading(i, level)):
                    listing.on_heading(level, tok.map[0], raw)
            elif kind == "gfm_table" and tok.map:
                table, end = read_table(doc, tok.map[0], tok.map[1], tok.meta["table"])
                skip = end if end > tok.map[1] else skip
                listing.on_table(table)
            elif kind in ("blockquote_open", "blockquote_close"):
                quotes += tok.nesting
            elif kind == "inline" and tokens[i - 1].type == "paragraph_open":
                if tokens[i - 2].type == "list_item_open" and tok.map:
                    listing.on_item(tok.content, tok.map[0])
                elif listing.date is None and not papers.drafts:
                    listing.on_text(tok.content, quotes > 0)
        listing.skipped.extend(
            abstracts.merge_abstracts(doc, blocks, listing.add_abstract, papers.find))
        if not papers.drafts:
            raise ParseError("not a daily arXiv list: no paper table or abstract found")
        dates = [p.date for p in papers.drafts if p.date]
        return DigestDraft(
            family=self.name,
            papers=papers.drafts,
            title=listing.title,
            date=listing.date or (max(dates) if dates else None),
            skipped=listing.skipped,
            sections=listing.sections,
        )

