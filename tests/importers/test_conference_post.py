"""The annotated conference post importer (family 000)."""

from __future__ import annotations

import time

import pytest

from readlist.importers.base import PaperDraft, ParseError
from readlist.importers.conference_post import ConferencePostImporter
from readlist.importers.front_matter import front_matter
from readlist.importers.post_line import venue_of
from readlist.importers.post_links import paper_url
from readlist.importers.post_marks import rating_in
from readlist.importers.post_venues import venue_label
from tests.importers.helpers import detected, fixture

post = ConferencePostImporter()


def test_papers_are_top_level_link_bullets_in_order() -> None:
    draft = post.parse(fixture("post_traps.md"))
    assert [p.title for p in draft.papers] == [
        "L$^2$M: Mutual [Information] Scaling",  # raw: LaTeX and inner brackets kept
        "Plain Second Paper",
        "Arxiv Linked Paper",
        "Rated Before The Link",
        "No Venue No Emoji",
        "Heart Rated Poster",
    ]
    assert draft.family == "post"
    assert draft.title == "NeurIPS 2024: papers I liked"
    assert draft.date == "2024-12-10"
    # The legend, the wrap-up bullets and the closing section give no papers.
    assert draft.sections == ["Architectures", "Second Section"]


def test_ids_venue_rating_and_links_come_from_the_bullet() -> None:
    papers = post.parse(fixture("post_traps.md")).papers
    first, second, arxiv, rated_first, bare, heart = papers
    assert first.openreview_id == "AAAAA11111" and first.arxiv is None
    assert first.links == {"abstract": "https://openreview.net/forum?id=AAAAA11111"}
    assert (first.venue, first.author_rating) == ("oral", "🔴")
    assert (second.venue, second.author_rating) == (None, "🔵")
    assert arxiv.arxiv is not None and str(arxiv.arxiv) == "2406.02543v2"
    assert arxiv.openreview_id is None and arxiv.venue == "spotlight" and arxiv.author_rating is None
    assert rated_first.author_rating == "🟡" and rated_first.venue is None
    assert (bare.venue, bare.author_rating) == (None, None)
    assert (heart.venue, heart.author_rating) == ("poster", "💜")
    assert first.line == 28


def test_sections_and_subsections_follow_the_headings() -> None:
    papers = post.parse(fixture("post_traps.md")).papers
    assert [(p.section, p.subsection) for p in papers] == [
        ("Architectures", "Attention"),
        ("Architectures", "Attention"),
        ("Architectures", "Attention / Deeper heading"),
        ("Architectures", "Attention / Deeper heading"),
        ("Architectures", "Attention / Deeper heading"),
        ("Second Section", None),  # a new ## resets the subsection
    ]


def test_notes_are_the_nested_markdown_without_hidden_parts() -> None:
    papers = post.parse(fixture("post_traps.md")).papers
    assert papers[0].notes == (
        "- A visible note with **bold** and `code`.\n"
        "  1. first step\n"
        "  2. second step\n"
        "- 「I want to read this one」"
    )
    assert papers[1].notes == '- <img src="/assets/img/second.png" width="300px">'
    assert papers[2].notes == "- note of the arxiv paper\n\n- a loose note after a blank line"
    assert papers[3].notes is None
    assert papers[5].notes == (
        "- note six\n- Transformer Language Models Handle Word Frequency (Kobayashi et al., 2023)"
    )


def test_comments_are_the_bracketed_bullets_at_any_depth() -> None:
    papers = post.parse(fixture("post_traps.md")).papers
    assert papers[0].comments == ["I want to read this one"]
    assert papers[4].comments == [
        "first remark",
        "second remark",
        "a nested remark with [a link](https://example.com/x)",
    ]
    assert papers[1].comments == []


def test_commented_out_entries_are_not_imported_but_reported() -> None:
    draft = post.parse(fixture("post_traps.md"))
    titles = [p.title for p in draft.papers]
    assert "Hidden Single Line" not in titles and "Hidden Multi Line" not in titles
    assert [(s.reason, s.line, s.text) for s in draft.skipped] == [
        ("hidden in an HTML comment", 37, "Hidden Single Line"),
        ("hidden in an HTML comment", 52, "Hidden Multi Line"),
    ]


def test_a_comment_left_open_inside_a_list_item_hides_what_follows_until_it_closes() -> None:
    draft = post.parse(fixture("post_nested_comment.md"))
    assert [p.title for p in draft.papers] == ["Visible First", "Visible After"]
    assert draft.papers[0].notes == "- kept note"
    assert [s.text for s in draft.skipped] == ["Hidden By The Comment"]


def test_crlf_and_a_post_without_front_matter() -> None:
    crlf = post.parse(fixture("post_traps.md").replace("\n", "\r\n"))
    assert [p.title for p in crlf.papers] == [p.title for p in post.parse(fixture("post_traps.md")).papers]
    assert crlf.date == "2024-12-10" and crlf.papers[0].notes and "\r" not in crlf.papers[0].notes
    plain = post.parse(fixture("post_plain.md"))
    assert plain.title == "My ICML 2024 picks" and plain.date is None
    square, heart = plain.papers
    assert (square.author_rating, square.venue) == ("🟥", "ICML 2024 oral")
    assert heart.author_rating == "❤️" and heart.comments == ["loved it"]
    assert [p.section for p in plain.papers] == ["Optimisation", "Optimisation"]


def test_front_matter_scalars_quotes_and_missing_keys() -> None:
    lines = [
        "---", "title: 'It''s a post'", 'subtitle: "say \\"hi\\""', "date: 2024-01-25 # c",
        "tags:", "  - a", "summary: >-", "  folded", "  text", "---", "body",
    ]
    meta, body = front_matter(lines)
    assert meta == {"title": "It's a post", "subtitle": 'say "hi"', "date": "2024-01-25",
                    "tags": "", "summary": "folded text"}
    assert body == 10
    assert front_matter(["---", "", "text", "---"]) == ({}, 0)  # a rule, not front matter
    assert front_matter(["no front matter"]) == ({}, 0)
    assert post.parse("---\nlayout: post\n---\n- [A](https://e.com/a) 🔴\n").title is None


def test_rating_and_venue_helpers() -> None:
    assert rating_in("x 🟢 y 🔴") == "🟢"
    assert rating_in("🟫") == "🟫" and rating_in("🤍") == "🤍" and rating_in("⭐") is None
    assert venue_of(" (Oral) 🔴") == "oral"
    assert venue_of(" 🔴 (spotlight)") == "spotlight"
    assert venue_of(" – see (this)") is None and venue_of(" we like it (a lot)") is None


def test_not_a_post() -> None:
    with pytest.raises(ParseError):
        post.parse("## Section\n\n- just prose\n- more prose 🔴\n")


@pytest.mark.parametrize("name", ["post_traps.md", "post_nested_comment.md", "post_plain.md",
                                  "post_siblings.md", "post_hugo.md"])
def test_detect_picks_the_post_importer(name: str) -> None:
    assert post.sniff(fixture(name))
    assert detected(fixture(name)) == "post"


def test_sniff_needs_paper_like_bullets() -> None:
    blog = "---\ntitle: blog\n---\n- [My cat](https://example.com/cat)\n- [Dog](https://e.com/d)\n"
    assert not post.sniff(blog)  # any Jekyll post has front matter and link bullets
    assert post.sniff("---\ntitle: x\n---\n1. [Paper](https://openreview.net/forum?id=abcdefg)\n")
    assert post.sniff("---\ntitle: x\n---\n- [Paper](https://example.com/p) (oral)\n")
    assert not post.sniff("- [A](https://arxiv.org/abs/2401.00001)\n")  # no front matter, no rating
    notes = "---\ntitle: x\n---\n# T\n\n[View Paper](http://arxiv.org/abs/2401.00001)\n\n- [R](https://arxiv.org/abs/2401.00002)\n"
    assert not post.sniff(notes)


def siblings() -> dict[str, PaperDraft]:
    return {p.title: p for p in post.parse(fixture("post_siblings.md")).papers}


def test_a_comment_opener_inside_code_hides_nothing() -> None:
    draft = post.parse(fixture("post_hugo.md"))
    assert [p.title for p in draft.papers] == [
        "Code Span Note Paper", "Paper After The Code Span", "Paper After The Fence",
    ]
    assert draft.papers[0].notes == "- HTML の `<!--` から始まるコメントを除去する。\n- 入力 --> 出力"
    assert draft.papers[1].comments == ["これは見える"]
    assert draft.papers[2].author_rating == "🟡"  # the 🔴 before it is commented out
    assert [(s.line, s.text) for s in draft.skipped] == [(18, "Hidden Paper")]


def test_hugo_toml_front_matter_gives_title_and_date() -> None:
    draft = post.parse(fixture("post_hugo.md"))
    assert (draft.title, draft.date) == ("ICLR 2024 の気になる論文 (追記版)", "2024-02-01")
    assert front_matter(["+++", 'title = "T"', "draft = false", "+++", "x"]) == (
        {"title": "T", "draft": "False"}, 4)
    assert front_matter(["+++", "not = toml = at all", "+++"]) == ({}, 3)
    assert front_matter(["+++", 'title = "never closed"']) == ({}, 0)


def test_anchors_site_links_and_listing_pages_are_not_papers() -> None:
    draft = post.parse(fixture("post_siblings.md"))
    titles = [p.title for p in draft.papers]
    assert "How to read this post" not in titles and "Papers" not in titles
    assert not {"Last year's post", "Official ICML 2025 paper list", "OpenReview venue page"} & set(titles)
    assert draft.sections == ["Papers"]
    # A page that is not a paper host is a paper when the bullet is rated like one.
    assert siblings()["Project Page Paper"].links == {"abstract": "https://example.org/project"}
    assert [p.title for p in post.parse(
        "## A\n\n- [Paper](https://openreview.net/forum?id=abcdefg) 🔴\n- [Bare page](https://e.com/p)\n"
    ).papers] == ["Paper", "Bare page"]  # beside a sure paper, in the same section


def test_task_boxes_and_thumbnails_do_not_hide_papers() -> None:
    papers = siblings()
    assert papers["Checked Paper"].openreview_id == "CHECKED001"
    assert str(papers["Unchecked Paper"].arxiv) == "2501.00001"
    assert papers["Thumbnail Paper"].openreview_id == "THUMBNAIL1"
    assert papers["Checked Paper"].notes == "- Already read."


def test_the_posts_own_legend_defines_its_rating_marks() -> None:
    papers = siblings()
    assert [papers[t].author_rating for t in ("Checked Paper", "Unchecked Paper", "Thumbnail Paper")] == [
        "⭐", "🔥", "👀"]
    assert papers["Two Links Paper"].author_rating == "🔴"  # :red_circle:
    # Without a legend ⭐ is a star in prose, and one emoji-led bullet is no legend.
    plain = post.parse("- ⭐ one\n\n## A\n\n- [P](https://arxiv.org/abs/2401.00001) ⭐ (oral)\n")
    assert plain.papers[0].author_rating is None
    # Emoji-led notes of a paper are notes, not a legend.
    notes = "- [P](https://arxiv.org/abs/2401.00001) 🔴\n  - ✅ fast\n  - ❌ big\n- [Q](https://arxiv.org/abs/2401.00002) ✅\n"
    assert [p.author_rating for p in post.parse(notes).papers] == ["🔴", None]


def test_venue_labels_are_presentation_labels_spelt_one_way() -> None:
    papers = siblings()
    assert papers["Checked Paper"].venue == "oral"
    assert papers["Blurb Paper"].venue == "highlight"
    assert papers["Code Paper"].venue == "spotlight"
    assert papers["A Title The Editor Hard-Wrapped Across Two Lines"].venue == "oral"  # **Oral**
    assert papers["**Bold Title** With L$^2$M"].venue == "poster award"  # after {:target}
    assert papers["Author List Paper"].venue is None
    assert venue_label("ICML 2024 Oral") == "ICML 2024 oral"
    assert venue_label("Outstanding Paper Award") == "outstanding paper award"
    assert venue_label("口頭発表") == "口頭発表"
    assert venue_label("Hu et al.") is None and venue_label("[code](https://github.com/x)") is None
    assert venue_of(" ([code](https://github.com/x/y)) 🔴") is None


def test_text_after_the_link_is_the_blurb_and_its_brackets_are_comments() -> None:
    papers = siblings()
    assert papers["Blurb Paper"].blurb == "fixes aliasing when zooming"
    assert papers["Author List Paper"].blurb == "(Vaswani et al., 2017)"
    assert papers["Fully Bold Title"].blurb is None
    assert papers["Fully Bold Title"].comments == ["inline remark", "nested remark"]
    assert papers["Checked Paper"].blurb is None
    [br] = post.parse("## A\n\n- [P](https://arxiv.org/abs/2401.00001) 🔴 <br>\n").papers
    assert (br.author_rating, br.blurb) == ("🔴", None)


def test_other_links_of_the_paper_give_ids_and_code() -> None:
    papers = siblings()
    two = papers["Two Links Paper"]
    assert two.openreview_id == "TWOLINKS01" and str(two.arxiv) == "2501.00003"
    assert papers["Code Paper"].links == {
        "abstract": "https://arxiv.org/abs/2501.00004v2",
        "code": "https://github.com/someone/code-paper",
    }
    assert papers["Reference Paper"].openreview_id == "REFERENCE1"


def test_several_marks_keep_the_first_as_rating_and_all_in_the_blurb() -> None:
    code = siblings()["Code Paper"]
    assert (code.author_rating, code.blurb) == ("⭐", "⭐🔥")


def test_titles_drop_line_wraps_and_emphasis_around_the_whole_label() -> None:
    titles = set(siblings())
    assert "A Title The Editor Hard-Wrapped Across Two Lines" in titles
    assert "Fully Bold Title" in titles
    assert "**Bold Title** With L$^2$M" in titles  # emphasis inside a title is left as written


def test_sniff_takes_a_rated_post_without_front_matter() -> None:
    text = "# Picks\n\n## LLM\n\n- [One](https://openreview.net/forum?id=abcdefg) 🔴\n- [Two](https://arxiv.org/abs/2402.00001)\n"
    assert post.sniff(text) and detected(text) == "post"
    assert post.sniff(fixture("post_hugo.md")) and detected(fixture("post_hugo.md")) == "post"
    assert not post.sniff("# Reading list\n\n- [A](https://arxiv.org/abs/2401.00001) (see this)\n")
    awesome = "".join(f"- **T{i}** [[paper](https://arxiv.org/abs/2401.0000{i})]\n" for i in range(3))
    assert not post.sniff(awesome + "- [P](https://arxiv.org/abs/2401.00009) (Oral)\n")


def test_a_comment_left_open_reads_the_rest_of_the_post_the_same() -> None:
    # Self-contained comments keep the first parse; one left open makes the post parse again.
    text = fixture("post_hugo.md")
    again = text + "- [Z](https://openreview.net/forum?id=ZZZZZZZZZZ) 🔴\n  <!-- open\n- [Y](https://e.com) -->\n"
    first, second = post.parse(text), post.parse(again)
    assert [vars(p) for p in second.papers[:3]] == [vars(p) for p in first.papers]
    assert [p.title for p in second.papers[3:]] == ["Z"] and second.skipped[-1].text == "Y"


@pytest.mark.parametrize(("url", "one_paper"), [
    ("https://arxiv.org/abs/2401.00001", True),
    ("https://arxiv.org/list/cs.CL/recent", False),
    ("https://openreview.net/forum?id=abcdefg", True),
    ("https://openreview.net/group?id=ICLR.cc/2024/Conference", False),
    ("https://aclanthology.org/2024.acl-long.1/", True),
    ("https://aclanthology.org/events/acl-2024/", False),
    ("https://proceedings.neurips.cc/paper_files/paper/2023/hash/abc-Abstract-Conference.html", True),
    ("https://proceedings.neurips.cc/paper_files/paper/2023", False),
    ("https://openaccess.thecvf.com/content/CVPR2024/html/X_CVPR_2024_paper.html", True),
    ("https://openaccess.thecvf.com/CVPR2024", False),
    ("https://proceedings.mlr.press/v235/smith24a.html", True),
    ("https://proceedings.mlr.press/v235/", False),
    ("https://doi.org/10.1145/3292500.3330701", True),
    ("https://example.org/files/paper.PDF", True),
    ("https://github.com/x/y", False),
])
def test_paper_urls_are_pages_of_one_paper(url: str, one_paper: bool) -> None:
    assert paper_url(url) is one_paper


def test_a_pdf_link_is_filed_as_the_pdf() -> None:
    [paper] = post.parse("## A\n\n- [P](https://openreview.net/pdf?id=abcdefg) 🔴\n").papers
    assert paper.links == {"pdf": "https://openreview.net/pdf?id=abcdefg"}
    assert paper.openreview_id == "abcdefg"


def test_a_long_path_costs_linear_time() -> None:
    # A backtracking pattern took minutes on a 40,000-digit proceedings path.
    start = time.process_time()
    for host in ("aclanthology.org", "openaccess.thecvf.com", "ojs.aaai.org"):
        assert not paper_url(f"https://{host}/{'1_paper.' * 5_000}/x")
    assert time.process_time() - start < 1.0
