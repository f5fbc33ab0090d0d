"""PaperDetail: one paper as Markdown — links, abstracts, what each digest said, your notes.

Titles and authors are untrusted one-liners: control characters are made visible and
Markdown syntax is escaped so that a title can never become a link, a heading or HTML.
Digest notes are Markdown by nature and are rendered as such (with controls made visible,
raw HTML shown as text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from readlist.models import PRIORITY_MARK, Legend, Paper, Priority, ReadState
from readlist.text import safe_line, safe_text
from readlist.tui import keys

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$&])")

#: The page when no paper is selected (built directly: no Markdown parser at start-up).
EMPTY_PAGE = Content.assemble(
    ("No paper selected.", "italic"), "\n\nPress ", ("?", "bold"), " for every key, ",
    ("a", "bold"), " to add a paper by arXiv id, ", ("i", "bold"), " to import a digest.",
)


def md_escape(text: str) -> str:
    """One line of untrusted text, safe to embed in Markdown as plain text."""
    return _MD_SPECIAL.sub(r"\\\1", safe_line(text))


def md_url(url: str) -> str:
    """A URL as a Markdown link destination that cannot break out of the link."""
    return "<" + "".join(c if c.isprintable() and c not in "<> " else f"%{ord(c):02X}"
                         for c in url) + ">"


def md_block(text: str) -> str:
    """Multi-line untrusted Markdown (digest notes, abstracts): controls made visible."""
    return safe_text(text).strip()


#: A part of the detail page: Markdown, and whether its single line breaks are kept.
Part = tuple[str, bool]


def paper_parts(paper: Paper, legend: Legend,
                digest_names: Mapping[int, str] | None = None) -> list[Part]:
    """The detail page of a paper in parts: the user's notes keep their line breaks (they
    are written line by line), digest texts and abstracts flow as Markdown does.

    `digest_names`: how the TUI names each digest (its title when it has one)."""
    user = paper.user
    out = [f"# {md_escape(paper.display_title)}", ""]
    status = []
    if user.rating:
        found = legend.lookup(user.rating)
        status.append(f"{user.rating} {md_escape(found.meaning) if found else ''}".strip())
    if user.priority is not Priority.NONE:
        status.append(f"{md_escape(PRIORITY_MARK[user.priority])} {user.priority.value} priority")
    status.append(user.state.value if user.state is not ReadState.UNREAD else "unread")
    if not user.triaged:
        status.append("*untriaged*")
    status.extend(f"`#{t}`" for t in user.tags)
    out += [" · ".join(status), ""]
    if paper.authors:
        names = ", ".join(md_escape(a) for a in paper.authors)
        out += [f"**{names}**" + ("" if paper.author_count else " *et al.*"), ""]
    elif paper.first_author:
        out += [f"**{md_escape(paper.first_author)}** *et al.*", ""]
    meta = [f"`{safe_line(paper.key)}`"]
    if paper.arxiv_id and paper.arxiv_version:
        meta[0] = f"`{safe_line(paper.arxiv_id)}v{paper.arxiv_version}`"
    meta += [md_escape(x) for x in (paper.date, paper.venue) if x]
    if paper.votes is not None:
        meta.append(f"{paper.votes} votes")
    if paper.categories:
        meta.append(md_escape(", ".join(paper.categories)))
    out += [" · ".join(meta), ""]
    links = [(label, url) for label, url in (
        ("page", paper.url), ("PDF", paper.pdf_url), ("code", paper.links.code),
        ("review", paper.links.review)) if url]
    if links:
        out += [" · ".join(f"[{label}]({md_url(url)})" for label, url in links), ""]
    parts: list[Part] = [("\n".join(out).rstrip(), False)]
    if user.notes:
        parts.append((f"## My notes\n\n{md_block(user.notes)}", True))
    out = []
    for title, body in (("Abstract", paper.abstract),
                        ("Translated abstract", paper.abstract_translated),
                        ("Summary", paper.summary)):
        if body:
            out += [f"## {title}", "", md_block(body), ""]
    out += _provenance(paper, legend, digest_names or {})
    if out:
        parts.append(("\n".join(out).rstrip(), False))
    return parts


def _provenance(paper: Paper, legend: Legend, digest_names: Mapping[int, str]) -> list[str]:
    out: list[str] = []
    for prov in paper.provenance:
        digest = digest_names.get(prov.digest_id) or prov.digest_name
        where = " › ".join(md_escape(x) for x in (digest, prov.section, prov.subsection) if x)
        out += [f"## From {where}", ""]
        again = "; ".join(" › ".join(md_escape(x) for x in place if x)
                          for place in prov.also_in if any(place))
        if again:
            out += [f"Also listed under {again}", ""]
        if prov.author_rating:
            found = legend.lookup(prov.author_rating)
            meaning = f" {md_escape(found.meaning)}" if found else ""
            out += [f"Digest's rating: {prov.author_rating}{meaning}", ""]
        for body in (prov.blurb, prov.own_notes, prov.summary):
            if body:
                out += [md_block(body), ""]
        for comment in prov.comments:
            out += [f"> {md_escape(comment)}", ""]
    return out


class PaperDetail(VerticalScroll, can_focus=True):
    """The selected paper, written as Markdown and rendered in one Static (j/k scroll)."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.DETAIL_KEYS)

    def __init__(self, legend: Legend, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.legend = legend
        self.paper: Paper | None = None
        #: Digest id → the name to show (its title when it has one), set by the screen.
        self.digest_names: Mapping[int, str] = {}
        #: The Markdown shown ("" for the empty page).
        self.markdown_text = ""

    def compose(self) -> ComposeResult:
        yield Static(EMPTY_PAGE, id="detail-body")

    def mark_stale(self, pid: int) -> None:
        """Dim the page while it shows another paper than `pid` (its details are loading)."""
        self.set_class(self.paper is not None and self.paper.pid != pid, "-stale")

    def show(self, paper: Paper | None) -> None:
        """Render `paper` (None: the empty page); does nothing when the text is unchanged."""
        self.paper = paper
        self.remove_class("-stale")
        parts = [] if paper is None else paper_parts(paper, self.legend, self.digest_names)
        text = "\n\n".join(part for part, _ in parts) + "\n" if parts else ""
        if text == self.markdown_text:
            return
        scroll_home = paper is None or self.markdown_text.split("\n", 1)[0] != text.split("\n", 1)[0]
        self.markdown_text = text
        body = self.query_one("#detail-body", Static)
        if paper is None:
            body.update(EMPTY_PAGE)
        else:
            from readlist.tui.markdown_text import markdown_content  # not needed to start

            body.update(Content("\n\n").join(
                markdown_content(part, hard_breaks=hard) for part, hard in parts))
        if scroll_home:
            self.scroll_home(animate=False)
