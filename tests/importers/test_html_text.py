"""HTML fragments (feed reviews) as Markdown-ish text: structure kept, media dropped, and
linear time on hostile markup (Python 3.11's html.parser is quadratic on some of it)."""

from __future__ import annotations

import time

import pytest

from readlist.importers.html_blurb import blurb, cut
from readlist.importers.html_text import Block, plain_text, render


def md(fragment: str) -> str:
    return render(fragment).text


def test_nested_and_ordered_lists() -> None:
    html = ("<ul><li><p>top</p><ul><li>child <b>bold</b></li><li>two<ol><li>first</li>"
            "<li>second</li></ol></li></ul>tail text</li><li>next</li></ul><p>after</p>")
    assert md(html) == ("- top\n  - child **bold**\n  - two\n    1. first\n    2. second\n"
                        "  tail text\n- next\n\nafter")


def test_blocks_headings_quotes_rules_tables_and_breaks() -> None:
    html = ("<h2>Title</h2><p>line one<br>line two</p><blockquote><p>quoted</p></blockquote><hr>"
            "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>")
    assert md(html) == "## Title\n\nline one\nline two\n\n> quoted\n\n---\n\na | b\n1 | 2"
    assert md("<p>x</p><blockquote><p>a</p><ul><li>i</li></ul></blockquote><p>y</p>") == (
        "x\n\n> a\n>\n> - i\n\ny"
    )


def test_code_keeps_its_text_and_layout() -> None:
    html = "<p>use <code>x &lt; y</code></p><pre><code>\nif a &amp;&amp; b:\n    # comment\n</code></pre>"
    assert md(html) == "use `x < y`\n\n```\nif a && b:\n    # comment\n```"
    assert md("<pre>```md\nx\n```</pre>") == "````\n```md\nx\n```\n````"


def test_links_are_kept_as_text_and_url() -> None:
    html = ('<p><a href="https://a.example/x?y=1&amp;z=2">paper</a>, <a href="https://b.example">'
            'https://b.example</a>, <a href="/relative">rel</a>, <a href="javascript:alert(1)">js</a>, '
            '<a href="https://c.example"><img src="https://c.example/i.png"></a></p>')
    assert md(html) == "paper (https://a.example/x?y=1&z=2), https://b.example, rel, js,"


def test_media_scripts_and_comments_are_dropped() -> None:
    html = ('<p>a<img src="x.png" alt="alt text"><script>alert("<p>x</p>")</script>'
            "<style>p{}</style><!-- hidden --><svg><text>drawn</text></svg>b</p>"
            '<figure><img src="y.png"><figcaption>Figure 1: caption</figcaption></figure>')
    assert md(html) == "ab"  # a caption without its (dropped) image is an orphan line


def test_entities_are_decoded_once_and_unknown_tags_stay_text() -> None:
    html = "<p>it&#39;s &quot;x&quot; &amp;lt;b&amp;gt; &nbsp;<nexa_4> token</nexa_4> 2 < 3</p>"
    assert md(html) == "it's \"x\" &lt;b&gt; <nexa_4> token</nexa_4> 2 < 3"


def test_a_lt_that_opens_no_element_is_text() -> None:
    # `<y and y>` has a tag's shape but names no element; `<y ...` running into `</p>`
    # must not swallow the text up to that `>`.
    assert plain_text("<p>We study x<y and y>z.</p>") == "We study x<y and y>z."
    assert plain_text("<ol> where $a<b$ and x<y.  </ol><p>next</p>") == "where $a<b$ and x<y. next"
    assert md("<p>a <b>bold</b> b<c d</p><p>e</p>") == "a **bold** b<c d\n\ne"


def test_emphasis_restores_underscores_a_markdown_renderer_ate() -> None:
    # velog turned "$\prod _i ^N \sum_{z}$" into <em>: writing _ back restores the LaTeX.
    assert md("<p>$\\prod <em>i ^N \\sum</em>{z}$ and <strong> spaced </strong>!</p>") == (
        "$\\prod _i ^N \\sum_{z}$ and **spaced** !"
    )


def test_plain_text_for_titles_and_names() -> None:
    assert plain_text("A &amp; B <i>x</i> <b>y</b> <code>z</code> 2 < 3") == "A & B x y z 2 < 3"
    assert plain_text('<a href="https://x.example/a">Ada Lovelace</a>, <a href="b">Alan</a>') == (
        "Ada Lovelace, Alan"
    )


def test_blurb_is_the_opening_text() -> None:
    blocks = render("<p><img src=x>..?</p><h1>1. Intro</h1><ul><li>first point</li>"
                    "<li>second point</li></ul><h2>Later</h2><p>not this</p>").blocks
    assert blurb(blocks) == "first point; second point"
    long = "First sentence here. " + "word " * 100
    assert blurb((Block("paragraph", long),), limit=60) == "First sentence here."
    assert cut("x" * 10 + " " + "y" * 100, 50) == "x" * 10 + "…"
    assert blurb((Block("heading", "# Only a heading"),)) is None


@pytest.mark.parametrize("unit", ["<a ", "<![", "</", "<!--", "<a title=\"", "<b>", "<ul><li>",
                                  "<blockquote>", "&#", "<", "<p/x='", "<y ", "<y x=1 >"])
def test_hostile_markup_is_linear(unit: str) -> None:
    fragment = unit * 50_000
    start = time.perf_counter()
    out = render(fragment)
    assert time.perf_counter() - start < 10  # html.parser needs ~15 s for 10,000 "<a "
    assert len(out.text) < 40 * len(fragment)


def test_a_link_cut_in_pieces_names_its_url_once() -> None:
    # Google Scholar's citation pasted into a Jekyll review: one link per piece, same URL.
    url = "https://arxiv.org/abs/2410.05258"
    html = (f'<p><a href="{url}">Ye, T. “Differential transformer.” </a><a href="{url}"><em>arXiv '
            f'preprint</em></a><a href="{url}"> (2024).</a> See <a href="https://b.example">b</a>.</p>')
    assert md(html) == f"Ye, T. “Differential transformer.” _arXiv preprint_ (2024). ({url}) See b (https://b.example)."
    # Different URLs each keep their own.
    assert md('<p><a href="https://a.example">a</a> <a href="https://b.example">b</a></p>') == (
        "a (https://a.example) b (https://b.example)")


def test_blurb_passes_over_paragraphs_of_links_only() -> None:
    # Medium reviews open with "Paper link" / "Code link" paragraphs before the prose.
    html = ('<p><a href="https://arxiv.org/abs/2412.09871">Paper link</a></p><p><a href="https://github.com/'
            'x/y">Code link</a></p><p>The <strong>BLT</strong> is a <a href="https://x.org">byte-level</a> LLM.</p>')
    rendered = render(html)
    assert [b.links_only for b in rendered.blocks] == [True, True, False]
    assert blurb(rendered.blocks) == "The **BLT** is a byte-level (https://x.org) LLM."
    # A fragment of links only still has a blurb.
    assert blurb(render('<p><a href="https://a.example">Paper link</a></p>').blocks) == (
        "Paper link (https://a.example)")


@pytest.mark.parametrize("html", [
    '<p>논문 링크 : <a href="https://arxiv.org/abs/1706.03762">https://arxiv.org/abs/1706.03762</a></p>',  # Tistory
    '<p>arXiv 2023. [<a href="https://arxiv.org/abs/2202.00273">Paper</a>] [<a href="https://g.example">Github</a>]</p>',
    '<p>Paper: <a href="https://arxiv.org/abs/2202.00273">arxiv.org/abs/2202.00273</a>, code: <a href="https://g.example">here</a></p>',
])
def test_a_paragraph_of_labelled_links_is_navigation(html: str) -> None:
    rendered = render(html + "<p>The review starts here.</p>")
    assert [b.links_only for b in rendered.blocks] == [True, False]
    assert blurb(rendered.blocks) == "The review starts here."


def test_prose_around_a_link_is_not_navigation() -> None:
    for html in ('<p>Paper: <a href="https://x.example">this one</a> is the best I read.</p>',
                 '<p>We like <a href="https://x.example">this</a>.</p>',
                 "<p>" + "paper " * 20 + '<a href="https://x.example">x</a></p>'):
        assert [b.links_only for b in render(html).blocks] == [False]
