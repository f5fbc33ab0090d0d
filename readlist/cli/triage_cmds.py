"""Triage commands: mark, rate, priority, tag, untag, note, rm.

Each acts on TARGETs or on `--where QUERY` (exactly one of the two), resolves every target
before changing anything, and says how many papers changed.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from readlist.cli import app
from readlist.cli.common import (
    TargetArg,
    TargetsArg,
    WhereOpt,
    YesFlag,
    open_library,
    pick_pids,
    plural,
    say,
    stdin_is_interactive,
)
from readlist.errors import UsageError
from readlist.models import Priority, ReadState

if TYPE_CHECKING:
    from readlist.service import Change, Library


def _targets(library: Library, targets: list[str] | None, where: str | None, verb: str) -> list[int]:
    pids = pick_pids(library, targets, where, verb)
    if not pids:
        say(f"no papers match {where!r}: nothing changed")
    return pids


def _already(asked: int, change: Change, phrase: str) -> str:
    """` (2 already were)` for the papers the action did not change."""
    rest = asked - change.count
    return f" ({rest} {phrase})" if rest else ""


@app.command(
    "mark",
    epilog="\b\nExamples:\n"
    "  readlist mark read 2406.02543 2404.16710\n"
    "  readlist mark skipped --where 'digest:iclr rating:none'",
)
def mark(
    state: Annotated[
        ReadState,
        typer.Argument(case_sensitive=False, metavar="STATE", help="The new state.",
                       show_default=False),
    ],
    targets: TargetsArg = None,
    where: WhereOpt = None,
) -> None:
    """Set the reading state of papers: unread, reading, read or skipped."""
    library = open_library()
    pids = _targets(library, targets, where, "mark")
    if not pids:
        return
    change = library.mark(pids, state)
    verb = "already was" if len(pids) - change.count == 1 else "already were"
    say(f"marked {plural(change.count, 'paper')} {state.value}{_already(len(pids), change, verb)}")


@app.command(
    "rate",
    epilog="\b\nExamples:\n"
    "  readlist rate 🔴 2406.02543\n"
    "  readlist rate objective --where 'digest:iclr is:unread'\n"
    "  readlist rate 2 2406.02543          second entry of the legend\n"
    "  readlist rate none 2406.02543       clear the rating",
)
def rate(
    rating: Annotated[
        str,
        typer.Argument(
            metavar="RATING",
            help="An emoji of the legend, its name or alias, its number (1 = first), or none.",
            show_default=False,
        ),
    ],
    targets: TargetsArg = None,
    where: WhereOpt = None,
) -> None:
    """Rate papers with the legend of config.toml (see readlist stats)."""
    library = open_library()
    emoji = library.rating_emoji(rating)  # an unknown rating fails before any lookup
    pids = _targets(library, targets, where, "rate")
    if not pids:
        return
    change = library.rate(pids, emoji)
    if emoji is None:
        already = _already(len(pids), change, "already had none")
        say(f"cleared the rating of {plural(change.count, 'paper')}{already}")
        return
    already = _already(len(pids), change, "already had it")
    found = library.legend.lookup(emoji)
    label = f"{emoji} {found.name}" if found else emoji
    say(f"rated {plural(change.count, 'paper')} {label}{already}")


@app.command(
    "priority",
    epilog="\b\nExamples:\n"
    "  readlist priority high 2406.02543\n"
    "  readlist priority none --where priority:low",
)
def priority(
    level: Annotated[
        Priority,
        typer.Argument(case_sensitive=False, metavar="LEVEL", help="high, medium, low or none.",
                       show_default=False),
    ],
    targets: TargetsArg = None,
    where: WhereOpt = None,
) -> None:
    """Set how soon you want to read papers."""
    library = open_library()
    pids = _targets(library, targets, where, "priority")
    if not pids:
        return
    change = library.set_priority(pids, level)
    already = _already(len(pids), change, "already had it")
    say(f"set priority {level.value} on {plural(change.count, 'paper')}{already}")


TagArg = Annotated[
    str, typer.Argument(metavar="TAG", help="One tag: a single word (a leading # is dropped).",
                        show_default=False),
]


@app.command(
    "tag",
    epilog="\b\nOne tag per command; TARGETs follow it.\n\n\b\nExamples:\n"
    "  readlist tag todo 2406.02543 2404.16710\n"
    "  readlist tag survey --where 'title:survey'",
)
def tag(tag: TagArg, targets: TargetsArg = None, where: WhereOpt = None) -> None:
    """Add a tag to papers."""
    library = open_library()
    pids = _targets(library, targets, where, "tag")
    if not pids:
        return
    change = library.tag(pids, [tag])
    already = _already(len(pids), change, "already had it")
    say(f"tagged {plural(change.count, 'paper')} #{tag.strip().lstrip('#')}{already}")


@app.command(
    "untag",
    epilog="\b\nExamples:\n"
    "  readlist untag todo 2406.02543\n"
    "  readlist untag todo --where is:read",
)
def untag(tag: TagArg, targets: TargetsArg = None, where: WhereOpt = None) -> None:
    """Remove a tag from papers."""
    library = open_library()
    pids = _targets(library, targets, where, "untag")
    if not pids:
        return
    change = library.untag(pids, [tag])
    missing = _already(len(pids), change, "did not have it")
    say(f"untagged {plural(change.count, 'paper')} #{tag.strip().lstrip('#')}{missing}")


@app.command(
    "note",
    epilog="\b\nExamples:\n"
    "  readlist note 2406.02543                  edit the note in $EDITOR\n"
    "  readlist note 2406.02543 'read §3 again'  set it\n"
    "  pbpaste | readlist note 2406.02543 -      from stdin\n"
    "  readlist note 2406.02543 ''               clear it",
)
def note(
    target: TargetArg,
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="TEXT",
            help="The whole note (Markdown); - reads it from stdin. Without TEXT, $VISUAL or "
            "$EDITOR opens the current note; saving it unchanged or empty changes nothing.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Set or edit your note on one paper."""
    library = open_library()
    pid = library.resolve(target)
    paper = library.paper(pid, details=False)
    if text is None:
        from readlist.editor import edit_text

        new = edit_text(paper.user.notes)
        if not new.strip() or new == paper.user.notes:
            say(f"note on {paper.key} unchanged")
            return
    elif text == "-":
        new = sys.stdin.read()
    else:
        new = text
    change = library.set_note(pid, new)
    if not change.count:
        say(f"note on {paper.key} unchanged")
    elif new.strip():
        say(f"saved the note on {paper.key}")
    else:
        say(f"cleared the note on {paper.key}")


@app.command(
    "rm",
    epilog="\b\nExamples:\n"
    "  readlist rm 2406.02543\n"
    "  readlist rm --where 'is:skipped digest:old' --yes",
)
def rm(targets: TargetsArg = None, where: WhereOpt = None, yes: YesFlag = False) -> None:
    """Delete papers from the library: records, your state and notes, provenance."""
    library = open_library()
    pids = pick_pids(library, targets, where, "rm")
    if not pids:
        say(f"no papers match {where!r}: nothing removed")
        return
    count = plural(len(pids), "paper")
    if not yes:
        if not stdin_is_interactive():
            raise UsageError(f"not removing {count} without confirmation: stdin is not a "
                             "terminal (pass --yes)")
        _preview(library, pids)
        if not typer.confirm(f"Remove {count}?", default=False, err=True):
            say("nothing removed")
            return
    removed = library.remove(pids)
    say(f"removed {plural(removed, 'paper')}")


def _preview(library: Library, pids: list[int], most: int = 10) -> None:
    """The papers about to be removed (the first few), on stderr."""
    from readlist.cli.common import console
    from readlist.cli.render import line

    err = console(stderr=True)
    for paper in library.papers(pids[:most]):
        err.print(line(f"  {paper.key}  {paper.display_title}"))
    if len(pids) > most:
        err.print(line(f"  … and {len(pids) - most} more"))
