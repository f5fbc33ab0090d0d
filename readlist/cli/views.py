"""The richer views: one paper (`show`), import reports, library stats.

Same rule as `readlist.cli.render`: untrusted text only as safe `Text`, never markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from readlist.cli.render import PRIORITY_STYLE, STATE_STYLE, block, line
from readlist.models import PRIORITY_MARK, Legend, Paper, Priority
from readlist.service import Stats
from readlist.text import safe_line

if TYPE_CHECKING:
    from readlist.service.import_report import ImportReport


def _rating_label(emoji: str | None, legend: Legend, source: str | None) -> str:
    if not emoji:
        return "none"
    found = legend.lookup(emoji)
    label = f"{emoji} {found.name}" if found else emoji
    return f"{label} (from the digest)" if source == "digest" else label


def _grid(rows: Iterable[tuple[str, Text | str]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in rows:
        grid.add_row(label, value if isinstance(value, Text) else line(value))
    return grid


def _section(title: str, body: RenderableType) -> Group:
    return Group(Text(""), Text(title, style="bold underline"), Padding(body, (0, 0, 0, 2)))


def paper_view(paper: Paper, legend: Legend) -> Group:
    """Everything `readlist show` knows about one paper."""
    ids: list[tuple[str, Text | str]] = [("Key", line(paper.key, "cyan"))]
    if paper.arxiv_id:
        version = f"v{paper.arxiv_version}" if paper.arxiv_version else ""
        ids.append(("arXiv", paper.arxiv_id + version))
    if paper.openreview_id:
        ids.append(("OpenReview", paper.openreview_id))
    if paper.doi:
        ids.append(("DOI", paper.doi))
    if paper.authors or paper.first_author:
        authors = ", ".join(paper.authors) or paper.first_author or ""
        ids.append(("Authors", authors + (" et al." if paper.author_count == 0 else "")))
    for label, value in (("Date", paper.date), ("Venue", paper.venue), ("Votes", paper.votes),
                         ("Categories", ", ".join(paper.categories)),
                         ("Journal", paper.journal_ref), ("Comment", paper.comment)):
        if value not in (None, ""):
            ids.append((label, str(value)))
    user = paper.user
    priority = f"{user.priority.value} {PRIORITY_MARK[user.priority]}".strip()
    mine: list[tuple[str, Text | str]] = [
        ("State", Text(user.state.value, style=STATE_STYLE.get(user.state.value, ""))),
        ("Priority", Text(priority, style=PRIORITY_STYLE[user.priority.value])),
        ("Rating", _rating_label(user.rating, legend, user.rating_source)),
        ("Tags", " ".join(f"#{t}" for t in user.tags) or "none"),
        ("Added", paper.added),
    ]
    if user.updated and user.triaged:
        mine.append(("Updated", user.updated))
    parts: list[RenderableType] = [line(paper.display_title, "bold"), _grid(ids), Text(""), _grid(mine)]
    page = paper.url if paper.url != paper.links.review else None
    links = [(kind, url) for kind, url in (("page", page), ("pdf", paper.pdf_url),
                                           ("code", paper.links.code),
                                           ("review", paper.links.review)) if url]
    if links:
        parts.append(_section("Links", _grid(links)))
    for title, text in (("Abstract", paper.abstract), ("Abstract (translated)",
                        paper.abstract_translated), ("Summary", paper.summary)):
        if text:
            parts.append(_section(title, block(text)))
    if paper.provenance:
        parts.append(_section("Digests", Group(*_provenance(paper, legend))))
    if user.notes:
        parts.append(_section("Your notes", block(user.notes)))
    return Group(*parts)


def _labelled(label: str, text: str) -> RenderableType:
    """`label: text` on one line, or the label above an indented block when multi-line."""
    if "\n" not in text.strip():
        return Text.assemble((f"{label}: ", "dim"), block(text))
    return Group(Text(f"{label}:", style="dim"), Padding(block(text), (0, 0, 0, 2)))


def _provenance(paper: Paper, legend: Legend) -> list[RenderableType]:
    out: list[RenderableType] = []
    for prov in paper.provenance:
        head = Text.assemble((safe_line(prov.digest_name), "bold cyan"), f" ({safe_line(prov.family)})")
        where = " › ".join(safe_line(s) for s in (prov.section, prov.subsection) if s)
        if where:
            head.append(f" · {where}")
        for place in prov.also_in:
            again = " › ".join(safe_line(s) for s in place if s)
            if again:
                head.append(f" · also {again}")
        head.append(f" · #{prov.position}")
        if prov.author_rating:
            head.append(" · author's rating " + _rating_label(safe_line(prov.author_rating), legend, None))
        body: list[RenderableType] = []
        if prov.blurb:
            body.append(block(prov.blurb))
        texts = [("notes", prov.own_notes)]
        if prov.summary and prov.summary != paper.summary:
            texts.append(("summary", prov.summary))
        texts.extend(("comment", c) for c in prov.comments)
        for label, text in texts:
            if text:
                body.append(_labelled(label, text))
        out.append(head)
        if body:
            out.append(Padding(Group(*body), (0, 0, 0, 2)))
    return out


# -- imports -------------------------------------------------------------------------------


def import_report(report: ImportReport) -> Group:
    """One digest's import: family, name, counts, every skip and warning."""
    head = Text.assemble(
        (safe_line(report.name or "?"), "bold cyan"),
        (f"  [{safe_line(report.family)}]", "magenta"),
    )
    if report.title:
        head.append("  " + safe_line(report.title))
    rows: list[RenderableType] = [head, line(f"  from {report.source}", "dim")]
    counts = (f"  {report.found} {'paper' if report.found == 1 else 'papers'} found: "
              f"{report.new} new, {report.merged} merged, {report.unchanged} unchanged, "
              f"{len(report.skipped)} skipped")
    rows.append(Text(counts))
    if report.already_imported:
        rows.append(Text("  already imported: this exact digest is in the library", style="dim"))
    for skipped in report.skipped:
        where = f"line {skipped.line}" if skipped.line is not None else "somewhere"
        item = line(f"  skipped ({where}): {skipped.reason}", "yellow")
        if skipped.text:
            item.append(line(f" — {skipped.text}", "dim"))
        rows.append(item)
    rows.extend(line(f"  warning: {w}", "yellow") for w in report.warnings)
    if report.error:
        rows.append(line(f"  error: {report.error}", "red"))
    return Group(*rows)


# -- stats --------------------------------------------------------------------------------


def _counts(items: Iterable[tuple[str, int]]) -> Text:
    text = Text()
    for i, (label, count) in enumerate(items):
        if i:
            text.append("  ")
        text.append(safe_line(label))
        text.append(f" {count}", style="bold")
    return text if text.plain else Text("none", style="dim")


def stats_view(stats: Stats, legend: Legend) -> Group:
    """Library totals by state, priority, rating (legend order, with meanings), tag, family."""
    summary = Text(
        f"{stats.papers} {'paper' if stats.papers == 1 else 'papers'} in {stats.digests} "
        f"{'digest' if stats.digests == 1 else 'digests'}: {stats.triaged} triaged, "
        f"{stats.with_notes} with notes, {stats.pending} pending"
    )
    ratings = Table.grid(padding=(0, 2))
    for column in ("", "", "", ""):
        ratings.add_column(column)
    for rating in legend.ratings:
        ratings.add_row(line(rating.emoji), line(rating.name), line(rating.meaning, "dim"),
                        str(stats.by_rating.get(rating.emoji, 0)))
    unrated = stats.papers - sum(stats.by_rating.values())
    ratings.add_row("", "unrated", "", str(unrated))
    priorities = [(f"{p.value} {PRIORITY_MARK[p]}".strip(), stats.by_priority.get(p.value, 0))
                  for p in Priority]
    grid = _grid([
        ("State", _counts(stats.by_state.items())),
        ("Priority", _counts(priorities)),
        ("Tags", _counts((f"#{t}", n) for t, n in stats.tags.items())),
        ("Families", _counts(stats.families.items())),
    ])
    return Group(summary, Text(""), grid, _section("Ratings", ratings))
