"""Papers in the tables of a conference post (family 000).

Some posts list part of their papers in a table, one paper a row:

    | Work | Venue / Year | Why it matters | Resources |
    | ⭐ **TD-MPC2: Scalable, Robust World Models** | ICLR 2024 | ... | [Paper](arXiv) · [Code](github) |
    | Title <br> [NeurIPS link](...) <br> _Notes: ..._ | [Poster](...) | [Paper](OpenReview) | |

A row is a paper when it links one (arXiv, OpenReview, a proceedings page...). Its title is
the first cell that says more than links: its link text when the cell starts with a titled
link, else its words up to the first `<br>` (marks before or after them are the rating);
what follows a `<br>` in that cell is notes. Of the other cells, a venue label is the
venue, links of the paper are filed by kind, and words are the blurb.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from readlist.importers.base import PaperDraft, host_of, web_url
from readlist.importers.markdown_tools import BR_TAG
from readlist.importers.post_entry import Entry, clean_title, read_entry, scan_lead
from readlist.importers.post_line import read_line
from readlist.importers.post_links import add_link, own_link
from readlist.importers.post_venues import venue_label

if TYPE_CHECKING:
    from readlist.importers.markdown_tools import Doc
    from readlist.importers.md_blocks import Table

_NUMBER = re.compile(r"#?\d{1,4}\.?")
_ID_HOSTS = ("arxiv", "openreview", "doi")


def _title_of(doc: Doc, cell: str, marks: frozenset[str]) -> tuple[Entry | None, str] | None:
    """The title a cell gives (as an entry: its title, link, marks) and the rest of the
    cell after its first `<br>`; None when the cell is not a title (links alone, a number,
    a venue label, empty)."""
    first, *rest = BR_TAG.split(cell)
    first = first.strip()
    plain = doc.inline(first).text
    if not plain or _NUMBER.fullmatch(plain) or venue_label(plain) is not None:
        return None
    remainder = "\n".join(part.strip() for part in rest if part.strip())
    entry = read_entry(first, doc.env, marks)
    if isinstance(entry, Entry):
        return (entry if entry.title else None), remainder
    if entry is not None or "](" in first:
        return None  # links without a title of their own: the paper's links
    lead = scan_lead(first, doc.env, marks)
    # read_line reads marks and labels off both ends (`⭐ **Title** 🔥`); what it leaves is
    # the title.
    line = read_line(first[lead.pos :], doc.env, marks)
    title, line.text = clean_title(line.text), ""
    return (Entry(title, None, lead, line) if title else None), remainder


def _row(doc: Doc, cells: list[str], line_no: int, marks: frozenset[str]) -> PaperDraft | None:
    """The paper a row describes, or None when it links no paper."""
    cells = [cell.strip() for cell in cells]
    found = next(((i, title) for i, cell in enumerate(cells)
                  if (title := _title_of(doc, cell, marks)) is not None), None)
    if found is None or found[1][0] is None:
        return None
    index, (entry, remainder) = found
    if entry is None:
        return None
    draft = PaperDraft(title=entry.title, line=line_no)
    seen = entry.lead.marks + entry.line.marks
    draft.author_rating = seen[0] if seen else None
    venues = entry.lead.venues + entry.line.venues
    blurb: list[str] = []
    links: list[tuple[str, str]] = []
    if entry.href is not None:
        links.append((entry.title, entry.href))
    links += [("", href) for _, href in entry.line.links]
    for other, cell in enumerate(cells):
        if other == index or not cell:
            continue
        span = doc.inline(cell)
        links += [(link.text, link.href) for link in span.links]
        if not span.links and span.text and not _NUMBER.fullmatch(span.text):
            label = venue_label(span.text)
            if label is not None:
                venues.append(label)
            else:
                blurb.append(span.text)
    links += [(link.text, link.href) for link in doc.inline(remainder).links] if remainder else []
    # The first page filed is the paper's page: arXiv or OpenReview before a conference's
    # page of the talk (`[Oral](neurips.cc/virtual/...)`) or a project page.
    links.sort(key=lambda link: not any(h in host_of(web_url(link[1])) for h in _ID_HOSTS))
    for text, href in links:
        if (kind := own_link(text, href)) is not None:
            add_link(draft, href, kind)
    if draft.arxiv is None and draft.openreview_id is None and draft.doi is None and not any(
            kind in draft.links for kind in ("abstract", "pdf")):
        return None
    draft.venue = ", ".join(dict.fromkeys(venues)) or None
    text = " · ".join(part for part in [entry.line.text, *blurb] if part)
    draft.blurb = text or None
    draft.notes = remainder or None
    return draft


def table_papers(doc: Doc, table: Table, marks: frozenset[str]) -> list[PaperDraft]:
    """The papers the rows of a post's table describe, in order."""
    return [
        draft
        for cells, line in zip(table.rows, table.row_lines, strict=False)
        if (draft := _row(doc, cells, line + 1, marks)) is not None
    ]
