"""The app around the screens: themes, keymaps, start-up cost, the tui and demo commands."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readlist.cli import app as cli
from readlist.config import load_config
from readlist.demo import DIGESTS, build_demo_home
from readlist.paths import Home
from readlist.service import Library
from readlist.tui import keys, themes
from readlist.tui.app import ReadlistApp
from readlist.tui.help_screen import HelpScreen
from tests.tui.conftest import SIZE, fresh, main, screen_text, settle

pytestmark = pytest.mark.anyio


async def test_theme_switch_from_the_palette_is_remembered(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "readlist-dark"
        await pilot.press("ctrl+p", *"theme")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"readlist-light", "enter")
        await settle(pilot)
        assert app.theme == "readlist-light"
    config = tomllib.loads(home.config_file.read_text(encoding="utf-8"))
    assert config["tui"]["theme"] == "readlist-light"
    library = Library(home, config=load_config(home.config_file), durable=False)
    again = make_app(library)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "readlist-light"


async def test_user_themes_load_and_a_broken_one_is_reported_once(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    home.themes.mkdir(parents=True)
    builtin = themes.builtin_theme_dir()
    assert builtin is not None
    mine = (builtin / "readlist-dark.toml").read_text().replace('"readlist-dark"', '"mine"')
    (home.themes / "mine.toml").write_text(mine)
    (home.themes / "broken.toml").write_text('name = "broken"\nprimary = "not a colour"\n')
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "mine" in app.available_themes and "broken" not in app.available_themes
        reports = [n for n in app.notes if "broken.toml" in n]  # type: ignore[attr-defined]
        assert len(reports) == 1 and "not a colour" in reports[0]
        app.theme = "mine"
        await settle(pilot)
        assert main(pilot).papers.has_focus  # still working


def test_the_shipped_themes_are_complete_and_valid() -> None:
    loaded = themes.load_theme_dir(themes.builtin_theme_dir())
    assert not loaded.problems
    names = {t.name: t for t in loaded.themes}
    assert {"readlist-dark", "readlist-light", "readlist-nord"} <= set(names)
    assert names["readlist-dark"].dark and not names["readlist-light"].dark


async def test_keys_are_remapped_from_config_and_unknown_ids_reported(
    home: Home, lib: Library, make_app: Callable[..., ReadlistApp]
) -> None:
    home.config_file.write_text('[keys]\ntoggle_read = "m"\nno_such_binding = "z"\n')
    library = Library(home, durable=False)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = main(pilot).papers.current
        await pilot.press("m")
        await settle(pilot)
        assert any("no_such_binding" in n for n in app.notes)  # type: ignore[attr-defined]
    assert fresh(home).query_pids("is:read") == [first]


def test_importing_readlist_tui_does_not_load_textual() -> None:
    code = "import sys, readlist.tui; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_demo_home_has_one_digest_of_each_family(tmp_path: Path) -> None:
    home = build_demo_home(tmp_path / "demo")
    library = Library(home, durable=False)
    families = sorted(s.digest.family for s in library.digests())
    assert families == ["arxiv-daily", "hf-daily", "paper-notes", "post", "rss"]
    assert len(DIGESTS) == 5
    stats = library.stats()
    assert stats.papers >= 15 and stats.tags and 0 < stats.triaged < stats.papers
    assert library.query_pids("has:notes")


def test_tui_and_demo_need_a_terminal_and_never_touch_the_library(home: Home) -> None:
    runner = CliRunner()
    for command in (["tui"], ["demo"]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert "needs a terminal" in result.output
    assert not home.library.exists()


async def test_an_empty_library_says_how_to_start(
    home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(Library(home))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = "\n".join(
            "".join(seg.text for seg in main(pilot).papers.render_line(y))
            for y in range(3)
        )
        assert "Your library is empty" in text and "readlist demo" in text


async def test_a_remap_that_clashes_takes_the_key_and_says_so_once(
    home: Home, lib: Library, make_app: Callable[..., ReadlistApp]
) -> None:
    home.config_file.write_text('[keys]\ntoggle_read = "x"\n')
    app = make_app(Library(home, durable=False))
    async with app.run_test(size=(110, 60)) as pilot:
        await settle(pilot)
        first = main(pilot).papers.current
        await pilot.press("x")  # read, not skipped
        await settle(pilot)
        reports = [n for n in app.notes if "toggle_read" in n]  # type: ignore[attr-defined]
        assert len(reports) == 1 and "skip" in reports[0] and "no key" in reports[0]
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table")
        lines = [s.text for s in table.render_lines(table.region.reset_offset)]
        assert sum(line.split()[:1] == ["x"] for line in lines) == 1  # x listed once
        [skip] = [line for line in lines if line.rstrip().endswith(" skip")]
        assert "no key" in skip and "x went to toggle_read" in skip
    assert fresh(home).query_pids("is:read") == [first]
    assert fresh(home).query_pids("is:skipped") == []


def test_keymap_clashes_resolve_in_favour_of_the_remap_then_the_first_remap() -> None:
    keymap = keys.check_keymap({"toggle_read": "x", "skip": "x,X", "cursor_down": "n"})
    assert keymap.keys["toggle_read"] == "x"
    assert keymap.keys["skip"] == "X"  # x was already toggle_read's
    assert keymap.keys["note"] == keys.UNBOUND  # n went to the list
    assert keymap.taken == {"note": [("n", "cursor_down")]}
    assert len(keymap.problems) == 2
    # Keys of bindings never active together do not clash (escape: dialogs and the list).
    assert not keys.check_keymap({"cancel_note": "q"}).problems
    assert keys.check_keymap({"help": "?"}).keys == {}  # '?' is question_mark already


async def test_a_binding_left_without_keys_leaves_the_footer(
    home: Home, lib: Library, make_app: Callable[..., ReadlistApp]
) -> None:
    home.config_file.write_text('[keys]\ncursor_down = "n"\n')
    app = make_app(Library(home, durable=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = screen_text(pilot).splitlines()[-1]
        assert "u undo" in footer and "note" not in footer and keys.UNBOUND not in footer
        await pilot.press("n")  # moves down; the note editor has no key now
        await settle(pilot)
        assert main(pilot).papers.cursor == 1 and app.screen is main(pilot)
