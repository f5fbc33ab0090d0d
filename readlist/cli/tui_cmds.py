"""`readlist tui` (the full-screen reading queue) and `readlist demo` (the same, on samples)."""

from __future__ import annotations

import shutil
import sys
from typing import Annotated

import typer

from readlist.cli import app
from readlist.cli.common import open_library, say
from readlist.errors import UsageError


def _need_terminal() -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the TUI needs a terminal (stdin and stdout must be a TTY)")


@app.command("tui", epilog="\b\nKeys: ? in the TUI lists them all (remap in config.toml [keys]).")
def tui() -> None:
    """Open the full-screen reading queue (what `readlist` alone does in a terminal)."""
    _need_terminal()
    from readlist.tui import run

    run(open_library())


@app.command(
    "demo",
    epilog="\b\nThe sample library lives in a temporary folder, removed on exit unless --keep.",
)
def demo(
    keep: Annotated[
        bool, typer.Option("--keep", help="Keep the sample library's folder and print its path.")
    ] = False,
) -> None:
    """Try readlist on a sample library (one digest of each kind), never touching yours."""
    _need_terminal()
    from readlist.demo import build_demo_home
    from readlist.service import Library
    from readlist.tui import run

    home = build_demo_home()
    try:
        run(Library(home))
    finally:
        if keep:
            say(f"the demo library is in {home.data} (READLIST_HOME={home.data} readlist)")
        else:
            shutil.rmtree(home.data, ignore_errors=True)
