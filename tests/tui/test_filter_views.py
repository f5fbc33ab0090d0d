"""The `/` filter (live, the CLI's query language), sorting, and the sidebar's views."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from textual import events

from readlist.paths import Home
from readlist.service import Library
from readlist.tui.app import ReadlistApp
from readlist.tui.sidebar import Sidebar
from readlist.tui.views import ALL, tag_view
from tests.tui.conftest import SIZE, all_papers, fresh, key_of, main, screen_text, settle, state_of

pytestmark = pytest.mark.anyio


async def test_filter_applies_live_as_the_user_types(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        await pilot.press("slash")
        assert screen.filter_bar.input.has_focus
        await pilot.press(*"transf")
        await settle(pilot)  # no enter: the list follows the keystrokes
        expected = fresh(home).query_pids("is:untriaged transf")
        assert sorted(screen.papers.pids) == sorted(expected) and len(expected) == 2
        await pilot.press(*"ormer global")
        await settle(pilot)
        [pid] = screen.papers.pids
        assert fresh(home).paper(pid).title.startswith("Block Transformer")
        assert "1 of 12" in screen_text(pilot)
        await pilot.press("enter")
        assert screen.papers.has_focus
        await pilot.press("escape")  # on the list: clears the filter
        await settle(pilot)
        assert len(screen.papers.pids) == 12


async def test_keys_right_after_slash_go_to_the_filter(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        driver = app._driver
        assert driver is not None
        # A burst (typed fast or pasted): every key is queued before the first is handled.
        for key, char in [("slash", "/"), *((c, c) for c in "is:unread")]:
            event = events.Key(key, char)
            event.set_sender(app)
            driver.send_message(event)
        await settle(pilot)
        assert app.screen is screen  # `i` did not open the import dialog
        assert screen.filter_bar.text == "is:unread"
        await pilot.press("enter", "slash", *"tag:a/b")  # a / typed in the filter is text
        assert screen.filter_bar.text == "tag:a/b"  # (/ selects the old filter: replaced)


async def test_filter_words_reach_abstracts_and_notes_like_the_cli(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    noted = lib.query_pids()[-1]
    lib.set_note(noted, "Compare with the LayerSkip abstract")
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        await pilot.press("slash", *"abstract of")
        await settle(pilot)
        expected = fresh(home).query_pids("is:untriaged abstract of")
        assert expected and sorted(screen.papers.pids) == sorted(expected)
        screen.show_view(ALL)  # a note triages its paper: it left the Inbox
        await settle(pilot)
        screen.filter_bar.input.focus()
        await pilot.press(*"layerskip abstract")  # the note, not the paper's text
        await settle(pilot)
        assert screen.papers.pids == [noted] == fresh(home).query_pids("layerskip abstract")
        long = " ".join(["-nothingmatches"] * 12) + " -theend"  # wider than the input
        screen.filter_bar.input.value = ""
        await pilot.press(*long)
        await settle(pilot)
        assert screen.filter_bar.text == long and len(screen.papers.pids) == len(lib.query_pids())
        assert "-theend" in screen_text(pilot)  # scrolled to the cursor, at the end


async def test_filter_uses_the_query_language_and_reports_bad_queries(
    lib: Library, make_app: Callable[..., ReadlistApp]
) -> None:
    lib.mark([lib.resolve("2406.02543")], "read")
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        screen = await all_papers(pilot)
        await pilot.press("slash", *"rating:blue OR is:read")
        await settle(pilot)
        assert sorted(screen.papers.pids) == sorted(lib.query_pids("rating:🔵 OR is:read"))
        assert len(screen.papers.pids) == 3
        shown = list(screen.papers.pids)
        screen.filter_bar.input.insert_text_at_cursor(" year:abc")  # one paste
        await settle(pilot)
        status = screen.filter_bar.status
        assert "year:abc (use 2024" in screen_text(pilot) and status.has_class("-error")
        assert str(status.tooltip).startswith("invalid query: year:abc")  # the whole message
        assert screen.papers.pids == shown  # a bad query keeps the last good list


async def test_sort_menu_orders_the_list_and_reverses_on_a_second_choice(
    lib: Library, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # added, date, title
        await settle(pilot)
        by_title = lib.ranked_pids("is:untriaged", sort="title")
        assert screen.sort == "title" and screen.papers.pids == by_title
        await pilot.press("s", "enter")  # the current key again: reversed
        await settle(pilot)
        assert screen.reverse and screen.papers.pids == by_title[::-1]


async def test_sidebar_views_digests_sections_and_tags(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    lib.tag([lib.resolve("2406.02528"), lib.resolve("2406.02657")], ["efficiency"])
    lib.mark([lib.resolve("2406.02528")], "read")
    lib.set_priority([lib.resolve("2406.02528"), lib.resolve("2406.02657")], "high")
    app = make_app(lib)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main(pilot)
        text = screen_text(pilot)
        assert "ICLR 2024 picks" in text and "0/6" in text and "1/6" in text  # read / total
        assert "#efficiency" in text
        sidebar = screen.query_one(Sidebar)
        labels = {str(node.label).split()[0]: node for node in sidebar._walk(sidebar.root)}
        # "To read" is the reading queue: a read paper has left it, priority or not.
        for label, query in (("Read", "is:read"), ("Unread", "is:unread"),
                             ("To", "priority:any -is:read -is:skipped"),
                             ("#efficiency", "tag:efficiency")):
            sidebar.focus()
            sidebar.move_cursor(labels[label])
            await pilot.press("enter")
            await settle(pilot)
            assert sorted(screen.papers.pids) == sorted(lib.query_pids(query)), label
            assert screen.papers.has_focus
            if label == "To":
                assert screen.papers.pids == [lib.resolve("2406.02657")]
        sections = [n for n in sidebar._walk(sidebar.root)
                    if n.data is not None and n.data.section == "Training"]
        sidebar.focus()
        parent = sections[0].parent
        assert parent is not None
        parent.expand()
        await pilot.pause()
        sidebar.move_cursor(sections[0])
        await pilot.press("enter")
        await settle(pilot)
        assert sorted(screen.papers.pids) == sorted(lib.query_pids("section:Training"))
        screen.show_view(tag_view("efficiency"))
        await settle(pilot)
        assert len(screen.papers.pids) == 2


async def test_a_slow_filter_result_does_not_pull_the_cursor_back(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(lib)
    slow = app.backend.filter

    def filter_slowly(*args: object, **kwargs: object) -> object:
        time.sleep(0.4)  # a big library: the result arrives after the next keys
        return slow(*args, **kwargs)  # type: ignore[arg-type]

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        pids = list(screen.papers.pids)
        monkeypatch.setattr(app.backend, "filter", filter_slowly)
        screen.filter_bar.set_text("a")
        screen.request(text="a")
        await pilot.press("1")  # rates the first paper and moves to the second
        assert screen.papers.current == pids[1]
        await settle(pilot, rounds=6)
        assert screen.result is not None and screen.result.text == "a"
        assert screen.papers.current == pids[1]
        await pilot.press("2")
        await settle(pilot)
    assert state_of(home, key_of(home, pids[0]))["rating"] == "🔴"
    assert state_of(home, key_of(home, pids[1]))["rating"] == "🔵"


async def test_big_views_answer_titles_first_then_full_text(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from readlist.tui import main_screen

    monkeypatch.setattr(main_screen, "QUICK_FIRST", 1)  # treat this small library as big
    app = make_app(lib)
    seen: list[tuple[bool, int]] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await all_papers(pilot)
        original = main_screen.MainScreen.on_main_screen_loaded

        def spy(self: main_screen.MainScreen, message: main_screen.MainScreen.Loaded) -> None:
            seen.append((message.result.complete, len(message.result.pids)))
            original(self, message)

        monkeypatch.setattr(main_screen.MainScreen, "on_main_screen_loaded", spy)
        # A word found in abstracts only: the quick answer (titles, notes) has none.
        word = "abstract"
        assert lib.query_pids(word, full_text=False) == []
        await pilot.press("slash", *word)
        await settle(pilot)
        assert (False, 0) in seen  # the quick answer came first...
        assert seen[-1] == (True, len(fresh(home).query_pids(word)))  # ...then the full one
        assert seen[-1][1] > 0
        assert sorted(screen.papers.pids) == sorted(fresh(home).query_pids(word))


async def test_a_filter_that_hides_the_current_paper_starts_at_the_first_match(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        screen = await all_papers(pilot)
        await pilot.press("G")  # the last paper
        last = screen.papers.current
        other = "LLM" if last not in fresh(home).query_pids("section:LLM") else "Training"
        await pilot.press("slash")
        screen.filter_bar.input.insert_text_at_cursor(f"section:{other}")  # pasted at once
        await settle(pilot)
        assert len(screen.papers.pids) >= 3 and last not in screen.papers.pids
        assert screen.papers.cursor == 0
