"""Daily arXiv lists written as Markdown lists instead of tables.

cv-arxiv-daily and its forks write the same data three ways: a table per category (read
by arxiv_table), a bullet per paper (their `use_md_table: false` / WeChat output):

    - 2024-06-03, **Title**, First Author et.al., Paper: [url](url), Code: **[url](url)**

and, for the day's new papers (`today_md`), a heading per paper (read by arxiv_headings).
An item is read from markdown-it's inline tokens, which tell the bold title, the labelled
links and the authors' text apart, so a title holding commas or a date, bold dates, or
fields in another order read the same. sniff() looks for either shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from readlist.ids import parse_arxiv_id
from readlist.importers.arxiv_headings import field_draft, heading_draft, looks_like_fields
from readlist.importers.arxiv_table import add_paper_link, is_arxiv_url, split_authors
from readlist.importers.base import PaperDraft, is_code_url
from readlist.importers.dates import find_date
from readlist.importers.markdown_tools import Doc, Link, parse

if TYPE_CHECKING:
    from markdown_it.token import Token

_CODE_LABELS = ("code", "github", "repo", "implementation")
_PAPER_LABELS = ("paper", "pdf", "arxiv", "abs")
_DATE_CHARS = "0123456789-./ ,*"
_SNIFF_TRIES = 5


@dataclass(slots=True)
class _Part:
    """A piece of an item: plain "text", a top-level bold span ("strong", `rank` among the
    item's bold spans) holding no link, or a "link"."""

    kind: str
    text: str
    href: str = ""
    rank: int = 0


def _parts(children: list[Token]) -> list[_Part]:
    parts: list[_Part] = []
    depth = rank = 0
    bold: list[str] = []
    bold_link = False
    href: str | None = None
    label: list[str] = []
    for tok in children:
        kind = tok.type
        if kind == "strong_open":
            depth += 1
            if depth == 1:
                bold, bold_link = [], False
        elif kind == "strong_close" and depth:
            depth -= 1
            if depth == 0:
                if not bold_link:
                    parts.append(_Part("strong", "".join(bold).strip(), rank=rank))
                rank += 1
        elif kind == "link_open":
            href, label = str(tok.attrs.get("href", "")), []
            bold_link = bold_link or depth > 0
        elif kind == "link_close" and href is not None:
            parts.append(_Part("link", "".join(label).strip(), href))
            href = None
        elif kind in ("text", "text_special", "code_inline", "softbreak", "hardbreak"):
            content = " " if kind.endswith("break") else tok.content
            if href is not None:
                label.append(content)
            elif depth:
                bold.append(content)
            else:
                parts.append(_Part("text", content))
    return parts


def _only_date(text: str) -> bool:
    return not text.strip(_DATE_CHARS) and find_date(text) is not None


def _is_title(part: _Part) -> bool:
    text = part.text
    if part.kind == "link":
        return parse_arxiv_id(part.href) is not None and " " in text and (
            not text.casefold().startswith(("http://", "https://")))
    return part.kind == "strong" and len(text) > 1 and not _only_date(text) and (
        not text.endswith(":") and not text.casefold().startswith(("http://", "https://")))


def _raw_bold(doc: Doc, raw: str, part: _Part) -> str:
    """The bold title as written (LaTeX escapes such as `\\{` kept), when the source has it."""
    if part.text in raw:
        return part.text
    marks: list[int] = []
    at = raw.find("**")
    while at >= 0 and len(marks) < 2 * part.rank + 2:
        marks.append(at)
        at = raw.find("**", at + 2)
    if len(marks) == 2 * part.rank + 2:
        inner = raw[marks[-2] + 2 : marks[-1]].strip()
        if doc.inline(inner).text == part.text:
            return inner
    return part.text


def _chunks(text: str) -> list[str]:
    """The comma-separated fields of an item's text, without labels (`Paper:`) and dates."""
    return [chunk for c in text.split(",") if (chunk := c.strip())
            and not chunk.endswith(":") and not _only_date(chunk)]


def _label(text: str) -> str:
    """The label right before a link: `, Code: ` -> "code"."""
    return text.rsplit(",", 1)[-1].strip(" :*").casefold()


def _add_other_link(draft: PaperDraft, label: str, href: str) -> None:
    if "code" not in draft.links and href.startswith(("http://", "https://")) and (
            any(word in label for word in _CODE_LABELS) or is_code_url(href)):
        draft.links["code"] = href


def _names(fields: list[str]) -> bool:
    """Whether text fields read as author names (`Ann Bee et.al.`, `李小龙`), not prose."""
    return bool(fields) and all(f[:1].isupper() or not f[:1].isascii() for f in fields)


def _generated(part: _Part, label: str) -> bool:
    """An arXiv link as list generators write it: its URL or id as text, or `Paper:`."""
    text = part.text.casefold()
    return text.startswith(("http://", "https://")) or parse_arxiv_id(part.text) is not None or (
        any(word in label for word in _PAPER_LABELS))


def item_draft(doc: Doc, raw: str, line: int, strict: bool = False) -> PaperDraft | None:
    """One list item (source line `line`) as a paper: a bold title (or a titled arXiv link)
    and an arXiv link, with a date, the authors after the title and a labelled code link.
    None for any other item and for one titled by its link alone that has no date.

    `strict` (sniffing) asks for the whole shape of a generated item: a date, a bold title,
    author names and an arXiv link written as its URL or id or labelled `Paper:`; a post's
    `- **[Title](arXiv)** 🔴` or a note `- 2024-07-01: **great** talk, [slides](arXiv)` is
    not one."""
    if "arxiv" not in raw.casefold():
        return None
    parts = _parts(doc.inline_tokens(raw))
    at = next((i for i, part in enumerate(parts) if _is_title(part)), None)
    if at is None:
        return None
    title = parts[at]
    text = _raw_bold(doc, raw, title) if title.kind == "strong" else title.text
    draft = PaperDraft(title=text, line=line + 1)
    if title.kind == "link":
        add_paper_link(draft, Link(title.text, title.href))
    fields: list[str] | None = None  # the text fields between the title and the next link
    after: list[str] = []
    pending = ""  # the text since the last link or the title: its last field labels a link
    generated = False
    for i, part in enumerate(parts):
        if i == at or part.kind != "link":
            pending = "" if i == at else pending + part.text
            after.extend([part.text] if i > at else [])
            continue
        if parse_arxiv_id(part.href) or is_arxiv_url(part.href):
            add_paper_link(draft, Link(part.text, part.href))
            generated = generated or _generated(part, _label(pending))
        else:
            _add_other_link(draft, _label(pending), part.href)
        if i > at and fields is None:
            fields = _chunks(pending)
        pending = ""
    fields = _chunks(pending) if fields is None else fields
    draft.date = find_date(" ".join(p.text for p in parts[:at] if p.kind != "link")) or next(
        (find_date(f) for f in ",".join(after).split(",") if _only_date(f)), None)
    if draft.arxiv is None or (draft.date is None and (strict or title.kind == "link")):
        return None
    if strict and not (title.kind == "strong" and generated and _names(fields)):
        return None
    if fields:
        draft.authors, draft.authors_complete = split_authors(", ".join(fields))
    return draft


def sniff(lines: list[str]) -> bool:
    """Whether one of the first few candidate lines is a generated paper item (top-level,
    `strict`), a paper heading over its authors and a folded abstract, or a heading over
    labelled fields (arxiv_headings)."""
    items = headings = fields = 0
    for k, line in enumerate(lines):
        if line[:2] in ("- ", "* ", "+ "):
            if items < _SNIFF_TRIES and "**" in line and "arxiv" in line.casefold():
                items += 1
                doc = parse(line)
                if len(doc.tokens) > 3 and doc.tokens[3].type == "inline" and item_draft(
                        doc, doc.tokens[3].content, 0, strict=True):
                    return True
        elif headings < _SNIFF_TRIES and line.lstrip()[:1] == "#" and "](" in line and (
                "arxiv" in line.casefold()):
            headings += 1
            doc = parse("\n".join(lines[k : k + 40]))
            if doc.tokens and doc.tokens[0].type == "heading_open" and heading_draft(doc, 0):
                return True
        elif fields < _SNIFF_TRIES and line.lstrip(" >")[:1] == "#" and looks_like_fields(
                lines, k):
            fields += 1
            doc = parse("\n".join(lines[k : k + 60]))
            at = next((i for i, tok in enumerate(doc.tokens[:2]) if tok.type == "heading_open"),
                      None)  # a heading inside a quote comes second
            if at is not None and field_draft(doc, at, strict=True):
                return True
        if min(items, headings, fields) >= _SNIFF_TRIES:
            break
    return False
