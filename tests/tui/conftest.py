"""Fixtures for TUI tests: a small fixed library, the app over it, and helpers to drive it.

Every change the tests make is checked in the library itself (a fresh `Library` on the same
home, like `readlist list --json` in another terminal), not only on the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from readlist.importers.base import DigestDraft
from readlist.paths import Home
from readlist.service import Library
from readlist.tui import create_app
from readlist.tui.app import ReadlistApp
from readlist.tui.main_screen import MainScreen
from readlist.tui.views import ALL
from tests.conftest import MakeLibrary, paper_draft

SIZE = (100, 30)


@pytest.fixture
def anyio_backend() -> str:
    """Pilot tests are coroutines run by anyio's pytest plugin, on asyncio (Textual's loop)."""
    return "asyncio"


def iclr_draft() -> DigestDraft:
    """An annotated conference post: OpenReview links, sections, the author's ratings."""
    papers = [
        ("Simplifying Transformer Blocks", "RtDok9eS3s", "Architectures", "🟣"),
        ("Merge, Then Compress: Efficient SMoE", "eFWG9Cy3WK", "Architectures", "🟡"),
        ("ReLU Strikes Back: Activation Sparsity", "osoWxY8q2E", "Architectures", "🔵"),
        ("Think before you speak: Pause Tokens", "ph04CRkPdC", "Training", "🔴"),
        ("Headless Language Models", "ONPECq0Rk7", "Training", None),
        ("EMO: Earth Mover Distance Optimization", "4bLXfRd0CX", "Training", "🔵"),
    ]
    return DigestDraft(
        "post",
        [paper_draft(title, openreview_id=ident, section=section, author_rating=rating,
                     links={"abstract": f"https://openreview.net/forum?id={ident}"},
                     notes=f"- a note about {title}")
         for title, ident, section, rating in papers],
        title="ICLR 2024 picks", date="2024-01-25", sections=["Architectures", "Training"],
    )


def daily_draft() -> DigestDraft:
    """A daily arXiv list: ids, authors, dates and abstracts."""
    papers = [
        ("To Believe or Not to Believe Your LLM", "2406.02543v1", "Yasin Abbasi Yadkori"),
        ("Scalable MatMul-free Language Modeling", "2406.02528v1", "Rui-Jie Zhu"),
        ("Guiding a Diffusion Model with a Bad Version of Itself", "2406.02507v1", "Tero Karras"),
        ("Block Transformer: Global-to-Local Attention", "2406.02657v1", "Namgyu Ho"),
        ("Parrot: Multilingual Visual Instruction Tuning", "2406.02539v1", "Hai-Long Sun"),
        ("Attention as an RNN", "2405.13956v1", "Leo Feng"),
    ]
    return DigestDraft(
        "arxiv-daily",
        [paper_draft(title, arxiv, authors=[author, "Second Author"], date="2024-06-04",
                     abstract=f"The abstract of {title}.", section="LLM")
         for title, arxiv, author in papers],
        title=None, date="2024-06-05", sections=["LLM"],
    )


@pytest.fixture
def lib(make_library: MakeLibrary) -> Library:
    """12 papers: 6 from a conference post (4 rated by its author), 6 from a daily list."""
    return make_library(iclr=iclr_draft(), daily=daily_draft())


@pytest.fixture(autouse=True)
def fast_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short debounce and poll intervals so tests run quickly."""
    monkeypatch.setattr(MainScreen, "OVERVIEW_DELAY", 0.01)
    monkeypatch.setattr(MainScreen, "POLL_INTERVAL", 0.1)


@pytest.fixture
def make_app() -> Callable[..., ReadlistApp]:
    """`make_app(library)`: the app as the CLI builds it, with links recorded, not opened."""

    def build(library: Library, **kwargs: Any) -> ReadlistApp:
        app = create_app(library, **kwargs)
        opened: list[str] = []
        app.url_opener = opened.append
        app.opened = opened  # type: ignore[attr-defined]
        notes: list[str] = []
        notify = app.notify

        def record(message: str, **options: Any) -> None:
            notes.append(message)
            notify(message, **options)

        app.notify = record  # type: ignore[method-assign]
        app.notes = notes  # type: ignore[attr-defined]
        return app

    return build


async def settle(pilot: Pilot[Any], rounds: int = 3) -> None:
    """Let debounce timers fire and every worker (loads, saves, details) finish."""
    for _ in range(rounds):
        await pilot.pause(0.08)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def main(pilot: Pilot[Any]) -> MainScreen:
    screen = pilot.app.screen_stack[1] if len(pilot.app.screen_stack) > 1 else pilot.app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def all_papers(pilot: Pilot[Any]) -> MainScreen:
    """Wait for the app to load, then switch to the All papers view (and wait again)."""
    await settle(pilot)
    screen = main(pilot)
    screen.show_view(ALL)
    await settle(pilot)
    return screen


def fresh(home: Home) -> Library:
    """The library as another process (the CLI) would read it now."""
    return Library(home, durable=False)


def state_of(home: Home, key: str) -> dict[str, Any]:
    """`readlist list --json`'s user fields of one paper."""
    library = fresh(home)
    paper = library.paper(library.resolve(key), details=False)
    user = paper.user
    return {"state": user.state.value, "priority": user.priority.value, "rating": user.rating,
            "tags": list(user.tags), "notes": user.notes, "triaged": user.triaged}


def screen_text(pilot: Pilot[Any]) -> str:
    """Everything on the terminal, as plain text lines."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def key_of(home: Home, pid: int) -> str:
    return fresh(home).paper(pid, details=False).key


def root_of(home: Home) -> Path:
    return home.data
