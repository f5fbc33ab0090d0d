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
from readlist.importers.abstract_split import split_abstract
from readlist.importers.base import PaperDraft, host_of, link_kind
from readlist.importers.html_tokens import HTML_ELEMENTS
from readlist.importers.markdown_tools import (
    Doc,
    Link,
    Table,
    find_date,
    leading_link,
    strip_strong,
)

_ABS_PREFIXES = frozenset(f"{scheme}://{host}arxiv.org/abs/" for scheme in ("http", "https")
                          for host in ("", "www."))
_LINK_COLUMNS = ("homepage", "pdf", "link", "paper", "arxiv", "url", "id")
_NO_CODE = {"", "null", "none", "n/a", "na", "-", "—", "no", "nan"}
_NO_TEXT = {"", "null", "none", "n/a", "na", "-", "—"}
_ET_AL = ("et.al.", "et. al.", "et al.", "et al", "et.al", "et al.,", "...", "…")


def table_roles(doc: Doc, header: list[str]) -> dict[str, list[int]]:
    """Column indexes by role, from the header names (case-insensitive)."""
    roles: dict[str, list[int]] = {}
    for i, cell in enumerate(header):
        name = doc.inline(cell).text.casefold()
        if "date" in name:
            role = "date"
        elif "title" in name:
            role = "title"
        elif "author" in name:
            role = "authors"
        elif "code" in name or "github" in name or "repo" in name:
            role = "code"
        elif "categor" in name or "subject" in name:
            role = "category"
        elif "abstract" in name:
            role = "abstract"  # the abstract's text, or a link to its page
        elif any(word in name for word in _LINK_COLUMNS):
            role = "link"
        elif "comment" in name or "remark" in name or "note" in name:
            role = "comment"  # arXiv's comment field: "8 pages, 5 figures", "Accepted to X"
        elif not name:
            role = "spare"  # an unnamed column: where a shifted row's last cell lands
        else:
            continue
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


def row_draft(doc: Doc, table: Table, cells: list[str], roles: dict[str, list[int]],
              line: int) -> PaperDraft | None:
    """One table row (source line `line`) as a draft; None when it has neither a title
    nor an id."""
    title_col = roles["title"][0] if "title" in roles else None
    cells = _place(cells, len(table.header), title_col)

    def first(role: str) -> str:
        cols = roles.get(role)
        return cells[cols[0]] if cols else ""

    title, title_href = _title(doc, first("title")) if title_col is not None else ("", None)
    if " " not in title and parse_arxiv_id(title):
        title = ""  # a `Paper` column holding only the id: not a title
    draft = PaperDraft(title=title, line=line + 1)
    if "date" in roles:
        raw_date = first("date")
        draft.date = find_date(strip_strong(raw_date)) or find_date(doc.inline(raw_date).text)
    if "authors" in roles:
        draft.authors, draft.authors_complete = split_authors(doc.inline(first("authors")).text)
    links = [Link("", title_href)] if title_href else []
    link_cols = list(roles.get("link", []))
    for col in roles.get("abstract", []):
        text = _cell_abstract(doc, cells[col])
        if text is None:
            link_cols.append(col)  # a link to the abstract page, not its text
        elif draft.abstract is None and draft.abstract_translated is None:
            draft.abstract, draft.abstract_translated = text
    for col in link_cols:
        info = doc.inline(cells[col])
        links.extend(info.links or [Link(info.text, info.text)])  # a bare id or URL
    for link in links:
        add_paper_link(draft, link)
    if "code" in roles and (href := code_href(doc, first("code"))):
        if "arxiv" in href.lower() and is_arxiv_url(href):
            _shifted_code(doc, draft, cells, roles, href)
        else:
            draft.links["code"] = href
    if "category" in roles and (category := doc.inline(first("category")).text):
        draft.categories.append(category)
    if "comment" in roles:
        draft.comment = _cell_text(doc, first("comment"))
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


def _tag_name(tag: str) -> str | None:
    """The element an inline HTML token opens or closes ("!" for a comment or declaration),
    None when it names no HTML element: `<y and y>` in "x<y and y>z" is text."""
    if tag.startswith(("<!", "<?")):
        return "!"
    words = tag.strip("</> \t\n").split(maxsplit=1)
    name = words[0].split("/", 1)[0].casefold() if words else ""
    return name if name in HTML_ELEMENTS else None


def _without_tags(doc: Doc, raw: str) -> str:
    """A cell's text as written without its HTML tags and `<summary>` (`<details>` cells);
    `<br>` starts a new line, and a tag-like span naming no element stays as text."""
    out: list[str] = []
    pos, hidden = 0, False
    for tok in doc.inline_tokens(raw):
        if tok.type != "html_inline" or (name := _tag_name(tok.content)) is None:
            continue
        at = raw.find(tok.content, pos)
        if at < 0:
            continue
        if not hidden:
            out.append(raw[pos:at])
        pos = at + len(tok.content)
        if name == "summary":
            hidden = not tok.content.startswith("</")
        elif name == "br" and not hidden:
            out.append("\n")
    if not hidden:
        out.append(raw[pos:])
    return "".join(out).strip()


def _cell_text(doc: Doc, raw: str) -> str | None:
    """A text cell (a comment) as written, without HTML tags; None when empty or `null`."""
    text = strip_strong(raw)
    if "<" in text:
        text = _without_tags(doc, text)
    return None if text.casefold() in _NO_TEXT else text


def _cell_abstract(doc: Doc, raw: str) -> tuple[str | None, str | None] | None:
    """(English, translated) abstract of an `Abstract` table cell; None when the cell holds
    a link or an id rather than text."""
    text = raw.strip()
    if "<" in text:
        text = _without_tags(doc, text)
    if text.casefold() in _NO_TEXT:
        return None
    if " " not in text and (parse_arxiv_id(text) or "://" in text):
        return None
    if "[" in text:
        info = doc.inline(text)
        rest = info.text
        for link in info.links:
            rest = rest.replace(link.text, "", 1)
        if info.links and not any(ch.isalnum() for ch in rest):
            return None
    return split_abstract(text.split("\n"))
