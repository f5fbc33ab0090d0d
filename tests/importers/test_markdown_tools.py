"""The shared Markdown machinery: the fast table rule and inline fast paths match markdown-it."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from readlist.importers.dates import find_date
from readlist.importers.markdown_tools import (
    Table,
    _fast_inline,
    dedent_block,
    inline_from_tokens,
    join_wrapped,
    leading_link,
    link_at,
    md,
    parse,
    simple_url,
    strip_strong,
)
from readlist.importers.md_comments import comment_spans

REFERENCE = MarkdownIt("commonmark", {"html": True}).enable("table")

TABLES = [
    "|a|b|\n|---|---|\n|1|2|\n",
    "| a | b |\n| :---: | ---: |\n| **x** | [y](http://e.com) |\n| 1 |\n",
    "a | b\n--|--\n1 | 2\n3 | 4 | 5\n",
    "|a|b|\n|-|-|\n|x \\| y|z|\n|`c|d`|e|\n",
    "|a|b|\n|---|---|\n|1|2|\n# heading ends it\n|3|4|\n",
    "|a|b|\n|---|---|\n|1|2|\n> quote ends it\n",
    "|a|b|\n|---|---|\n|1|2|\n\n|3|4|\n",
    "- item\n\n  |a|b|\n  |---|---|\n  |1|2|\n",
    "text before\n|a|b|\n|---|---|\n|1|2|\n",
    "|a|b|\n|---|\n|1|2|\n",  # delimiter with fewer cells: not a table
    "|a|b|\n|---|:-:-|\n",  # a bad delimiter cell: not a table
    "    |a|b|\n    |---|---|\n",  # indented code, not a table
    "|a|\n- --\n",  # a list item, not a delimiter row
]


def reference_tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """(header, rows) of every table markdown-it's own table rule finds."""
    tables: list[tuple[list[str], list[list[str]]]] = []
    row: list[str] = []
    inside = False
    for tok in REFERENCE.parse(text):
        if tok.type in ("table_open", "table_close"):
            inside = tok.type == "table_open"
            if inside:
                tables.append(([], []))
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and inside:
            row.append(tok.content)
        elif tok.type == "tr_close":
            header, rows = tables[-1]
            if header:
                rows.append(row)
            else:
                header.extend(row)
    return tables


@pytest.mark.parametrize("text", TABLES)
def test_fast_table_rule_finds_the_tables_markdown_it_finds(text: str) -> None:
    ours: list[Table] = [t.meta["table"] for t in parse(text).tokens if t.type == "gfm_table"]
    expected = reference_tables(text)
    assert [t.header for t in ours] == [h for h, _ in expected]
    for table, (header, rows) in zip(ours, expected, strict=True):
        # markdown-it pads short rows and drops extra cells; the importer needs the extras.
        padded = [[c.strip() for c in r][: len(header)] + [""] * (len(header) - len(r))
                  for r in table.rows]
        assert padded == rows


def test_table_keeps_extra_cells_and_row_lines() -> None:
    doc = parse("x\n\n|a|b|\n|---|---|\n|1|2|3|\n|4|5|\n")
    [table] = [t.meta["table"] for t in doc.tokens if t.type == "gfm_table"]
    assert [[c.strip() for c in r] for r in table.rows] == [["1", "2", "3"], ["4", "5"]]
    assert table.row_lines == [4, 5]


CELLS = [
    "plain text", "**bold title**", "[2406.02543v1](http://arxiv.org/abs/2406.02543v1)",
    "null", "Yasin Abbasi Yadkori et.al.", "**I've got the \"Answer\"!**", "**a *b* c**",
    "[link](https://github.com/x/y?a=1&b=2)", "[t](http://e.com/a_(b))", "`code`", "a_b_c",
    "**L$^2$M: x**", "[a [b] c](http://e.com)", "&amp; entity", "<b>html</b>", "** spaced **",
    "[x](<http://e.com/a b>)", "![img](http://e.com/i.png)", "\\*escaped\\*", "",
]


@pytest.mark.parametrize("cell", CELLS)
def test_inline_fast_path_agrees_with_markdown_it(cell: str) -> None:
    doc = parse("")
    fast = _fast_inline(cell)
    if fast is not None:
        assert fast == inline_from_tokens(doc.inline_tokens(cell))
    assert doc.inline(cell) == inline_from_tokens(doc.inline_tokens(cell))


def test_leading_link_returns_the_label_as_written() -> None:
    raw = "[L$^2$M: a [nested] \\[x\\] `]` title](https://e.com) (oral)"
    label, after = leading_link(raw, 0, {}) or ("", 0)
    assert label == "L$^2$M: a [nested] \\[x\\] `]` title"
    assert raw[after] == "("
    assert leading_link("[unclosed", 0, {}) is None
    assert leading_link("no link", 0, {}) is None


def test_a_comment_opener_inside_a_code_span_is_text() -> None:
    assert comment_spans("- `<!--` starts a comment\n- b <!-- x --> c") == ([(30, 40)], False)
    assert comment_spans("a `` ` `` <!-- b ` c --> ` <!-- d") == ([(10, 24), (27, 33)], True)
    assert comment_spans("\\`<!-- x` -->") == ([(2, 13)], False)  # an escaped backtick opens nothing
    assert comment_spans("`<!-- x` <!-- y -->", code=False) == ([(1, 19)], False)  # raw HTML
    assert comment_spans("x --> y <!-- z", inside=True) == ([(0, 5), (8, 14)], True)


def test_link_at_measures_links_as_markdown_it_reads_them() -> None:
    refs = {"references": {"SF": {"href": "https://openreview.net/forum?id=x", "title": ""}}}
    assert link_at("[T](https://e.com/a) rest", 0, {}) == ("T", "https://e.com/a", 20)
    raw = '[T](<https://e.com/a (b)> "t") rest'
    assert link_at(raw, 0, {}) == ("T", "https://e.com/a%20(b)", raw.index(" rest"))
    assert link_at("![](/a.png) [T](u)", 0, {}) == ("", "/a.png", 11)
    assert link_at("[sf] (oral)", 0, refs) == ("sf", "https://openreview.net/forum?id=x", 4)
    assert link_at("[x] [T](u)", 0, {}) is None and link_at("plain", 0, {}) is None


def test_dedent_block_and_strip_strong() -> None:
    assert dedent_block("\n\n    - a\n      - b\n\n") == "- a\n  - b"
    assert strip_strong(" **Title** ") == "Title"
    assert strip_strong("**a** and **b**") == "**a** and **b**"
    assert strip_strong("__x__") == "x"


def test_join_wrapped_puts_spaces_between_words_but_not_between_cjk() -> None:
    assert join_wrapped(["We study", "pipes."]) == "We study pipes."
    assert join_wrapped(["我們研究", "管道。", "$x$", "和"]) == "我們研究管道。 $x$ 和"


def test_find_date_accepts_common_forms_and_rejects_impossible_dates() -> None:
    assert find_date("Updated on 2024.06.05") == "2024-06-05"
    assert find_date("2024-02-30 then 2024/2/9") == "2024-02-09"
    assert find_date("12024-01-01") is None
    assert find_date("") is None


@pytest.mark.parametrize(("text", "iso"), [
    ("Daily Papers (Oct 21, 2024)", "2024-10-21"),
    ("October 18, 2024", "2024-10-18"),
    ("Sept. 3rd, 2024", "2024-09-03"),
    ("Daily Papers (18 Oct 2024)", "2024-10-18"),
    ("HuggingFace 每日论文 2024年10月18日", "2024-10-18"),
    ("데일리 페이퍼 2024년 10월 18일", "2024-10-18"),
    ("Daily Papers (20241018)", "2024-10-18"),
    ("Oct 32, 2024, then 2024-01-02", "2024-01-02"),  # the first *valid* date
])
def test_find_date_reads_written_and_compact_dates(text: str, iso: str) -> None:
    assert find_date(text) == iso


@pytest.mark.parametrize("text", [
    "arXiv 2410.13848", "May 2024", "20241318", "120241018", "v1.20241018", "Oct 18",
])
def test_find_date_is_not_fooled_by_ids_and_partial_dates(text: str) -> None:
    assert find_date(text) is None


def raw_runs(text: str) -> list[tuple[int, int]]:
    doc = parse(text, raw_run_start=lambda line: line.startswith("START"))
    return [(t.map[0], t.map[1]) for t in doc.tokens if t.type == "raw_text" and t.map]


def test_raw_runs_only_when_asked_and_up_to_a_structural_line() -> None:
    body = "START by\n\ntext\n- a list-looking line\n1. and another\n\nmore\n"
    assert not any(t.type == "raw_text" for t in parse("START\n" + body).tokens)
    assert raw_runs(body + "##### Next\n") == [(0, 7)]
    assert raw_runs(body + "| a | b |\n|---|---|\n") == [(0, 7)]
    assert raw_runs(body + "a | b\n--|--\n") == [(0, 7)]  # a table without outer pipes
    assert raw_runs(body + "<details>\n") == [(0, 7)]
    assert raw_runs(body + "* * *\nafter\n") == [(0, 7)]
    assert raw_runs(body + "   # indented heading\n") == [(0, 7)]
    assert raw_runs(body + "    # indented code, not a heading\n") == [(0, 8)]
    assert raw_runs("intro\n\n" + body) == [(2, 9)]


def test_headings_after_a_raw_run_are_still_parsed() -> None:
    doc = parse("START\n# of things\n\n## Real\n", raw_run_start=lambda line: line == "START")
    assert [t.type for t in doc.tokens][:2] == ["raw_text", "heading_open"]


@pytest.mark.parametrize("url", [
    "https://OpenReview.net/forum?id=AbC_-1", "http://arxiv.org/abs/2406.02543v1",
    "https://github.com/a/b#x", "https://e.com/a~b:c@d!e$f+g,h;i=j", "HTTPS://E.COM/A",
])
def test_simple_urls_are_hrefs_as_written(url: str) -> None:
    assert simple_url(url)
    [link] = parse("").inline(f"[t]({url})").links
    assert link.href == url == md().normalizeLink(url)


def test_urls_markdown_it_would_rewrite_are_not_simple() -> None:
    assert not simple_url("https://e.com/a b") and not simple_url("https://e.com/ü")
    assert not simple_url("https://e.com/%41") and not simple_url("javascript:alert(1)")
