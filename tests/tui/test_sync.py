"""Changes made by another process (the CLI in another terminal) appear without a restart."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from readlist.importers.base import DigestDraft
from readlist.paths import Home
from readlist.service import Library
from readlist.tui.app import ReadlistApp
from readlist.tui.main_screen import MainScreen
from tests.conftest import as_parsed, paper_draft
from tests.tui.conftest import (
    SIZE,
    all_papers,
    fresh,
    key_of,
    main,
    screen_text,
    settle,
    state_of,
)

pytestmark = pytest.mark.anyio


async def test_cli_changes_appear_after_the_poll_and_the_cursor_stays(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        pids = list(screen.papers.pids)
        await pilot.press("j", "j", "j")  # cursor on the fourth paper
        cli = fresh(home)  # "readlist mark read …" in another terminal
        cli.mark([pids[0]], "read")
        cli.rate([pids[5]], "purple")
        await pilot.pause(0.3)  # the poll runs every POLL_INTERVAL
        await settle(pilot)
        assert pids[0] not in screen.papers.pids  # triaged elsewhere: left the Inbox
        assert screen.papers.current == pids[3]  # still on the same paper
        row = screen.papers.row(pids[5])
        assert row is not None and row.state["rating"] == "🟣"


async def test_a_digest_imported_by_the_cli_shows_up_in_the_list_and_sidebar(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await all_papers(pilot)
        assert len(screen.papers.pids) == 12
        fresh(home).apply_parsed([as_parsed(DigestDraft(
            "hf-daily", [paper_draft("Seed-TTS: Speech Generation", "2406.02430", votes=18)],
            title="Daily Papers (2024-06-05)"), "hf")])
        await pilot.pause(0.3)
        await settle(pilot)
        assert len(screen.papers.pids) == 13
        assert "Daily Papers (2024-" in screen_text(pilot)  # the sidebar's new digest


async def test_own_saves_do_not_reload_or_move_the_cursor(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        screen = await all_papers(pilot)
        before = list(screen.papers.pids)
        await pilot.press("j", "space")
        await pilot.pause(0.3)
        await settle(pilot)
        assert screen.papers.pids == before and screen.papers.cursor == 2
    assert len(fresh(home).query_pids("is:read")) == 1


async def test_a_paper_that_left_the_view_gives_way_to_the_next_and_keys_act_on_it(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        pids = list(screen.papers.pids)
        before = state_of(home, key_of(home, pids[3]))["rating"]
        await pilot.press("j", "j", "j")  # on the fourth paper
        await settle(pilot)
        fresh(home).mark([pids[1], pids[3]], "read")  # the CLI triages it (and one above)
        await pilot.pause(0.3)
        await settle(pilot)
        assert screen.papers.current == pids[4]  # the paper that took its place
        assert screen.detail.paper is not None and screen.detail.paper.pid == pids[4]
        assert not screen.detail.has_class("-stale")
        await pilot.press("4")
        await settle(pilot)
    assert state_of(home, key_of(home, pids[4]))["rating"] == "🟣"
    assert state_of(home, key_of(home, pids[3]))["rating"] == before != "🟣"


async def test_the_detail_pane_never_passes_for_the_highlighted_paper_while_loading(
    lib: Library, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        shown = screen.detail.paper
        assert shown is not None and shown.pid == screen.papers.current
        await pilot.press("j")  # the details come after a short pause
        assert screen.detail.has_class("-stale")
        await settle(pilot)
        assert not screen.detail.has_class("-stale")
        assert screen.detail.paper is not None
        assert screen.detail.paper.pid == screen.papers.current != shown.pid


async def test_p_steps_from_the_saved_priority_not_a_stale_screen(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(MainScreen, "POLL_INTERVAL", 60.0)  # no reload before the key
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        screen = await all_papers(pilot)
        pid = screen.papers.current
        assert pid is not None
        await pilot.press("p")  # high
        await settle(pilot)
        fresh(home).set_priority([pid], "low")  # the CLI, unseen by the TUI so far
        await pilot.press("p")  # low → none (from high it would be medium)
        await settle(pilot)
        assert state_of(home, key_of(home, pid))["priority"] == "none"
        row = screen.papers.row(pid)
        assert row is not None and row.state["priority"] == "none"  # the screen caught up
