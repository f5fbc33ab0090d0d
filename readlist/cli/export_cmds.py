"""`readlist export markdown|json|bibtex|csl`: thin commands over readlist.service.export_ops.

Exports go to stdout; `-o FILE` writes the file atomically and refuses to replace an
existing one without `--force`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from readlist.cli import app
from readlist.cli.common import open_library, say
from readlist.errors import UsageError

export_app = typer.Typer(
    name="export",
    help="Export papers: a shareable Markdown post, a JSON backup, BibTeX or CSL-JSON.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(export_app)

# `-tag:x` is a negated query term, not an option: let it through as a QUERY word.
_QUERY_SETTINGS = {"ignore_unknown_options": True, "help_option_names": ["-h", "--help"]}

QueryArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[QUERY]",
        help="Export only the papers matching this query (the `readlist list` language); "
        "default: every paper.",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", dir_okay=False,
                 help="Write to FILE (atomically) instead of stdout.", show_default=False),
]
ForceFlag = Annotated[
    bool, typer.Option("--force", help="Replace FILE when it already exists.")
]


def _query(words: list[str] | None) -> str:
    for word in words or []:
        if word.startswith("--"):
            raise UsageError(f"no such option: {word} (query terms cannot start with --)")
    return " ".join(words or [])


def _emit(text: str, output: Path | None, force: bool) -> None:
    if output is None:
        typer.echo(text, nl=False)
        return
    from readlist.service.export_ops import write_export

    write_export(output, text, force=force)
    say(f"exported to {output}")


@export_app.command(
    "markdown",
    context_settings=_QUERY_SETTINGS,
    epilog="\b\nExamples:\n"
    "  readlist export markdown -o reading-list.md\n"
    "  readlist export markdown rating:red --group-by rating --title 'ICLR picks'\n"
    "  readlist export markdown digest:iclr2024 --with-summaries > post.md\n"
    "  readlist import reading-list.md               restores the papers and their state",
)
def markdown(
    query: QueryArg = None,
    output: OutputOpt = None,
    force: ForceFlag = False,
    group_by: Annotated[
        str,
        typer.Option("--group-by", metavar="KEY",
                     help="One heading per: section, digest, rating, tag, state or priority."),
    ] = "section",
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TEXT", help="The document title (front matter).",
                     show_default=False),
    ] = None,
    with_summaries: Annotated[
        bool, typer.Option("--with-summaries", help="Add each digest's blurb under its paper.")
    ] = False,
    front_matter: Annotated[
        bool,
        typer.Option("--front-matter/--no-front-matter",
                     help="Start with Jekyll front matter (title, date, tags), "
                     "else a # title heading."),
    ] = True,
) -> None:
    """A Markdown post (task list, rating legend, notes) that imports back with your triage.

    Importing it restores every paper with its read state, rating, priority, tags and notes;
    abstracts and digests' summaries travel only in `readlist export json`.
    """
    from readlist.service.export_ops import export_markdown

    text = export_markdown(open_library(), _query(query), group_by=group_by, title=title,
                           with_summaries=with_summaries, front_matter=front_matter)
    _emit(text, output, force)


@export_app.command(
    "json",
    context_settings=_QUERY_SETTINGS,
    epilog="\b\nExamples:\n"
    "  readlist export json -o backup.json\n"
    "  readlist import backup.json       exact into an empty library, else a merge",
)
def json_(query: QueryArg = None, output: OutputOpt = None, force: ForceFlag = False) -> None:
    """A complete, versioned backup: papers, user state, digests, provenance."""
    from readlist.service.export_ops import export_json

    _emit(export_json(open_library(), _query(query)), output, force)


@export_app.command(
    "bibtex",
    context_settings=_QUERY_SETTINGS,
    epilog="\b\nExamples:\n"
    "  readlist export bibtex is:read -o refs.bib\n"
    "  readlist export bibtex tag:thesis >> thesis.bib",
)
def bibtex(query: QueryArg = None, output: OutputOpt = None, force: ForceFlag = False) -> None:
    """BibTeX entries (arXiv papers as @misc with eprint fields)."""
    from readlist.service.export_ops import export_bibtex

    _emit(export_bibtex(open_library(), _query(query)), output, force)


@export_app.command(
    "csl",
    context_settings=_QUERY_SETTINGS,
    epilog="\b\nExample:\n  readlist export csl tag:thesis -o refs.json",
)
def csl(query: QueryArg = None, output: OutputOpt = None, force: ForceFlag = False) -> None:
    """CSL-JSON items (for pandoc/citeproc and Zotero), keyed like the BibTeX export."""
    from readlist.service.export_ops import export_csl

    _emit(export_csl(open_library(), _query(query)), output, force)
