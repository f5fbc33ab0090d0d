"""The paper link of an LLM-written note (family 003), in the forms writers use.

A note names its paper in one short line under (or just above) its title. Models and
people write it as a Markdown link (`[View Paper](…)`, `📄 **[論文を見る](…)**`), an autolink
(`Paper: <https://…>`), a labelled bare URL (`論文URL: https://…`, `**arXiv**: https://…`)
or a bare id (`arXiv:2503.10007v2`). `span_refs` reads a paragraph with markdown-it's inline
parser (so code spans, escapes and link titles are handled as Markdown does) and says which
links it holds and whether one of its lines is nothing but a short label and the link(s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from readlist.ids import ArxivId, parse_arxiv_id, parse_doi, parse_openreview_id
from readlist.importers.base import host_of, web_url
from readlist.importers.markdown_tools import plain_link

if TYPE_CHECKING:
    from collections.abc import Iterator

    from markdown_it.token import Token

    from readlist.importers.markdown_tools import Doc
    from readlist.importers.md_blocks import Table

# Characters that can start inline Markdown: a label without them is plain text.

# A bare URL, an `arXiv:`-prefixed id, or an id standing alone (taken only on a line that
# says arXiv, so a number in prose is never read as a paper).
_BARE = re.compile(
    r"https?://[^\s<>\"'`]+|arxiv:\s*[\w./-]+|\b[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]{2})?/\d{7}"
    r"(?:v\d+)?\b|(?<![\w.])\d{4}\.\d{4,5}(?:v\d+)?(?![\w.])",
    re.IGNORECASE,
)
_URL_TAIL = ".,;:!?)]}>'\"。、，；：！？）」』】"
# Cheap test before any inline parsing: a paragraph without these holds no link at all.
_MAY_LINK = re.compile(r"[\[<]|://|arxiv", re.IGNORECASE)
_MAX_LABEL = 40  # `論文URL:`, `📄 **Paper**:`, `Read it on arXiv:` all fit; a sentence does not


@dataclass(frozen=True)
class Ref:
    """One link or id: what it points at, and how it was written."""

    href: str | None  # the URL as written; None for a bare `arXiv:ID`
    arxiv: ArxivId | None = None
    openreview: str | None = None
    doi: str | None = None
    #: Written as plain text (no Markdown link or autolink around it).
    bare: bool = False

    @property
    def on_arxiv(self) -> bool:
        """Whether it links to arXiv's own site (not a mirror such as alphaXiv)."""
        return bool(self.href) and host_of(web_url(self.href or "")).endswith("arxiv.org")

    @property
    def paper(self) -> bool:
        """Whether it names a paper by arXiv or OpenReview id."""
        return self.arxiv is not None or self.openreview is not None


@dataclass
class SpanRefs:
    """The links of a paragraph, and those of its link line (if it has one)."""

    refs: list[Ref] = field(default_factory=list)
    #: Refs of the first line that is only a short label and links (`[View Paper](…)`).
    line: list[Ref] = field(default_factory=list)

    @property
    def link_line(self) -> bool:
        """The paragraph has a line that is just a link (bare text URLs count when they
        name a paper: a bare `https://github.com/…` line is not a paper link)."""
        return any(ref.paper or not ref.bare for ref in self.line)


def paper_keys(refs: list[Ref]) -> set[str]:
    """The distinct papers refs name (an arXiv id without its version, an OpenReview id):
    `[arXiv](…/2503.10005) | [PDF](…/2503.10005v1)` is one paper."""
    keys = {f"arxiv:{ref.arxiv.id}" for ref in refs if ref.arxiv is not None}
    return keys | {f"openreview:{ref.openreview}" for ref in refs if ref.openreview}


# Front matter keys a one-paper note file names its paper under.
_META_KEYS = ("arxiv_id", "arxiv", "arxiv_url", "paper_url", "source_url", "source", "url",
              "link", "paper", "pdf", "pdf_url", "pdf_path")


def meta_refs(meta: dict[str, str]) -> list[Ref]:
    """The paper refs of a note file's front matter (`arxiv_id: "2607.18433"`,
    `source_url: http://arxiv.org/abs/…`), page links first."""
    found = []
    for key in _META_KEYS:
        value = meta.get(key, "").strip()
        if not value or len(value) > 300:
            continue
        if "://" in value:
            ref = _ref(value, False)
        elif "arxiv" in key:
            ref = Ref(None, parse_arxiv_id(value.removeprefix("arXiv:")), bare=True)
        else:
            continue
        if ref.paper:
            found.append(ref)
    return found if len(paper_keys(found)) == 1 else []


def _ref(href: str, bare: bool) -> Ref:
    arxiv = parse_arxiv_id(href)
    if arxiv is not None:
        return Ref(href, arxiv, bare=bare)
    return Ref(href, None, parse_openreview_id(href), parse_doi(href), bare)


def _bare_refs(text: str, says_arxiv: bool) -> list[tuple[int, int, Ref]]:
    found = []
    for match in _BARE.finditer(text):
        word = match.group(0).rstrip(_URL_TAIL)
        url = "://" in word
        if not (url or says_arxiv):
            continue  # `arXiv:ID` says it too
        ref = _ref(word, True) if url else Ref(None, parse_arxiv_id(word), bare=True)
        if ref.paper or url:
            found.append((match.start(), match.start() + len(word), ref))
    return found


def _pieces(children: list[Token], says_arxiv: bool) -> list[list[str | Ref]]:
    """The span as lines of text pieces and refs, in order."""
    lines: list[list[str | Ref]] = [[]]
    href: str | None = None
    for tok in children:
        kind = tok.type
        if href is not None:
            if kind == "link_close":
                lines[-1].append(_ref(href, False))
                href = None
            continue  # the link's own words are its label, not text around it
        if kind == "link_open":
            href = str(tok.attrs.get("href", ""))
        elif kind in ("softbreak", "hardbreak"):
            lines.append([])
        elif kind in ("text", "text_special", "code_inline"):
            text, pos = tok.content, 0
            for start, end, ref in _bare_refs(text, says_arxiv):
                lines[-1].extend((text[pos:start], ref))
                pos = end
            lines[-1].append(text[pos:])
    return lines


def _separator(text: str) -> bool:
    return not any(ch.isalnum() for ch in text)


def _short_label(text: str) -> bool:
    text = text.strip()
    return len(text) <= _MAX_LABEL and len(text.split()) <= 5


def _labelled_gap(text: str) -> bool:
    """Text between two links of a link line: separators (`|`, `·`), or separators and the
    next link's label (`, Code: `, ` | 代码：`)."""
    if _separator(text):
        return True
    label = text.strip().lstrip(",;|·•/").rstrip()
    return label.endswith((":", "：")) and _short_label(label)


def _is_link_line(pieces: list[str | Ref]) -> bool:
    """A short label (or none), then links with only separators (`|`, `·`) or the next
    link's label (`Paper: […](…), Code: […](…)`) between them."""
    at = [n for n, piece in enumerate(pieces) if isinstance(piece, Ref)]
    if not at:
        return False
    if not _short_label("".join(p for p in pieces[: at[0]] if isinstance(p, str))):
        return False
    gaps = ["".join(p for p in pieces[a + 1 : b] if isinstance(p, str))
            for a, b in pairwise(at)]
    tail = "".join(p for p in pieces[at[-1] + 1 :] if isinstance(p, str)).strip()
    short_aside = tail.startswith(("(", "（")) and len(tail) <= 16  # `(PDF)`, `(v2)`
    return all(map(_labelled_gap, gaps)) and (_separator(tail) or short_aside)


def span_refs(doc: Doc, raw: str) -> SpanRefs:
    """The links and ids of a paragraph's inline Markdown `raw`, and its link line."""
    if not _MAY_LINK.search(raw):
        return SpanRefs()
    if (link := plain_link(raw)) is not None:  # `[View Paper](url)`, without the parser
        ref = _ref(link[1], False)
        return SpanRefs([ref], [ref])
    says_arxiv = "arxiv" in raw.casefold()
    found = SpanRefs()
    for line in _pieces(doc.inline_tokens(raw), says_arxiv):
        refs = [piece for piece in line if isinstance(piece, Ref)]
        found.refs.extend(refs)
        if not found.line and _is_link_line(line):
            found.line = refs
    return found


def _inline_sources(tokens: list[Token]) -> Iterator[str]:
    """The inline Markdown of a container's paragraphs, or of a table's cells."""
    for tok in tokens:
        if tok.type == "inline":
            yield tok.content
        elif tok.type == "gfm_table":
            table: Table = tok.meta["table"]
            for row in (table.header, *table.rows):
                yield from (cell.strip() for cell in row)


def container_refs(doc: Doc, tokens: list[Token]) -> SpanRefs:
    """The links of a blockquote, list or table (its tokens), and its link lines: every
    paragraph or cell that is a link line counts, so a list of paper links is a list, not
    one paper's link line."""
    found = SpanRefs()
    for raw in _inline_sources(tokens):
        part = span_refs(doc, raw)
        found.refs.extend(part.refs)
        if part.link_line:
            found.line.extend(part.line)
    return found
