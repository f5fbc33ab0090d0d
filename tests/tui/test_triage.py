"""Triage keys: each one's effect on the library, saved at once, in key-press order."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from readlist.demo import demo_digests
from readlist.paths import Home
from readlist.service import Library
from readlist.tui.app import ReadlistApp
from readlist.tui.views import ALL, digest_view
from tests.tui.conftest import SIZE, all_papers, fresh, key_of, main, screen_text, settle, state_of

pytestmark = pytest.mark.anyio


async def test_space_on_first_paper_of_a_fresh_import_marks_exactly_one_read(
    library: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    name, text = demo_digests()[0]
    library.import_text(text, source=name, name="iclr")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        first = screen.papers.current
        assert first is not None and screen.papers.cursor == 0
        await pilot.press("space")
        await settle(pilot)
        assert screen.papers.cursor == 1  # moved on
    read = fresh(home).query_pids("is:read")
    assert read == [first]


async def test_inbox_walks_untriaged_papers_and_the_counter_advances(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        assert screen.view.key == "inbox" and screen.view.triage
        pids = list(screen.papers.pids)
        assert len(pids) == 12
        assert "0 / 12 triaged" in screen_text(pilot)
        await pilot.press("1", "p", "x", "space", "l", "3")
        await settle(pilot)
        assert screen.papers.current == pids[6]
        assert "5 / 12 triaged" in screen_text(pilot)
    keys = [key_of(home, p) for p in pids]
    assert state_of(home, keys[0])["rating"] == "🔴"
    assert state_of(home, keys[1])["priority"] == "high"
    assert state_of(home, keys[2])["state"] == "skipped"
    assert state_of(home, keys[3])["state"] == "read"
    assert state_of(home, keys[4])["triaged"] is False  # l: left for later
    assert state_of(home, keys[5])["rating"] == "🟡"
    assert all(state_of(home, k)["triaged"] for k in (keys[0], keys[1], keys[2], keys[3], keys[5]))
    assert len(fresh(home).query_pids("is:untriaged")) == 7


async def test_triage_skips_papers_already_triaged_and_wraps(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        pids = list(screen.papers.pids)
        await pilot.press("j", "space")  # second paper triaged, cursor on the third
        await pilot.press("k", "k")  # back to the first
        await pilot.press("2")  # triages the first: the next untriaged is the third
        await settle(pilot)
        assert screen.papers.current == pids[2]
        await pilot.press("G", "2")  # the last: wraps round to the third again
        await settle(pilot)
        assert screen.papers.current == pids[2]
    assert state_of(home, key_of(home, pids[-1]))["rating"] == "🔵"


async def test_ratings_priority_and_clear_outside_the_inbox_stay_on_the_paper(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        screen = await all_papers(pilot)
        pid = screen.papers.current
        assert pid is not None
        await pilot.press("4", "p", "p", "r")
        await settle(pilot)
        assert screen.papers.current == pid
        key = key_of(home, pid)
        state = state_of(home, key)
        assert (state["rating"], state["priority"], state["state"]) == ("🟣", "medium", "reading")
        await pilot.press("0")
        await settle(pilot)
    assert state_of(home, key)["rating"] is None


async def test_undo_takes_back_several_changes_in_reverse_order(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    before = {p.key: p.user for p in fresh(home).query()}
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        pids = list(screen.papers.pids[:3])
        await pilot.press("1", "p", "space")  # three papers, three changes
        await settle(pilot)
        assert len(fresh(home).query_pids("is:triaged")) == 3
        await pilot.press("u")
        await settle(pilot)
        assert state_of(home, key_of(home, pids[2]))["state"] == "unread"
        assert screen.papers.current == pids[2]  # the cursor follows the undo
        assert state_of(home, key_of(home, pids[1]))["priority"] == "high"
        await pilot.press("u", "u")
        await settle(pilot)
        await pilot.press("u")  # nothing left: a message, no change
        await settle(pilot)
        assert "Nothing to undo." in app.notes  # type: ignore[attr-defined]
    after = {p.key: p.user for p in fresh(home).query()}
    assert after == before


async def test_every_change_is_on_disk_before_the_app_exits(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"1" * 12)
        await pilot.press("q")
    app.backend.wait_idle(10)
    assert len(fresh(home).query_pids("rating:🔴")) == 12


async def test_the_triage_counter_counts_the_whole_scope_and_survives_reloads(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    lib.mark(lib.query_pids()[:3], "read")  # triaged before the app starts
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        assert len(screen.papers.pids) == 9
        assert "3 / 12 triaged · 9 left" in screen_text(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert "4 / 12 triaged · 8 left" in screen_text(pilot)
        fresh(home).rate([screen.papers.pids[-1]], "red")  # the CLI triages one more
        await pilot.pause(0.3)
        await settle(pilot)
        assert "5 / 12 triaged · 7 left" in screen_text(pilot)
        screen.show_view(ALL)
        await settle(pilot)
        await pilot.press("I")  # back to the Inbox: the same count
        await settle(pilot)
        assert len(screen.papers.pids) == 7
        assert "5 / 12 triaged · 7 left" in screen_text(pilot)
        await pilot.press("slash", *"section:LLM")  # a filter narrows the scope
        await settle(pilot)
        llm = fresh(home).query_pids("section:LLM")
        done = len(fresh(home).query_pids("section:LLM is:triaged"))
        assert f"{done} / {len(llm)} triaged" in screen_text(pilot)


async def test_a_digest_triage_counts_that_digests_papers(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    library = fresh(home)
    did = next(d.digest.id for d in library.digests() if d.digest.title == "ICLR 2024 picks")
    lib.mark(library.query_pids(f"digest:#{did}")[:2], "read")
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        screen.show_view(digest_view(did, "ICLR 2024 picks", triage=True))
        await settle(pilot)
        assert len(screen.papers.pids) == 4
        assert "2 / 6 triaged · 4 left" in screen_text(pilot)


async def test_undoing_the_triage_of_a_paper_that_left_the_inbox_brings_it_back(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        first = screen.papers.current
        await pilot.press("1")
        await settle(pilot)
        fresh(home).mark([screen.papers.pids[5]], "read")  # a reload: the first one leaves
        await pilot.pause(0.3)
        await settle(pilot)
        assert first not in screen.papers.pids
        assert "2 / 12 triaged" in screen_text(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert first in screen.papers.pids
        assert "1 / 12 triaged · 11 left" in screen_text(pilot)
