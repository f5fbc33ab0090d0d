"""The paper tables of a daily arXiv list: what each column holds and each row's draft.

Columns are known by their header names (`Publish Date`, `Title`, `Authors`, `PDF`,
`Code`, an `Abstract` column holding the text or a link, a `Comment` column), so siblings
with other columns read the same way. A row becomes one `PaperDraft`: its title (bold
stripped, or taken from a `[Title](url)` cell), date, authors and whether that list is
complete, arXiv id and links, code repository, category, abstract and comment.
An unescaped `|` inside math, bold, a link or a `<details>` cell splits nothing. An arXiv
link is always the paper's page, never its code, even in a `Code` column.
"""

from __future__ import annotations

from readlist.ids import ArxivId, parse_arxiv_id, parse_openreview_id
from readlist.importers.abstract_split import cell_abstract, cell_text, split_abstract
from readlist.importers.base import PaperDraft, host_of, is_code_url, link_kind
from readlist.importers.dates import find_date
from readlist.importers.markdown_tools import (
    Doc,
    Link,
    Table,
    leading_link,
    strip_strong,
)

_ABS_PREFIXES = frozenset(f"{scheme}://{host}arxiv.org/abs/" for scheme in ("http", "https")
                          for host in ("", "www."))
_NO_CODE = {"", "null", "none", "n/a", "na", "-", "—", "no", "nan"}
#: Header words by the role of their column, in the order they are tried ("Links & Summary"
#: holds links; "论文标题" is a title). An abstract column holds the text or a link to it,
#: a summary one a generated summary, a comment one arXiv's comment ("8 pages").
_ROLE_WORDS = (
    ("date", ("date", "日期")),
    ("title", ("title", "标题", "题目")),
    ("authors", ("author", "作者")),
    ("code", ("code", "github", "repo", "代码")),
    ("category", ("categor", "subject", "分类", "类别")),
    ("abstract", ("abstract", "摘要")),
    ("link", ("homepage", "pdf", "link", "paper", "arxiv", "url", "id", "论文", "链接")),
    ("summary", ("summary", "tl;dr", "tldr", "总结", "简介", "概要", "要点", "要約", "요약")),
    ("comment", ("comment", "remark", "note", "备注")),
)
_ET_AL = ("et.al.", "et. al.", "et al.", "et al", "et.al", "et al.,", "...", "…")


def table_roles(doc: Doc, header: list[str]) -> dict[str, list[int]]:
    """Column indexes by role, from the header names (case-insensitive, the first role
    whose words one names; an unnamed column is "spare", where a shifted row's last cell
    lands)."""
    roles: dict[str, list[int]] = {}
    for i, cell in enumerate(header):
        name = doc.inline(cell).text.casefold()
        role = next((role for role, words in _ROLE_WORDS if any(w in name for w in words)),
                    None if name else "spare")
        if role is not None:
            roles.setdefault(role, []).append(i)
    if "title" not in roles and "link" in roles:
        # "| Paper | ..." with `[Title](url)` cells: the first link column holds the title.
        roles["title"] = roles["link"][:1]
    return roles


def split_authors(text: str) -> tuple[list[str], bool]:
    """Author names and whether the list is complete (`A et.al.`, `A, B, ...` are not)."""
    text = text.strip()
    complete = True
    for _ in range(3):  # `A et al. ...`: a suffix may follow another
        if text[-1:] not in ".,…lL":
            break
        tail = text[-8:].casefold()
        for suffix in _ET_AL:
            size = len(suffix)
            if tail.endswith(suffix) and (
                    suffix[0] in ".…" or not tail[-size - 1 : -size].isalnum()):
                text, complete = text[:-size].rstrip(" ,;"), False
                break
        else:
            break
    names = [name for n in text.replace(";", ",").split(",") if (name := n.strip()).strip(".… ")]
    if len(names) == 1 and " and " in names[0]:
        names = [n.strip() for n in names[0].split(" and ") if n.strip()]
    return names, complete and bool(names)


def _split_note(raw: str) -> tuple[str, str]:
    """A title cell and the text a line break puts under the title in it
    (`**Title**<br><sub>Institution<br>summary</sub>`)."""
    at = raw.casefold().find("<br") if "<" in raw else -1
    if at <= 0 or not raw[:at].strip():
        return raw, ""
    return raw[:at].strip(), raw[at:]


def _title(doc: Doc, raw: str) -> tuple[str, str | None]:
    """Title as written (bold stripped) and the link it carries, if the cell is a link."""
    title = strip_strong(raw)
    if title.startswith("["):
        found = leading_link(title, 0, doc.env)
        info = doc.inline(title)
        is_link = found and title[found[1] : found[1] + 1] == "(" and title.endswith(")")
        if found and is_link and len(info.links) == 1:
            return strip_strong(found[0]), info.links[0].href
    return title, None


#: Marks that open a span a `|` cannot end: `$` (not `\$`), `**`, backticks, `[` (vs `]`),
#: `<details>` (vs `</details>`).
_MARKS = ("$", "\\$", "**", "`", "[", "]", "<details", "</details")


def _unclosed(counts: list[int]) -> bool:
    dollars, escaped, stars, ticks, opening, closing, details, closed = counts
    return bool((dollars - escaped) % 2 or stars % 2 or ticks % 2 or opening > closing
                or details > closed)


def _place(cells: list[str], width: int, title_col: int | None) -> list[str]:
    """The row's cells, one per column: an unescaped `|` inside `$...$`, `**...**`, a link
    or a `<details>` cell splits nothing; any other extra cell belongs to the title."""
    extra = len(cells) - width
    if extra > 0:
        placed: list[str] = []
        counts: list[int] = []
        for piece in cells:
            marks = [piece.count(mark) for mark in _MARKS]
            if placed and extra and _unclosed(counts):
                placed[-1] += "|" + piece
                counts = [a + b for a, b in zip(counts, marks, strict=True)]
                extra -= 1
            else:
                placed.append(piece)
                counts = marks
        cells = placed
    if title_col is not None and extra > 0:
        cells = [*cells[:title_col], "|".join(cells[title_col : title_col + extra + 1]),
                 *cells[title_col + extra + 1 :]]
    return [c.strip() for c in cells] + [""] * (width - len(cells))


def _prose_cell(cells: list[str], width: int, roles: dict[str, list[int]]) -> str | None:
    """Take out of a row with more cells than its header the one cell holding several lines
    of text: an abstract the generator added without a column for it (read_table)."""
    if len(cells) <= width or "abstract" in roles:
        return None
    wrapped = [i for i, cell in enumerate(cells) if "\n" in cell]
    return cells.pop(wrapped[0]).strip() if len(wrapped) == 1 else None


def _month_day(text: str, year: str | None) -> str | None:
    """`06-08` in a table under a `2026年06月` heading: the date in the heading's year."""
    parts = text.strip().replace("/", "-").replace(".", "-").split("-")
    if year is None or len(parts) != 2 or not all(p.isdigit() and len(p) <= 2 for p in parts):
        return None
    return find_date(f"{year}-{parts[0]:0>2}-{parts[1]:0>2}")


def row_draft(doc: Doc, table: Table, cells: list[str], roles: dict[str, list[int]],
              line: int, year: str | None = None) -> PaperDraft | None:
    """One table row (source line `line`) as a draft; None when it has neither a title
    nor an id. `year` completes a date written without one."""
    title_col = roles["title"][0] if "title" in roles else None
    prose = _prose_cell(cells, len(table.header), roles)  # a wrapped row's (read_table)
    cells = _place(cells, len(table.header), title_col)

    def first(role: str) -> str:
        cols = roles.get(role)
        return cells[cols[0]] if cols else ""

    title_cell, note = _split_note(first("title"))
    title, title_href = _title(doc, title_cell) if title_col is not None else ("", None)
    if " " not in title and parse_arxiv_id(title):
        title = ""  # a `Paper` column holding only the id: not a title
    draft = PaperDraft(title=title, line=line + 1)
    if "date" in roles:
        raw_date = first("date")
        draft.date = find_date(strip_strong(raw_date))
        if draft.date is None:
            written = doc.inline(raw_date).text
            draft.date = find_date(written) or _month_day(written, year)
    if "authors" in roles:
        draft.authors, draft.authors_complete = split_authors(doc.inline(first("authors")).text)
    links = [Link("", title_href)] if title_href else []
    link_cols = list(roles.get("link", []))
    if prose is not None:
        draft.abstract, draft.abstract_translated = split_abstract(prose.split("\n"))
    for col in roles.get("abstract", []):
        text = cell_abstract(doc, cells[col])
        if text is None:
            link_cols.append(col)  # a link to the abstract page, not its text
        elif draft.abstract is None and draft.abstract_translated is None:
            draft.abstract, draft.abstract_translated = text
    for col in link_cols:
        info = doc.inline(cells[col])
        links.extend(info.links or [Link(info.text, info.text)])  # a bare id or URL
    for link in links:
        add_paper_link(draft, link)
        if "code" not in draft.links and "arxiv.org" not in link.href and is_code_url(link.href):
            draft.links["code"] = link.href  # a `[GitHub](...)` badge among the links
    if "code" in roles and (href := code_href(doc, first("code"))):
        if "arxiv" in href.lower() and is_arxiv_url(href):
            _shifted_code(doc, draft, cells, roles, href)
        else:
            draft.links["code"] = href
    if "category" in roles and (category := doc.inline(first("category")).text):
        draft.categories.append(category)
    if "comment" in roles:
        draft.comment = cell_text(doc, first("comment"))
    if "summary" in roles:
        draft.summary = cell_text(doc, first("summary"))
    if note and title_col is not None and draft.summary is None:
        draft.summary = cell_text(doc, note)
    if not draft.title and draft.arxiv is None:
        return None
    if not draft.title and draft.arxiv is not None:
        draft.title = f"arXiv:{draft.arxiv.id}"
    return draft


def _arxiv_of(link: Link) -> ArxivId | None:
    """The arXiv id a link points to; the common `[ID](http://arxiv.org/abs/ID)` is cheap."""
    text = link.text
    if text and link.href.endswith(text) and link.href[: -len(text)] in _ABS_PREFIXES:
        return parse_arxiv_id(text)
    return parse_arxiv_id(link.href)


def is_arxiv_url(href: str) -> bool:
    """Whether a URL points into arXiv (a paper's page or PDF, a listing): never code."""
    host = host_of(href)
    return host == "arxiv.org" or host.endswith(".arxiv.org")


def code_href(doc: Doc, raw: str) -> str | None:
    """The http(s) URL of a code cell (`[link](url)`, a bare URL), None for `null` & co."""
    if raw.casefold() in _NO_CODE:
        return None
    code = doc.inline(raw)
    if code.text.casefold() in _NO_CODE and not code.links:
        return None
    href = code.links[0].href if code.links else code.text
    return href if href.lower().startswith(("http://", "https://")) else None


def _shifted_code(doc: Doc, draft: PaperDraft, cells: list[str], roles: dict[str, list[int]],
                  href: str) -> None:
    """An arXiv URL in the code column is the paper's page; a row shifted right by one cell
    then has its code in the unnamed column after it."""
    add_paper_link(draft, Link("", href))
    col = roles["code"][0]
    spare = next((c for c in roles.get("spare", ()) if c > col), None)
    code = code_href(doc, cells[spare]) if spare is not None else None
    if code and not is_arxiv_url(code):
        draft.links["code"] = code


def add_paper_link(draft: PaperDraft, link: Link) -> None:
    """Record a link to the paper: its arXiv id (the newest version seen) and the page or
    PDF URL, or its OpenReview forum; other links are not the paper's."""
    href = link.href
    is_url = href.startswith(("http://", "https://"))
    arxiv = _arxiv_of(link)
    if arxiv is not None:
        if draft.arxiv is None or (arxiv.id == draft.arxiv.id and (arxiv.version or 0) > (
                draft.arxiv.version or 0)):
            draft.arxiv = arxiv
        if is_url and arxiv.id == draft.arxiv.id:
            draft.links.setdefault(link_kind(href), href)
    elif is_url and draft.openreview_id is None and (openreview := parse_openreview_id(href)):
        draft.openreview_id = openreview
        draft.links.setdefault("abstract", href)
