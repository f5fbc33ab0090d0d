"""Commands that read or fill the library: import, list, show, digests, stats, formats."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from readlist.cli import app
from readlist.cli.common import (
    JsonFlag,
    SortOpt,
    TargetArg,
    console,
    open_library,
    plural,
    print_json,
    say,
    warn,
)
from readlist.errors import UsageError

if TYPE_CHECKING:
    from readlist.service.import_report import ImportReport


@app.command(
    "import",
    epilog="\b\nExamples:\n"
    "  readlist import iclr2024.md daily/            files and whole folders\n"
    "  readlist import https://example.org/feed.xml  a URL\n"
    "  curl -s URL | readlist import -               stdin\n"
    "  readlist import --dry-run --format post x.md  check a file, write nothing",
)
def import_(
    sources: Annotated[
        list[str],
        typer.Argument(
            metavar="SOURCE",
            help="Digest files, folders (every file in them), http(s) URLs, or - for stdin.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", metavar="FORMAT",
            help="Parse every source with this importer instead of detecting it "
            "(see readlist formats).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be imported; write nothing.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Import digests: every paper, merged with what the library already holds.

    Sound sources are imported even when others fail; each failure is one line on stderr
    and the exit status is then 1.
    """
    from readlist.cli.progress import import_progress
    from readlist.importers import plugin_errors

    library = open_library()
    interactive_stdin = "-" in sources and sys.stdin is not None and sys.stdin.isatty()
    with import_progress(console(stderr=True), enabled=not as_json and not interactive_stdin) as tick:
        outcome = library.import_sources(sources, fmt=fmt, dry_run=dry_run, progress=tick)
    for message in plugin_errors():
        warn(f"warning: {message}")
    if as_json:
        from readlist.cli.json_views import import_json

        print_json(import_json(outcome, dry_run))
    else:
        _print_import(outcome.reports, dry_run)
        for error in outcome.errors:
            message = error.message
            warn(message if error.source in message else f"{error.source}: {message}")
    if not outcome.ok:
        raise typer.Exit(1)


def _print_import(reports: list[ImportReport], dry_run: bool) -> None:
    from readlist.cli.render import print_rendered
    from readlist.cli.views import import_report

    out = console()
    for report in reports:
        print_rendered(out, import_report(report))
    if len(reports) > 1:
        new = sum(r.new for r in reports)
        merged = sum(r.merged for r in reports)
        unchanged = sum(r.unchanged for r in reports)
        say(f"{plural(len(reports), 'digest')}: {new} new, {merged} merged, "
            f"{unchanged} unchanged papers")
    if dry_run:
        say("dry run: nothing was written to the library")


@app.command(
    "list",
    # `-tag:x` is a negated query term, not an option: let it through as a QUERY word.
    context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]},
    epilog="\b\nExamples:\n"
    "  readlist list                              every paper, newest import first\n"
    "  readlist list is:unread rating:red --limit 20\n"
    "  readlist list diffusion -tag:done --sort date\n"
    "  readlist list 'tag:todo OR priority:high' --json",
)
def list_(
    ctx: typer.Context,
    query: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="QUERY",
            help="Query words, joined with spaces (free words, \"phrases\", field:value, "
            "-negation, OR). Fields: is: rating: priority: tag: digest: section: family: "
            "venue: title: year: has:",
            show_default=False,
        ),
    ] = None,
    sort: SortOpt = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=0, metavar="N", help="Show at most N papers.",
                     show_default=False),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List papers matching a query, as a table or JSON."""
    words = query or []
    if words == ["-h"]:  # `-h` alone would be the query "not h"; nobody means that
        typer.echo(ctx.get_help())
        return
    for word in words:
        if word.startswith("--"):
            raise UsageError(f"no such option: {word} (query terms cannot start with --)")
    text = " ".join(words)
    library = open_library()
    parsed = library.parse_query(text)
    matching = library.ranked_pids(parsed, sort=sort, reverse=reverse)
    shown = matching if limit is None else matching[:limit]
    papers = library.papers(shown, details=as_json)
    names = {did: str(doc.get("name", f"digest-{did}")) for did, doc in library.digest_docs().items()}
    if as_json:
        from readlist.service.records import paper_json

        print_json([paper_json(p, names) for p in papers])
        return
    from readlist.cli.render import list_caption, paper_table, print_rendered

    out = console()
    total = library.count()
    if papers:
        print_rendered(out, paper_table(papers, names, width=out.width if out.is_terminal else None))
    print_rendered(out, list_caption(len(papers), len(matching), total, text))


@app.command(
    "show",
    epilog="\b\nExamples:\n"
    "  readlist show 2406.02543\n"
    "  readlist show https://openreview.net/forum?id=abc123 --json",
)
def show(target: TargetArg, as_json: JsonFlag = False) -> None:
    """Everything about one paper: ids, links, abstract, summary, digests, your triage."""
    library = open_library()
    paper = library.paper(library.resolve(target), details=True)
    if as_json:
        from readlist.cli.json_views import paper_detail_json

        names = {p.digest_id: p.digest_name for p in paper.provenance}
        print_json(paper_detail_json(paper, names))
        return
    from readlist.cli.render import print_rendered
    from readlist.cli.views import paper_view

    print_rendered(console(), paper_view(paper, library.legend))


@app.command("digests", epilog="\b\nExample:\n  readlist digests --json")
def digests(as_json: JsonFlag = False) -> None:
    """The imported digests with their read progress."""
    summaries = open_library().digests()
    if as_json:
        from readlist.cli.json_views import digest_json

        print_json([digest_json(s) for s in summaries])
        return
    if not summaries:
        say("no digests yet: import one with `readlist import FILE`")
        return
    from readlist.cli.render import digests_table, print_rendered

    out = console()
    print_rendered(out, digests_table(summaries, width=out.width if out.is_terminal else None))


@app.command("stats", epilog="\b\nExample:\n  readlist stats --json")
def stats(as_json: JsonFlag = False) -> None:
    """Library totals by state, priority, rating, tag and digest family."""
    library = open_library()
    result = library.stats()
    if as_json:
        from readlist.cli.json_views import stats_json

        print_json(stats_json(result, library.legend))
        return
    from readlist.cli.render import print_rendered
    from readlist.cli.views import stats_view

    print_rendered(console(), stats_view(result, library.legend))


@app.command(
    "formats",
    epilog="\b\nExamples:\n"
    "  readlist formats --json\n"
    "  readlist import --format post notes.md   then use a name",
)
def formats(as_json: JsonFlag = False) -> None:
    """The digest formats readlist imports (names for import --format)."""
    from readlist.importers import known_formats, plugin_errors

    found = known_formats()
    for message in plugin_errors():
        warn(f"warning: {message}")
    if as_json:
        print_json([{"name": name, "description": text} for name, text in found])
        return
    width = max(len(name) for name, _ in found)
    for name, text in found:
        say(f"{name.ljust(width)}  {text}")
