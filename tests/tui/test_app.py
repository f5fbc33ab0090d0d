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
from readlist.tui import themes
from readlist.tui.app import ReadlistApp
from tests.tui.conftest import SIZE, fresh, main, settle

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
