"""The pieces of readlist's Markdown export that the exporter and its importer share.

Everything that decides how a value looks in the document lives here, so the importer can
compute what an untouched entry looks like and tell a hand edit from the exporter's output;
the inverses the importer needs for hand edits (`split_trailing`, `parse_authors`,
`apply_link`) sit beside the functions they invert.

- Single-line text (titles, venues, names, tags, headings) is shown in its *display form*
  (control characters become spaces, runs of ASCII whitespace one space) and escaped for
  CommonMark: ``\\ ` * _ [ ] < $ | ~`` get a backslash and ``&`` starting an entity-like
  run becomes ``&amp;``, so the text renders literally on GitHub and in Jekyll (kramdown)
  and a title never breaks its link.
- Hidden data is compact JSON inside ``<!-- marker ... -->``. In its strings ``< > &``, DEL,
  C1 controls, U+2028/U+2029 and a ``{`` that opens ``{{``/``{%`` are written as
  ``\\uXXXX``: no ``-->`` (or ``--!>``) can end the comment early, and Jekyll's Liquid sees
  no tag.
- Notes (Markdown) keep their bytes: every line is indented by ``NOTES_INDENT`` under a
  ``- Notes:`` sub-bullet, and read back from the source lines. Convention (both sides):
  line endings become ``\\n``, trailing whitespace at the end of the note is dropped, and a
  non-empty note ends with exactly one ``\\n`` (what `Library.set_note` stores).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import orjson

from readlist.ids import parse_arxiv_id, parse_doi, parse_openreview_id
from readlist.models import best_url

DOC_MARKER = "readlist-export"
PAPER_MARKER = "readlist:paper"
MD_FORMAT = "readlist-markdown"
MD_VERSION = 1

LABEL_AUTHORS = "Authors"
LABEL_STATE = "State"
LABEL_PRIORITY = "Priority"
LABEL_TAGS = "Tags"
LABEL_FROM = "From"
LABEL_SUMMARY = "Summary"
LABEL_NOTES = "Notes"
NOTES_INDENT = "    "
UNTITLED = "(untitled)"
#: Authors shown before "et al." in the visible line (the hidden data has them all).
SHORT_AUTHORS = 3

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ASCII_WS = re.compile(r"[ \t\n\r\f\v]+")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<$|~])")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_URL_UNSAFE = re.compile(r"[\x00-\x20<>()\\`\x7f-\x9f]")
_HIDDEN_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\x7f\u2028\u2029"}
_LIQUID_OPEN = re.compile(r"\{(?=[{%])")
_HIDDEN_ESCAPES.update({c: f"\\u{c:04x}" for c in range(0x80, 0xA0)})


def display_line(text: str) -> str:
    """The one-line form of `text` shown in the document (and compared on import)."""
    return _ASCII_WS.sub(" ", _CONTROL.sub(" ", text)).strip(" ")


def escape_inline(text: str) -> str:
    """`text` (already one line) escaped so CommonMark renders it literally."""
    return _ENTITY_LIKE.sub("&amp;", _INLINE_SPECIAL.sub(r"\\\1", text))


def inline(text: str) -> str:
    """Display form + escaping: how any single-line value is written."""
    return escape_inline(display_line(text))


def heading(text: str) -> str:
    """A heading's text: a trailing `#` would be taken for a closing sequence."""
    shown = inline(text) or UNTITLED
    return shown[:-1] + "\\#" if shown.endswith("#") else shown


def block_start(text: str) -> str:
    """Inline text that begins a list item's content: no accidental list/heading/quote."""
    shown = inline(text)
    if re.match(r"[-+*#>=]|\d+[.)]", shown):
        match = re.match(r"\d+", shown)
        cut = match.end() if match else 0
        return shown[:cut] + "\\" + shown[cut:]
    return shown


def visible_title(title: str) -> str:
    return display_line(title) or UNTITLED


def link_destination(url: str | None) -> str | None:
    """The link target written for `url`: http(s) only, unsafe characters percent-encoded."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("http", "https"):
        return None
    encoded = _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()),
                              url.strip())
    return _ENTITY_LIKE.sub(lambda _: "\\&", encoded)  # `&amp;` in a URL is not an entity


def paper_url(record: dict[str, Any]) -> str | None:
    """The page a paper's title links to (the same choice as `models.Paper.url`)."""
    links = record.get("links") or {}
    return best_url(links.get("abstract"), record.get("arxiv_id"), record.get("openreview_id"),
                    record.get("doi"), links.get("review"))


def trailing(venue: str | None, rating: str | None,
             shown: Callable[[str], str] = display_line) -> str:
    """The text after the title: `(venue) rating`, each part as `shown` renders it (the
    display text by default; the export passes `inline` for its Markdown)."""
    parts = []
    if venue and display_line(venue):
        parts.append(f"({shown(venue)})")
    if rating and display_line(rating):
        parts.append(shown(rating))
    return " ".join(parts)


def short_authors(authors: list[str], complete: bool) -> str:
    names = [display_line(a) for a in authors if display_line(a)]
    if not names:
        return ""
    shown = ", ".join(names[:SHORT_AUTHORS])
    if len(names) > SHORT_AUTHORS or not complete:
        shown += " et al."
    return shown


def canonical_notes(text: str | None) -> str:
    """The notes convention: `\\n` line endings, no trailing whitespace, one final newline."""
    if not text:
        return ""
    body = text.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    return body + "\n" if body.strip() else ""


def notes_digest(text: str | None) -> str:
    """A short fingerprint of the canonical notes (tells a hand edit from the export)."""
    return hashlib.sha256(canonical_notes(text).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def indent_block(text: str, indent: str = NOTES_INDENT) -> list[str]:
    """Lines of a Markdown block indented under a list item (blank lines stay empty)."""
    return [indent + line if line else "" for line in text.split("\n")]


def dedent_block(lines: list[str], indent: int = len(NOTES_INDENT)) -> str:
    """Inverse of `indent_block` on source lines (also takes lazily-indented hand edits)."""
    out = []
    for line in lines:
        spaces = len(line) - len(line.lstrip(" "))
        out.append(line[min(spaces, indent):])
    return "\n".join(out)


def split_trailing(text: str) -> tuple[str | None, str | None]:
    """` (venue) rating` → (venue, rating), either possibly missing."""
    rest, rating = text.strip(), None
    if rest and not rest.endswith(")"):
        head, _, rating = rest.rpartition(" ")
        rest = head.strip()
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1].strip()
    return rest or None, rating or None


def parse_authors(text: str) -> dict[str, Any]:
    """Inverse of `short_authors` for a hand-written `Authors:` line (details fields)."""
    complete = not re.search(r"\bet\.?\s*al\.?$", text)
    text = re.sub(r",?\s*\bet\.?\s*al\.?$", "", text)
    authors = [a.strip() for a in text.split(",") if a.strip()]
    return {"authors": authors, "authors_complete": complete} if authors else {}


def apply_link(record: dict[str, Any], href: str) -> None:
    """A hand-edited title link: the abstract link, and the ids it names when missing."""
    record["links"] = {**(record.get("links") or {}), "abstract": href}
    arxiv = parse_arxiv_id(href)
    if arxiv and not record.get("arxiv_id"):
        record["arxiv_id"], record["arxiv_version"] = arxiv.id, arxiv.version
    openreview = parse_openreview_id(href)
    if openreview and not record.get("openreview_id"):
        record["openreview_id"] = openreview
    doi = parse_doi(href)
    if doi and not record.get("doi"):
        record["doi"] = doi


# -- hidden data ---------------------------------------------------------------------------


def encode_hidden(value: Any) -> str:
    """Compact, key-sorted JSON that is safe inside an HTML comment and under Liquid.

    `< > &`, DEL, C1 controls and U+2028/U+2029 never occur in JSON's structure, so they
    are escaped everywhere; `{{` and `{%` can only occur inside strings (a JSON object
    never opens right after `{`), so a `{` before `{` or `%` is escaped.
    """
    text = orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")
    return _LIQUID_OPEN.sub(r"\\u007b", text.translate(_HIDDEN_ESCAPES))


def hidden_comment(marker: str, value: Any) -> str:
    return f"<!-- {marker} {encode_hidden(value)} -->"


def parse_hidden(block: str, marker: str) -> Any:
    """The JSON of a `<!-- marker {...} -->` block; ValueError when it is not one."""
    text = block.strip()
    prefix = f"<!-- {marker} "
    if not text.startswith(prefix) or not text.endswith("-->"):
        raise ValueError(f"not a {marker} comment")
    return json.loads(text[len(prefix):-3])


def is_hidden(block: str, marker: str) -> bool:
    return block.lstrip().startswith(f"<!-- {marker} ")
