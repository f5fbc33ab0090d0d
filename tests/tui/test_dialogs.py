"""Keys that open a dialog or leave the app: tags, notes, add, import, export, links."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from textual.widgets import Input

from readlist.arxiv_cache import RateLimiter
from readlist.demo import demo_digests
from readlist.paths import Home
from readlist.service import Library, export_ops
from readlist.tui.add_modal import AddModal
from readlist.tui.app import ReadlistApp
from readlist.tui.confirm_modal import ConfirmModal
from readlist.tui.export_modal import ExportModal
from readlist.tui.note_editor import NoteEditor
from readlist.tui.tag_modal import TagModal, parse_tag_input
from readlist.tui.views import ALL
from tests.arxiv.conftest import api_handler
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


async def test_tags_complete_existing_ones_and_toggle(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    lib.tag([lib.resolve("2406.02657")], ["efficiency", "reading-group"])
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        pid = screen.papers.current
        assert pid is not None
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagModal)
        field = app.screen.query_one("#dialog-input")
        await pilot.press(*"eff")
        await settle(pilot)
        assert field._suggestion == "efficiency"  # type: ignore[attr-defined]
        await pilot.press("right", "space", *"new-tag", "enter")  # accept, then a new tag
        await settle(pilot)
        key = key_of(home, pid)
        assert state_of(home, key)["tags"] == ["efficiency", "new-tag"]
        await pilot.press("t", *"efficiency -new-tag +fresh", "enter")
        await settle(pilot)
    assert state_of(home, key)["tags"] == ["fresh"]


async def test_tab_accepts_the_suggested_tag(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    lib.tag([lib.resolve("2406.02657")], ["efficiency", "reading-group"])
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pid = main(pilot).papers.current
        assert pid is not None
        await pilot.press("t", *"+rea")
        await settle(pilot)
        await pilot.press("tab")
        field = app.screen.query_one("#dialog-input", Input)
        assert field.value == "+reading-group"
        await pilot.press("tab")  # no suggestion left: tab does nothing to the text
        assert field.value == "+reading-group"
        await pilot.press(*" eff")
        await settle(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
    assert state_of(home, key_of(home, pid))["tags"] == ["reading-group", "efficiency"]


def test_tag_input_toggles_adds_and_removes() -> None:
    assert parse_tag_input("a +b -c #d", current=["a", "c"]) == (["b", "d"], ["a", "c"])
    assert parse_tag_input("", current=["a"]) == ([], [])


async def test_note_is_edited_inline_and_saved(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pid = main(pilot).papers.current
        assert pid is not None
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Read with the team", "enter", *"- section 3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert state_of(home, key_of(home, pid))["notes"] == "Read with the team\n- section 3\n"
        await pilot.press("n", *"discarded", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, NoteEditor)  # escape closed the editor
        assert "- section 3" in main(pilot).detail.markdown_text
        await pilot.press("2")  # and keys act on the list again
        await settle(pilot)
    state = state_of(home, key_of(home, pid))
    assert state["notes"] == "Read with the team\n- section 3\n" and state["rating"] == "🔵"


async def test_note_in_editor_saves_what_the_editor_wrote(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []

    def fake_editor(text: str, **_: object) -> str:
        seen.append(text)
        return "Written in $EDITOR\n"

    monkeypatch.setattr("readlist.editor.edit_text", fake_editor)
    app = make_app(lib)

    @contextlib.contextmanager
    def no_suspend() -> Iterator[None]:
        yield  # the headless test driver cannot give the terminal away

    monkeypatch.setattr(app, "suspend", no_suspend)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pid = main(pilot).papers.current
        assert pid is not None
        await pilot.press("N")
        await settle(pilot)
    assert seen == [""]
    assert state_of(home, key_of(home, pid))["notes"] == "Written in $EDITOR\n"


@pytest.mark.parametrize(("editor", "message"), [
    ("false", "editor 'false' exited with status 1; nothing changed"),
    ("nonexistent-ed-3f9", "cannot run editor 'nonexistent-ed-3f9'"),
])
async def test_a_failing_editor_gives_the_screen_back_and_says_why(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp],
    monkeypatch: pytest.MonkeyPatch, editor: str, message: str,
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor)
    app = make_app(lib)
    resumed: list[bool] = []

    @contextlib.contextmanager
    def suspend_like_textual() -> Iterator[None]:
        yield  # like App.suspend: an error raised in the block skips the resume below
        resumed.append(True)

    monkeypatch.setattr(app, "suspend", suspend_like_textual)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pid = main(pilot).papers.current
        assert pid is not None
        await pilot.press("N")
        await settle(pilot)
        assert resumed == [True]
        assert any(message in note for note in app.notes)  # type: ignore[attr-defined]
        await pilot.press("1")  # the app still takes keys
        await settle(pilot)
    state = state_of(home, key_of(home, pid))
    assert state["notes"] == "" and state["rating"] == "🔴"


async def test_open_and_copy_use_the_papers_link(
    lib: Library, make_app: Callable[..., ReadlistApp]
) -> None:
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o", "O", "y")
        await settle(pilot)
    assert app.opened == [  # type: ignore[attr-defined]
        "https://openreview.net/forum?id=RtDok9eS3s",
        "https://openreview.net/pdf?id=RtDok9eS3s",
    ]
    assert app.clipboard == "https://openreview.net/forum?id=RtDok9eS3s"


async def test_add_by_arxiv_id_fetches_in_a_worker_and_adds_the_paper(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    calls: list[httpx.Request] = []
    app = make_app(lib)
    app.backend.arxiv_options = {"transport": httpx.MockTransport(api_handler(calls)),
                                 "limiter": RateLimiter(0.0), "cache": None}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main(pilot).show_view(ALL)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AddModal)
        await pilot.press(*"arXiv:2404.16710v3", "enter")
        await settle(pilot, rounds=5)
        assert not isinstance(app.screen, AddModal)
        assert any("2404.16710" in note for note in app.notes)  # type: ignore[attr-defined]
        assert len(main(pilot).papers.pids) == 13
    assert len(calls) == 1
    paper = fresh(home).paper(fresh(home).resolve("2404.16710"))
    assert paper.title.startswith("LayerSkip")


async def test_add_errors_are_notified_and_the_dialog_stays(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp]
) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<feed xmlns='http://www.w3.org/2005/Atom'></feed>")

    app = make_app(lib)
    app.backend.arxiv_options = {"transport": httpx.MockTransport(down),
                                 "limiter": RateLimiter(0.0), "cache": None, "max_retries": 0}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", *"not-an-id", "enter")
        await settle(pilot, rounds=5)
        assert isinstance(app.screen, AddModal)  # still open: fix the id and retry
        assert any("not an arXiv id" in n for n in app.notes)  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AddModal)
    assert len(fresh(home).query_pids()) == 12


async def test_import_a_file_from_the_dialog(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp], tmp_path: Path
) -> None:
    name, text = demo_digests()[4]
    digest = tmp_path / name
    digest.write_text(text, encoding="utf-8")
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#dialog-input").insert_text_at_cursor(str(digest))  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot, rounds=5)
        assert any(n.startswith("Imported") for n in app.notes)  # type: ignore[attr-defined]
    library = fresh(home)
    assert library.resolve("2406.02430")  # Seed-TTS, only in that digest
    assert len(library.query_pids()) == 13


async def test_export_writes_the_current_view_like_the_cli(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp], tmp_path: Path
) -> None:
    lib.rate([lib.resolve("2406.02528")], "red")
    target = tmp_path / "picks.md"
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        screen = await all_papers(pilot)
        await pilot.press("slash", *"rating:red", "enter")
        await settle(pilot)
        assert len(screen.papers.pids) == 2
        await pilot.press("e")
        await settle(pilot)
        field = app.screen.query_one("#dialog-input")
        field.value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot, rounds=5)
        assert "Exported 2 papers" in " ".join(app.notes)  # type: ignore[attr-defined]
    assert target.read_text(encoding="utf-8") == export_ops.export_markdown(fresh(home), "rating:🔴")


async def test_export_writes_exactly_the_papers_shown_even_after_triage(
    lib: Library, home: Home, make_app: Callable[..., ReadlistApp], tmp_path: Path
) -> None:
    target = tmp_path / "inbox.md"
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot)
        await pilot.press("1", "2")  # triaged, but still on screen until the next reload
        await settle(pilot)
        shown = list(screen.papers.pids)
        assert len(shown) == 12
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportModal)
        assert "(12 papers of Inbox)" in screen_text(pilot)
        app.screen.input.value = str(target)
        await pilot.press("enter")
        await settle(pilot, rounds=5)
        assert "Exported 12 papers" in " ".join(app.notes)  # type: ignore[attr-defined]
    text = target.read_text(encoding="utf-8")
    library = fresh(home)
    assert all(library.paper(pid).title in text for pid in shown)


async def test_export_asks_before_replacing_a_file(
    lib: Library, make_app: Callable[..., ReadlistApp], tmp_path: Path
) -> None:
    target = tmp_path / "picks.md"
    target.write_text("mine\n", encoding="utf-8")
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportModal)
        dialog.input.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # keep it: back in the dialog, nothing written
        await settle(pilot)
        assert app.screen is dialog
        assert target.read_text(encoding="utf-8") == "mine\n"
        assert "--force" not in screen_text(pilot)
        await pilot.press("enter", "y")
        await settle(pilot, rounds=5)
        assert not isinstance(app.screen, (ExportModal, ConfirmModal))
    assert target.read_text(encoding="utf-8").count("openreview.net") >= 6


async def test_export_of_an_empty_view_says_so_and_writes_nothing(
    lib: Library, make_app: Callable[..., ReadlistApp], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"nothing-matches-this", "enter")
        await settle(pilot)
        assert main(pilot).papers.pids == []
        await pilot.press("e")
        await settle(pilot)
        assert not isinstance(app.screen, ExportModal)
        assert any("Nothing to export" in n for n in app.notes)  # type: ignore[attr-defined]
    assert not list(tmp_path.glob("*.md"))
