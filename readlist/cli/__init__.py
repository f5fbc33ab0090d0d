"""The `readlist` command line: Typer commands, thin over `readlist.service.Library`.

Errors never reach the user as tracebacks: every `ReadlistError` becomes one line
`readlist: <message>` with its exit code, Ctrl-C exits 130, and anything unexpected is one
line with exit 70 (READLIST_DEBUG=1 shows the traceback instead).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from readlist import __version__
from readlist.cli.common import debug_enabled, warn
from readlist.errors import ReadlistError

if TYPE_CHECKING:
    from readlist.service import Library

__all__ = ["app", "main", "run"]

EXIT_INTERRUPTED = 130
EXIT_INTERNAL = 70

# Click's own exceptions (usage errors, --help exits, aborted prompts) keep Click's handling.
# ClickException is found through BadParameter because newer Typer vendors Click privately.
_CLICK_EXCEPTION: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)
_PASS_THROUGH: tuple[type[BaseException], ...] = (
    typer.Exit, typer.Abort, _CLICK_EXCEPTION, BrokenPipeError,
)


def report_internal_error(exc: BaseException) -> None:
    warn(
        f"internal error: {type(exc).__name__}: {exc} "
        "(READLIST_DEBUG=1 shows the traceback)"
    )


class ReadlistGroup(TyperGroup):
    """The root command group: turns exceptions into one-line messages and exit codes.

    Handling errors here (not only in `main`) gives `CliRunner` tests the same behaviour
    as the console script.
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _PASS_THROUGH:
            raise
        except ReadlistError as exc:
            warn(exc.message)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            warn("interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except Exception as exc:
            if debug_enabled():
                raise
            report_internal_error(exc)
            raise typer.Exit(EXIT_INTERNAL) from None


app = typer.Typer(
    name="readlist",
    cls=ReadlistGroup,
    # No markup anywhere: help is plain Click text, so nothing can be interpreted as markup.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Triage research paper digests from the terminal.\n\n"
    "Run without a command to open the full-screen reading queue.",
    epilog="\b\nExamples:\n"
    "  readlist import ~/digests/*.md     import digests into the library\n"
    "  readlist list is:unread rating:red  what to read next\n"
    "  readlist mark read 2406.02543       triage from the shell\n"
    "  readlist                            open the TUI",
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"readlist {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Triage research paper digests from the terminal."""
    if ctx.invoked_subcommand is not None:
        return
    run_tui = _load_tui()
    if run_tui is None:
        typer.echo(ctx.get_help())
        return
    from readlist.cli.common import open_library

    run_tui(open_library())


def _load_tui() -> Callable[[Library], None] | None:
    """`readlist.tui.run` when the TUI is installed and we are in a terminal, else None."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return None
    if importlib.util.find_spec("readlist.tui") is None:
        return None
    run = getattr(importlib.import_module("readlist.tui"), "run", None)
    return run if callable(run) else None


#: Which module registers each command. `main` imports only the module of the command
#: being run: building every command's parameters costs more than a whole `list`.
COMMAND_MODULES = {
    "add": "arxiv_cmds", "enrich": "arxiv_cmds", "resolve": "arxiv_cmds",
    "doctor": "doctor_cmds",
    "export": "export_cmds",
    "import": "library_cmds", "list": "library_cmds", "show": "library_cmds",
    "digests": "library_cmds", "stats": "library_cmds", "formats": "library_cmds",
    "mark": "triage_cmds", "rate": "triage_cmds", "priority": "triage_cmds",
    "tag": "triage_cmds", "untag": "triage_cmds", "note": "triage_cmds", "rm": "triage_cmds",
    "tui": "tui_cmds", "demo": "tui_cmds",
}


def load_commands(modules: list[str] | None = None) -> None:
    """Register the commands of `modules` (default: every command module) on `app`."""
    for module in sorted(set(COMMAND_MODULES.values()) if modules is None else modules):
        importlib.import_module(f"readlist.cli.{module}")


def _modules_for(args: list[str]) -> list[str] | None:
    """The one module `args` need, or None (help, no command, an unknown word: load all)."""
    first = next((a for a in args if not a.startswith("-")), None)
    if first is None or any(a in ("--help", "-h", "--version") for a in args[:1]):
        return None
    module = COMMAND_MODULES.get(first)
    return [module] if module else None


def main() -> None:
    """The `readlist` console script."""
    try:
        load_commands(_modules_for(sys.argv[1:]))
        app(prog_name="readlist")
    except KeyboardInterrupt:
        warn("interrupted")
        raise SystemExit(EXIT_INTERRUPTED) from None
    except Exception as exc:  # raised outside a command (argument parsing, completion)
        if debug_enabled():
            raise
        report_internal_error(exc)
        raise SystemExit(EXIT_INTERNAL) from None


def run() -> None:
    """The console script: `main`, then exit without tearing down the heap.

    Freeing a 100,000-paper index object by object at interpreter exit costs ~0.1 s that
    nobody waits for on purpose; every file was already written atomically and closed.
    """
    code: int | str | None = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        code = code or 1
    if isinstance(code, str):
        sys.stderr.write(code + "\n")
        code = 1
    os._exit(int(code or 0))
