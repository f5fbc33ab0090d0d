"""What every command shares: option aliases, the library, consoles, JSON and messages.

Kept light on purpose: importing this module (which `readlist --help` does) pulls in neither
the service nor Rich. Both load inside the functions that need them.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from readlist.config import SORT_KEYS
from readlist.errors import UsageError
from readlist.text import safe_line

if TYPE_CHECKING:
    from rich.console import Console

    from readlist.service import Library

# -- shared options and arguments ----------------------------------------------------------

JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print JSON (for scripts) instead of a table.")
]
WhereOpt = Annotated[
    str | None,
    typer.Option(
        "--where",
        "-w",
        metavar="QUERY",
        help="Act on every paper matching QUERY (the `readlist list` query language) "
        "instead of TARGETs.",
    ),
]
TargetsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="TARGET",
        help="Papers: library key (or a unique prefix of it), arXiv id or URL, OpenReview "
        "id or URL, DOI, or link.",
        show_default=False,
    ),
]
TargetArg = Annotated[
    str,
    typer.Argument(
        metavar="TARGET",
        help="A paper: library key (or a unique prefix of it), arXiv id or URL, OpenReview "
        "id or URL, DOI, or link.",
        show_default=False,
    ),
]
YesFlag = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


def check_sort(value: str | None) -> str | None:
    """Validate `--sort` (a plain string so `--help` needs no enum of the config's keys)."""
    if value is not None and value not in SORT_KEYS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(SORT_KEYS)}")
    return value


SortOpt = Annotated[
    str | None,
    typer.Option(
        "--sort",
        metavar="KEY",
        callback=check_sort,
        help=f"Sort by {', '.join(SORT_KEYS)} (default: config's default_sort, else added).",
        show_default=False,
    ),
]

# -- the library ---------------------------------------------------------------------------


def open_library() -> Library:
    """The library in READLIST_HOME, else in the platform's user folders."""
    from readlist.paths import resolve_home
    from readlist.service import Library

    return Library(resolve_home())


def pick_pids(library: Library, targets: list[str] | None, where: str | None, verb: str) -> list[int]:
    """The papers a triage command acts on: TARGETs or --where QUERY, exactly one of them.

    Every TARGET is resolved before anything changes, so an unknown one changes nothing.
    """
    if targets and where is not None:
        raise UsageError(f"{verb}: give TARGETs or --where QUERY, not both")
    if not targets and where is None:
        raise UsageError(f"{verb}: give at least one TARGET or --where QUERY (see readlist {verb} --help)")
    if where is not None:
        return library.query_pids(library.parse_query(where))
    return library.resolve_many(targets or [])


# -- output --------------------------------------------------------------------------------


def console(*, stderr: bool = False) -> Console:
    """A Rich console that never interprets markup, emoji codes or highlights in strings.

    Renderers pass `rich.text.Text` objects anyway; these defaults make an accidental plain
    string harmless too.
    """
    from rich.console import Console

    return Console(stderr=stderr, markup=False, emoji=False, highlight=False)


def print_json(data: Any) -> None:
    """JSON on stdout: two-space indent, non-ASCII kept as is, newline-terminated."""
    import orjson

    typer.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE), nl=False)


def say(message: str) -> None:
    """One line of plain output on stdout (untrusted parts made visible-safe)."""
    typer.echo(safe_line(message))


def warn(message: str) -> None:
    """One `readlist: ...` line on stderr."""
    typer.echo(f"readlist: {safe_line(message)}", err=True)


def plural(count: int, noun: str) -> str:
    """`1 paper`, `3 papers`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def stdin_is_interactive() -> bool:
    """True when a person can answer a question on stdin (tests monkeypatch this)."""
    return sys.stdin is not None and sys.stdin.isatty()


def debug_enabled() -> bool:
    """READLIST_DEBUG=1 shows tracebacks of unexpected errors."""
    return os.environ.get("READLIST_DEBUG", "") not in ("", "0")
