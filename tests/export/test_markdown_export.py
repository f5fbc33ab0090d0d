"""The Markdown export: golden files, determinism, and CommonMark that renders as intended.

Regenerate the golden files after an intended format change with
`READLIST_UPDATE_GOLDEN=1 pytest tests/export` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from readlist.service import Library
from readlist.service.export_ops import export_markdown
from tests.export.conftest import HOSTILE_TITLE

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("READLIST_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run with READLIST_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("section.md", {"with_summaries": True, "title": "ICLR 2024: my picks"}),
        ("rating.md", {"group_by": "rating"}),
        ("tag-no-front-matter.md", {"group_by": "tag", "front_matter": False, "title": "Tags"}),
    ],
)
def test_markdown_matches_golden_file(sample: Library, name: str, options: dict[str, object]) -> None:
    check_golden(name, export_markdown(sample, **options))  # type: ignore[arg-type]


@pytest.mark.parametrize("group_by", ["section", "digest", "rating", "tag", "state", "priority"])
def test_exporting_twice_gives_the_same_bytes(sample: Library, group_by: str) -> None:
    first = export_markdown(sample, group_by=group_by, with_summaries=True)
    assert export_markdown(sample, group_by=group_by, with_summaries=True) == first


def rendered_links(markdown: str) -> dict[str, str]:
    """Link text → href of every link markdown-it renders in the document."""
    found: dict[str, str] = {}
    for token in MarkdownIt("commonmark").parse(markdown):
        children = token.children or []
        for i, child in enumerate(children):
            if child.type == "link_open":
                end = next(j for j in range(i, len(children)) if children[j].type == "link_close")
                text = "".join(c.content for c in children[i + 1:end] if c.type in ("text", "text_special"))
                found[text] = str(child.attrs["href"])
    return found


def test_hostile_titles_stay_intact_and_stay_links(sample: Library) -> None:
    links = rendered_links(export_markdown(sample))
    assert links[HOSTILE_TITLE] == "https://openreview.net/forum?id=HostIle123"
    assert links["Attention Is All You Need"] == "https://arxiv.org/abs/1706.03762"
    assert links["Ünïcödé Names and LLaMA-2 Benchmarks 🚀"] == "https://arxiv.org/abs/2410.08196"


def visible_text(markdown: str) -> str:
    """The rendered HTML with comments and tags removed: what a reader sees."""
    html = MarkdownIt("commonmark").render(markdown)
    html = re.sub(r"<!--.*?-->", "", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", "", html)


def test_hidden_data_is_invisible_when_rendered(sample: Library) -> None:
    shown = visible_text(export_markdown(sample))
    assert "readlist:paper" not in shown and "readlist-export" not in shown
    assert '"record"' not in shown
    assert "Read it twice." in shown  # notes are visible


def test_task_bullets_notes_and_nested_bullets(sample: Library) -> None:
    text = export_markdown(sample)
    assert "- [x] [Attention Is All You Need](https://arxiv.org/abs/1706.03762) 🔵\n" in text
    assert "- [ ] [ReLU Strikes Back](https://openreview.net/forum?id=osoWxY8q2E) (oral) 🔵\n" in text
    assert "  - Authors: Ashish Vaswani, Noam Shazeer, Niki Parmar et al.\n" in text
    assert "  - Tags: #to-read #a\\*b\\_c\n" in text
    assert "  - State: reading\n" in text
    assert "  - Priority: high\n" in text
    assert "  - Notes:\n\n    First line with trailing spaces  \n\n    - nested\n      - deeper" in text
    # A paper without any link is shown in bold, never as a broken link.
    assert "- [ ] **A Paper Known Only By Its Title**\n" in text


def test_document_starts_with_front_matter_and_legend(sample: Library) -> None:
    text = export_markdown(sample, title='Picks: "ICLR" #1')
    assert text.startswith('---\ntitle: "Picks: \\"ICLR\\" #1"\ndate: 2024-03-03\ntags: ["a*b_c", "to-read"]\n---\n')
    assert "## Legend\n\n- 🔴: personal interest\n- 🔵: objective interest\n" in text


def test_liquid_in_the_document_is_protected_for_jekyll(sample: Library) -> None:
    text = export_markdown(sample)  # the hostile title holds {{ liquid }}
    assert "<!-- {% raw %} -->" in text and text.rstrip().endswith("<!-- {% endraw %} -->")
    hidden = [line for line in text.splitlines() if "readlist:paper" in line]
    assert hidden and all("{{" not in line and "-->" not in line[:-3] for line in hidden)


def test_query_limits_the_export(sample: Library) -> None:
    text = export_markdown(sample, "is:read")
    assert text.count("\n- [") == 1 and "Attention Is All You Need" in text


def test_empty_library_exports_a_valid_document(library: Library) -> None:
    text = export_markdown(library)
    assert "_No papers._" in text and "<!-- readlist-export " in text
