"""The application shell: errors as one line with the right exit code, --version, no command."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from readlist import __version__
from readlist.paths import Home
from readlist.service import Library
from tests.cli.conftest import Cli


def test_version(cli: Cli) -> None:
    run = cli("--version")
    assert run.exit_code == 0
    assert run.stdout.strip() == f"readlist {__version__}"


def test_no_command_outside_a_terminal_prints_help(cli: Cli) -> None:
    run = cli()
    assert run.exit_code == 0
    assert "Usage: readlist" in run.stdout and "Commands:" in run.stdout


@pytest.mark.parametrize("command", ["import", "list", "show", "digests", "stats", "formats",
                                     "mark", "rate", "priority", "tag", "untag", "note", "rm"])
def test_every_command_has_help_with_an_example(cli: Cli, command: str) -> None:
    run = cli(command, "--help")
    assert run.exit_code == 0
    assert f"Usage: readlist {command}" in run.stdout
    assert "Example" in run.stdout and f"readlist {command}" in run.stdout.split("Example", 1)[1]


def test_unknown_command_is_a_short_usage_error(cli: Cli) -> None:
    run = cli("lsit")
    assert run.exit_code == 2
    assert "No such command 'lsit'" in run.stderr and "Did you mean 'list'" in run.stderr


def test_domain_error_is_one_line_with_its_exit_code(cli: Cli, sample: Library) -> None:
    run = cli("show", "nope")
    assert run.exit_code == 1
    assert run.error_line() == "readlist: no paper 'nope' in the library"


def test_interrupt_exits_130(cli: Cli, sample: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: Library) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Library, "stats", interrupted)
    run = cli("stats")
    assert run.exit_code == 130
    assert run.error_line() == "readlist: interrupted"


def test_unexpected_exception_is_one_line_exit_70(
    cli: Cli, sample: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Library) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Library, "stats", broken)
    run = cli("stats")
    assert run.exit_code == 70
    assert run.error_line() == (
        "readlist: internal error: RuntimeError: boom (READLIST_DEBUG=1 shows the traceback)"
    )


def test_debug_lets_the_traceback_through(
    cli: Cli, sample: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Library) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Library, "stats", broken)
    monkeypatch.setenv("READLIST_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        cli("stats")


def _script(home: Home, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "READLIST_HOME": str(home.data)}
    env.pop("READLIST_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "readlist", *args], capture_output=True,
                          text=True, env=env, timeout=60, check=False)


def test_console_script_reports_a_damaged_library_in_one_line(library: Library, home: Home) -> None:
    library.store.papers()  # create the library, then damage its manifest
    library.mark([], "read")
    head = home.library / "HEAD.json"
    head.parent.mkdir(parents=True, exist_ok=True)
    head.write_text("{not json", encoding="utf-8")
    done = _script(home, "list")
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("readlist: ")


def test_console_script_usage_error_exits_2(home: Home) -> None:
    done = _script(home, "mark", "bogus", "x")
    assert done.returncode == 2
    assert "Invalid value for 'STATE'" in done.stderr
    assert "Traceback" not in done.stderr


def test_no_command_in_a_terminal_opens_the_tui(
    cli: Cli, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Library] = []
    monkeypatch.setattr("readlist.cli._load_tui", lambda: opened.append)
    run = cli()
    assert run.exit_code == 0 and run.stdout == ""
    [lib] = opened
    assert lib.home == library.home


def test_tui_is_not_started_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from readlist.cli import _load_tui

    monkeypatch.setattr(sys, "stdin", io.StringIO())
    assert _load_tui() is None
