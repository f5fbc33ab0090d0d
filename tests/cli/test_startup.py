"""Startup stays light: what each command imports (checked in a fresh interpreter).

`readlist list` must start fast on every keystroke of a shell session, so the heavy
libraries other commands use stay out, and so does Pydantic (Typer 0.29 would pull it in
to convert parameters; pyproject pins Typer below 0.29).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from readlist.paths import Home
from readlist.service import Library

NEVER = ("pydantic", "textual", "httpx", "markdown_it", "feedparser", "defusedxml", "tomlkit")

PROBE = """
import json, sys
from readlist.cli import main
sys.argv = ["readlist", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def imported(home: Home, *args: str) -> set[str]:
    env = {**os.environ, "READLIST_HOME": str(home.data)}
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True,
                          text=True, env=env, timeout=60, check=True)
    marker = done.stderr.rsplit("MODULES ", 1)[1]
    return {name.split(".")[0] for name in json.loads(marker)} | set(json.loads(marker))


@pytest.mark.parametrize("args", [("list", "--limit", "5"), ("mark", "read", "--where", "is:read"),
                                  ("show", "2401.00001"), ("list", "--json")])
def test_everyday_commands_import_nothing_heavy(library: Library, home: Home,
                                                args: tuple[str, ...]) -> None:
    modules = imported(home, *args)
    assert not modules & set(NEVER), modules & set(NEVER)


def test_list_does_not_load_rich_table(library: Library, home: Home) -> None:
    assert "rich.table" not in imported(home, "list")


def test_help_imports_neither_the_service_nor_rich(home: Home) -> None:
    modules = imported(home, "--help")
    assert "readlist.service" not in modules and "rich" not in modules
    assert not modules & set(NEVER)


def test_every_command_is_mapped_to_its_module() -> None:
    """`readlist CMD` loads only CMD's module, so each command must be in the map."""
    from typer.main import get_command

    from readlist.cli import COMMAND_MODULES, _modules_for, app

    names = set(get_command(app).commands)  # type: ignore[attr-defined]
    assert names == set(COMMAND_MODULES)
    assert _modules_for(["list", "--limit", "5"]) == ["library_cmds"]
    assert _modules_for(["--help"]) is None and _modules_for([]) is None
    assert _modules_for(["lsit"]) is None  # a typo loads everything, for Click's suggestion
