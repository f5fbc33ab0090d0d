"""What the screen shows: untrusted text stays text; details; the help screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Static

from readlist.importers.base import DigestDraft
from readlist.service import Library
from readlist.tui import keys
from readlist.tui.app import ReadlistApp
from readlist.tui.detail import PaperDetail
from readlist.tui.help_screen import HelpScreen
from tests.conftest import MakeLibrary, paper_draft
from tests.tui.conftest import all_papers, main, screen_text, settle

pytestmark = pytest.mark.anyio

HOSTILE = ["[bold red]x[/] markup", "\x1b[31mred\x1b[0m escape", "Evil](http://x) <b>html</b>"]


async def test_hostile_titles_display_literally(
    make_library: MakeLibrary, make_app: Callable[..., ReadlistApp]
) -> None:
    library = make_library(DigestDraft(
        "rss", [paper_draft(title, authors=["[i]Mallory[/i]"]) for title in HOSTILE]))
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "[bold red]x[/] markup" in text  # in the list and in the details
        assert "\\x1b[31mred\\x1b[0m escape" in text
        assert "\x1b" not in text
        detail = main(pilot).query_one(PaperDetail)
        assert detail.paper is not None and detail.paper.title == HOSTILE[0]
        assert text.count("[bold red]x[/] markup") == 2
        assert "[i]Mallory[/i]" in text
        await pilot.press("j", "j")
        await settle(pilot)
        text = screen_text(pilot)
        assert "Evil](http://x) <b>html</b>" in text  # not a link, not HTML


async def test_details_show_links_abstract_digest_notes_and_the_users_notes(
    lib: Library, make_app: Callable[..., ReadlistApp]
) -> None:
    pid = lib.resolve("2406.02543")
    lib.set_note(pid, "My own note.")
    lib.tag([pid], ["uncertainty"])
    app = make_app(lib)
    async with app.run_test(size=(140, 50)) as pilot:
        screen = await all_papers(pilot)
        screen.papers.cursor = screen.papers.pids.index(pid)
        await settle(pilot)
        markdown = screen.detail.markdown_text
        for part in ("# To Believe or Not to Believe Your LLM", "Yasin Abbasi Yadkori",
                     "2406.02543v1", "https://arxiv.org/abs/2406.02543", "## Abstract",
                     "The abstract of To Believe", "## My notes", "My own note.",
                     "#uncertainty", "## From"):
            assert part in markdown, part
        text = screen_text(pilot)
        assert "To Believe or Not to Believe Your LLM" in text and "My own note." in text


async def test_help_lists_every_binding_with_its_id(
    lib: Library, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=(110, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table")
        rendered = "\n".join(s.text for s in table.render_lines(table.region.reset_offset))
        for key in keys.ALL_KEYS:
            assert key.id in rendered, key.id
        assert "Rate 🔴 personal interest" in rendered
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_help_scrolls_with_j_on_a_small_terminal(
    lib: Library, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        scroll = app.screen.query_one("#help-scroll")
        assert scroll.scroll_y == 0 and scroll.max_scroll_y > 0
        await pilot.press("j", "j", "j")
        assert scroll.scroll_y == 3


async def test_the_list_adapts_to_80_columns_and_to_wide_terminals(
    lib: Library, make_app: Callable[..., ReadlistApp]
) -> None:
    for size, sidebar_shown, side_by_side in (((80, 24), False, False),
                                              ((200, 60), True, True)):
        app = make_app(lib)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            screen = main(pilot)
            assert screen.sidebar.display == sidebar_shown or not screen.sidebar.region.width
            detail, papers = screen.detail.region, screen.papers.region
            assert (detail.x > papers.x) == side_by_side
            assert "Simplifying Transformer Blocks" in screen_text(pilot)
            if not sidebar_shown:
                await pilot.press("v")  # the sidebar on demand
                await pilot.pause()
                assert screen.sidebar.region.width > 0 and screen.sidebar.has_focus


@pytest.mark.parametrize("name", ["[bold red]x[/]", "[$error]y", "a\\[b]c[/]", "x\\"])
def test_palette_entries_show_digest_and_tag_names_literally(name: str) -> None:
    from textual.content import Content

    from readlist.tui.commands import literal

    assert Content.from_markup(literal(name)).plain == name


def footer_and_header(pilot: Any) -> tuple[str, str]:
    lines = screen_text(pilot).splitlines()
    return lines[-1].rstrip(), lines[1].rstrip()


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_footer_and_triage_line_are_readable_and_fit(
    lib: Library, make_app: Callable[..., ReadlistApp], size: tuple[int, int]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        footer, triage = footer_and_header(pilot)
        gap = " " if size[0] < 100 else "  "
        for pair in ("? help", "/ filter", "space read", "1 2 3 4 rate", "p priority",
                     "u undo", "q quit"):
            assert pair in footer, (pair, footer)
        assert f"read{gap}1 2 3 4 rate{gap}p priority{gap}t tags" in footer
        assert "0 / 12 triaged · 12 left · " in triage and "x skip · l later" in triage
        assert not triage.endswith("·") and "…" not in triage


async def test_nothing_to_triage_shows_an_empty_bar(
    lib: Library, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"no-paper-has-this-word")
        await settle(pilot)
        _, triage = footer_and_header(pilot)
        assert "nothing to triage" in triage and "█" not in triage


async def test_a_filter_error_leaves_room_to_correct_the_filter(
    lib: Library, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main(pilot)
        await pilot.press("slash", *"rating:nonsense year:abc")
        await settle(pilot)
        status = screen.filter_bar.status
        assert status.has_class("-error") and "not in the legend" in str(status.tooltip)
        assert status.region.width <= 80 // 3 + 2
        assert screen.filter_bar.input.region.width >= 36


async def test_a_pending_paper_shows_its_id_not_a_blank_row(
    make_library: MakeLibrary, make_app: Callable[..., ReadlistApp]
) -> None:
    library = make_library(DigestDraft("generic", [paper_draft("", "2501.00001"),
                                                   paper_draft("A titled paper")]))
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "(2501.00001: metadata pending)" in screen_text(pilot)


async def test_details_name_digests_by_title_and_keep_the_notes_lines(
    lib: Library, make_app: Callable[..., ReadlistApp]
) -> None:
    pid = lib.resolve("RtDok9eS3s")  # listed by the "ICLR 2024 picks" post, file "iclr"
    lib.set_note(pid, "first thought\nsecond thought\n\nnew paragraph")
    app = make_app(lib)
    async with app.run_test(size=(140, 50)) as pilot:
        screen = await all_papers(pilot)
        screen.papers.cursor = screen.papers.pids.index(pid)
        await settle(pilot)
        assert "## From ICLR 2024 picks › Architectures" in screen.detail.markdown_text
        assert "From ICLR 2024 picks › Architectures" in screen_text(pilot)
        body = screen.detail.query_one("#detail-body", Static).render()
        lines = body.plain.splitlines()  # type: ignore[union-attr]
        assert lines.index("second thought") == lines.index("first thought") + 1
        assert lines.index("new paragraph") == lines.index("second thought") + 2


async def test_the_help_scrollbar_never_covers_the_ids(
    lib: Library, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        scroll = app.screen.query_one("#help-scroll")
        table = app.screen.query_one("#help-table")
        assert scroll.show_vertical_scrollbar
        assert table.region.right <= scroll.scrollable_content_region.right
        rendered = "\n".join(s.text for s in table.render_lines(table.region.reset_offset))
        assert "help_page_down" in rendered and "command_palette" in rendered
