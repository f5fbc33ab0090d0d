"""Commands that ask arXiv: add, enrich, resolve.

Thin: the work is in `readlist.service.arxiv_ops` / `arxiv_enrich` / `arxiv_resolve`, imported inside each
command so that httpx loads only when a network command actually runs.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Annotated, Any

import typer

from readlist.cli import app
from readlist.cli.common import JsonFlag, console, open_library, plural, print_json, say, warn
from readlist.errors import UsageError

if TYPE_CHECKING:
    from readlist.service.arxiv_enrich import EnrichReport
    from readlist.service.arxiv_ops import AddReport
    from readlist.service.arxiv_resolve import ResolveReport

EXIT_INTERRUPTED = 130
_QUERY_SETTINGS = {"ignore_unknown_options": True, "help_option_names": ["--help"]}

QueryArg = Annotated[
    list[str] | None,
    typer.Argument(metavar="QUERY", show_default=False,
                   help="Only papers matching this query (the `readlist list` language)."),
]


@contextlib.contextmanager
def _progress(label: str, enabled: bool) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr (only on a terminal), fed by (done, total) callbacks."""
    err = console(stderr=True)
    if not enabled or not err.is_terminal:
        yield lambda done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(label, markup=False), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _query_text(words: list[str] | None) -> str:
    for word in words or []:
        if word.startswith("--"):
            raise UsageError(f"no such option: {word} (query terms cannot start with --)")
    return " ".join(words or [])


@app.command(
    "add",
    epilog="\b\nExamples:\n"
    "  readlist add 2406.02543 arXiv:2406.02539v1 https://arxiv.org/pdf/2406.02537.pdf\n"
    "  readlist add https://huggingface.co/papers/2410.05258 --tag llm --priority high",
)
def add(
    ids: Annotated[list[str], typer.Argument(
        metavar="ID_OR_URL", show_default=False,
        help="arXiv ids (new or old style, with or without version or arXiv: prefix) or "
        "arxiv.org abs/pdf/html, alphaxiv or huggingface.co/papers URLs.")],
    tags: Annotated[list[str] | None, typer.Option("--tag", "-t", metavar="TAG",
                                                   help="Tag the papers (repeatable).")] = None,
    rating: Annotated[str | None, typer.Option("--rating", "-r", metavar="RATING",
                                               help="Rate the papers (emoji, name or number).")] = None,
    priority: Annotated[str | None, typer.Option("--priority", "-p", metavar="PRIORITY",
                                                 help="high, medium, low or none.")] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT",
                                             help="Add TEXT to the papers' notes.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add papers by arXiv id or URL, with full metadata from the arXiv API.

    A paper already in the library gains the metadata and keeps your state. Several ids
    go in one request. When arXiv cannot be reached the papers are recorded as pending
    (`readlist enrich` completes them later). Exit status 1 when any id failed.
    """
    from readlist.service.arxiv_ops import UserOptions, add_papers, open_client

    library = open_library()
    options = UserOptions.checked(library, tags or [], rating, priority, note)
    with open_client(library) as client:
        report = add_papers(library, ids, client=client, options=options)
    if as_json:
        print_json(dataclasses.asdict(report))
    else:
        _print_add(report)
    if not report.ok:
        raise typer.Exit(1)


def _print_add(report: AddReport) -> None:
    verbs = {"new": "added", "merged": "updated", "unchanged": "unchanged", "pending": "pending"}
    for paper in report.papers:
        say(f"{verbs[paper.status]:<9} {paper.key}  {paper.title}".rstrip())
    for spec, reason in report.failed:
        warn(f"{spec}: {reason}")
    pending = sum(p.status == "pending" for p in report.papers)
    if report.outage:
        warn(f"{report.outage}; recorded {plural(pending, 'paper')} as pending: "
             "run `readlist enrich` later")
    if report.failed and report.papers:
        ok = len(report.papers) - pending
        warn(f"{plural(ok, 'paper')} added or updated, {len(report.failed)} failed")


@app.command(
    "enrich",
    context_settings=_QUERY_SETTINGS,
    epilog="\b\nExamples:\n  readlist enrich\n  readlist enrich is:pending\n"
    "  readlist enrich digest:hf-2024-10-11",
)
def enrich(
    query: QueryArg = None,
    retry_missing: Annotated[bool, typer.Option(
        "--retry-missing", help="Ask again for ids arXiv did not know in an earlier run.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Fill in missing arXiv metadata (authors, abstract, dates, categories, DOI...).

    Works in batches of 100 and is resumable: interrupt it and run it again, it continues
    where it stopped and never asks for what the library already has.
    """
    from readlist.service.arxiv_enrich import enrich as run_enrich
    from readlist.service.arxiv_ops import open_client

    library = open_library()
    text = _query_text(query)
    with open_client(library) as client, _progress("enriching", not as_json) as tick:
        report = run_enrich(library, text, client=client, progress=tick, retry_missing=retry_missing)
    _finish(report, _print_enrich, as_json)


def _finish(report: Any, show: Callable[[Any], None], as_json: bool) -> None:
    """Print an enrich/resolve report; exit 130 when interrupted, 1 after an outage."""
    if as_json:
        print_json(dataclasses.asdict(report))
    else:
        show(report)
    if report.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    if report.outage:
        raise typer.Exit(1)


def _print_enrich(report: EnrichReport) -> None:
    if not report.todo and not report.skipped_missing:
        say("nothing to enrich: every matching paper with an arXiv id has its metadata")
        return
    say(f"enriched {plural(report.enriched, 'paper')}"
        + (f", {report.unchanged} already complete" if report.unchanged else "")
        + f" ({plural(report.requests, 'request')}, {report.cached} from cache)")
    if report.missing:
        warn(f"not on arXiv: {', '.join(report.missing)}")
    for ident, message in report.rejected.items():
        warn(f"{ident}: rejected by arXiv: {message}")
    if report.skipped_missing:
        say(f"skipped {plural(report.skipped_missing, 'id')} arXiv did not know before "
            "(--retry-missing asks again)")
    if report.interrupted:
        warn(f"interrupted: {report.remaining} left; run `readlist enrich` again to continue")
    elif report.outage:
        warn(f"{report.outage}; {report.remaining} left: run `readlist enrich` again later")


@app.command(
    "resolve",
    context_settings=_QUERY_SETTINGS,
    epilog="\b\nExamples:\n  readlist resolve\n  readlist resolve family:rss --dry-run\n"
    "  readlist resolve some-title-key --accept 2406.02543",
)
def resolve(
    query: QueryArg = None,
    accept: Annotated[str | None, typer.Option(
        "--accept", metavar="ARXIV_ID",
        help="With one TARGET as QUERY: that paper is this arXiv paper.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show matches; change nothing.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Find the arXiv id of papers known only by title or OpenReview id.

    Only a certain match is attached (the same title after normalisation, nothing
    contradicting it); the rest are listed with the best candidate and its score.
    A paper whose arXiv twin is already in the library merges with it.
    """
    from readlist.service.arxiv_ops import open_client
    from readlist.service.arxiv_resolve import accept_match, resolve_titles

    library = open_library()
    if accept is not None:
        if not query or len(query) != 1:
            raise UsageError("resolve --accept ARXIV_ID takes exactly one TARGET")
        with open_client(library) as client:
            match = accept_match(library, query[0], accept, client=client)
        if as_json:
            print_json(dataclasses.asdict(match))
        else:
            how = "merged into" if match.merged else "is now"
            say(f"{match.old_key} {how} {match.key}  {match.title} "
                f"(title similarity {match.score:.2f})")
        return
    text = _query_text(query)
    with open_client(library) as client, _progress("resolving", not as_json) as tick:
        report = resolve_titles(library, text, client=client, progress=tick, dry_run=dry_run)
    _finish(report, _print_resolve, as_json)


def _print_resolve(report: ResolveReport) -> None:
    if not report.todo:
        say("nothing to resolve: every matching paper has an arXiv id")
        return
    for m in report.resolved:
        how = "would merge into" if report.dry_run else ("merged into" if m.merged else "→")
        say(f"resolved   {m.old_key} {how} {m.arxiv_id}  {m.title}")
    for u in report.unresolved:
        say(f"unresolved {u.key}  {u.title}")
        best = (f"best: {u.best_id} ({u.best_score:.2f}) {u.best_title}" if u.best_id
                else "no candidate")
        say(f"           {u.reason}; {best}")
    say(f"{len(report.resolved)} resolved, {len(report.unresolved)} unresolved"
        + (" (dry run: nothing changed)" if report.dry_run else ""))
    if any(u.best_id for u in report.unresolved):
        say("accept a candidate with: readlist resolve TARGET --accept ARXIV_ID")
    if report.interrupted:
        warn(f"interrupted: {report.remaining} left; run `readlist resolve` again to continue")
    elif report.outage:
        warn(f"{report.outage}; {report.remaining} left: run `readlist resolve` again later")
