"""SVG snapshots of the main screen, the help screen and the add dialog, in two themes.

Update them after an intended change with `pytest tests/tui --snapshot-update`, then look
at the report before committing.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from readlist.service import Library
from readlist.tui import create_app
from tests.tui.conftest import settle

SIZE = (100, 30)
THEMES = ["readlist-dark", "readlist-light"]


def app_for(lib: Library, theme: str) -> Any:
    lib.rate([lib.resolve("2406.02528")], "red")
    lib.set_priority([lib.resolve("2406.02528")], "high")
    lib.mark([lib.resolve("2406.02657")], "read")
    lib.tag([lib.resolve("2406.02657")], ["efficiency"])
    app = create_app(lib)
    app.theme = theme
    return app


async def still(pilot: Pilot[Any]) -> None:
    await settle(pilot, rounds=4)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("theme", THEMES)
def test_main_screen(snap_compare: Any, lib: Library, theme: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await still(pilot)
        await pilot.press("j", "j")
        await still(pilot)

    assert snap_compare(app_for(lib, theme), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES)
def test_help_screen(snap_compare: Any, lib: Library, theme: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await still(pilot)
        await pilot.press("question_mark")
        await still(pilot)

    assert snap_compare(app_for(lib, theme), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES)
def test_add_modal(snap_compare: Any, lib: Library, theme: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await still(pilot)
        await pilot.press("a", *"2406.02543")
        await still(pilot)

    assert snap_compare(app_for(lib, theme), terminal_size=SIZE, run_before=run_before)
