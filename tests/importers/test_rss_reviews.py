"""The feed importer (family 002): blog review feeds, arXiv RSS/Atom siblings, damaged and
hostile feeds. Fixtures are hand-written in tests/fixtures/digests (rss_*.xml, atom_*.xml)."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from readlist.importers import detect
from readlist.importers.base import DigestDraft, ParseError
from readlist.importers.rss_reviews import RssReviewsImporter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "digests"
SEEDS = Path("/work/shared/seeds")
RSS = RssReviewsImporter()
FEED_FIXTURES = [
    "rss_blog_traps.xml", "rss_arxiv.xml", "rss_arxiv_rdf.xml", "atom_arxiv.xml",
    "rss_truncated_item.xml", "rss_truncated_cdata.xml", "rss_malformed.xml",
    "rss_billion_laughs.xml", "rss_xxe.xml", "rss_entity_in_comment.xml",
    "rss_hugo_reviews.xml", "rss_medium_mixed.xml",
]


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def seed(family: str) -> str | None:
    found = sorted(SEEDS.glob(f"{family}_*")) if SEEDS.is_dir() else []
    return found[0].read_text(encoding="utf-8") if found else None


def parse(name: str) -> DigestDraft:
    return RSS.parse(fixture(name))


def feed(items: str, head: str = "") -> str:
    return (f'<?xml version="1.0"?>\n{head}<rss version="2.0"><channel><title>t</title>\n'
            f"{items}\n</channel></rss>\n")


def titles(draft: DigestDraft) -> list[str]:
    return [p.title for p in draft.papers]


# --- the seed -----------------------------------------------------------------------------

def test_seed_imports_twenty_reviews_as_written() -> None:
    text = seed("002")
    if text is None:
        pytest.skip("the 002 seed is absent")
    draft = RSS.parse(text)
    assert len(draft.papers) == 20
    assert (draft.skipped, draft.warnings) == ([], [])
    assert (draft.title, draft.date) == ("0404_not_found.log", "2025-01-03")
    got = titles(draft)
    assert "0404_not_found.log" not in got  # channel and <image> titles are not items
    assert "A Multi-Task Benchmark for Korean Legal Langhage Understanding and Judgement Prediction" in got
    assert "CoT Reasoning without Prompting" in got
    assert "LayerSkip : Enabling Early Exit Inference and Self-Speculative Decoding" in got
    assert "Repeat After Me: Transformers are Better than State Space Models at Copying" in got
    assert all(p.arxiv is None and p.openreview_id is None for p in draft.papers)
    # Every title exactly as the blogger typed it (only whitespace collapsed): none is decorated.
    written = re.findall(r"<item>\s*<title><!\[CDATA\[(.*?)\]\]></title>", text, re.DOTALL)
    assert got == [" ".join(t.split()) for t in written]
    assert "Elements of Worls Knowledge (EWoK)" in got
    assert not any(p.blurb and p.blurb.startswith("Post title:") for p in draft.papers)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.date or "") for p in draft.papers)
    assert (draft.papers[0].date, draft.papers[-1].date) == ("2025-01-03", "2024-01-09")
    assert all(p.links["review"].startswith("https://velog.io/@0404_not_found/") for p in draft.papers)
    for paper in draft.papers:
        assert paper.notes and "<img" not in paper.notes and "velcdn.com/images" not in paper.notes
        assert "&#39;" not in paper.notes and "&gt;" not in paper.notes
        assert paper.blurb and len(paper.blurb) <= 300
    gptscore = draft.papers[0]
    assert gptscore.notes.startswith("# 1. Introduction\n\n- GPT\n  - Analytical AI to Generative AI\n")
    assert "lacks the aspects' definition and relationship" in gptscore.notes
    assert [p.line for p in draft.papers[:2]] == [17, 466]


def test_detect_picks_rss_for_the_seed_and_every_feed_fixture() -> None:
    texts = {name: fixture(name) for name in FEED_FIXTURES}
    if (text := seed("002")) is not None:
        texts["002 seed"] = text
    try:
        picked = {name: detect(text).name for name, text in texts.items()}
    except ModuleNotFoundError as exc:  # detect() loads every registered importer
        pytest.skip(f"a registered importer does not exist yet: {exc.name}")
    assert picked == dict.fromkeys(texts, "rss")


# --- a blog's review feed -----------------------------------------------------------------

def test_blog_feed_traps() -> None:
    draft = parse("rss_blog_traps.xml")
    assert draft.title == "reviews.log"
    assert draft.date == "2025-01-04"  # as written (+0900), not the UTC day before
    assert titles(draft) == [
        "Repeat After Me: Transformers are Better than State Space Models at Copying",
        "LayerSkip : Enabling Early Exit Inference and Self-Speculative Decoding",
        "CoT Reasoning without Prompting",
        "A Multi-Task Benchmark for Korean Legal Langhage Understanding and Judgement Prediction",
    ]
    assert [(s.reason, s.line) for s in draft.skipped] == [("item has no title", 59)]
    assert [p.line for p in draft.papers] == [15, 41, 52, 64]
    assert [p.date for p in draft.papers] == ["2024-02-07", "2024-05-15", "2024-02-23", "2025-01-02"]


def test_review_html_becomes_markdown_without_images() -> None:
    paper = parse("rss_blog_traps.xml").papers[0]
    assert paper.notes == (
        "..?\n"
        "\n"
        "# 1. Introduction\n"
        "\n"
        "- Transformers need $\\Omega(L)$ memory; GSSMs need $O(1)$ & that's the trade-off\n"
        "  - Say all models as **GSSM (Generalized State Space Models)**\n"
        '  - compare $\\bm{h}_{<t}$ with "quoted" text\n'
        "- copying task > retrieval task\n"
        "\n"
        "#### Setting\n"
        "\n"
        "$\\prod _i ^N \\sum_{z}$ and <nexa_4> is a functional token; see the paper "
        "(https://arxiv.org/abs/2402.01032).\n"
        "\n"
        "```\n"
        "- not a list item, just code\n"
        "# not a heading\n"
        "```"
    )
    # The blurb skips the image's leftover "..?" and the heading.
    assert paper.blurb is not None
    assert paper.blurb.startswith("Transformers need $\\Omega(L)$ memory; GSSMs need $O(1)$ & that's")
    # The review's only arXiv link is its paper (2402.01032 is "Repeat After Me").
    assert str(paper.arxiv) == "2402.01032"
    assert paper.links == {"abstract": "https://arxiv.org/abs/2402.01032",
                           "review": "https://blog.example.org/@me/Repeat-After-Me"}


def test_escaped_html_description_and_openreview_link() -> None:
    draft = parse("rss_blog_traps.xml")
    cot, openreview = draft.papers[2], draft.papers[3]
    assert cot.notes == "Escaped HTML instead of CDATA: top-_k_ decoding paths"
    assert openreview.openreview_id == "aBcD3fGh1J"
    assert openreview.links == {"abstract": "https://openreview.net/forum?id=aBcD3fGh1J"}


def test_duplicate_items_and_bad_dates() -> None:
    item = "<item><title>Same Review</title><link>https://b.example/x</link><pubDate>{}</pubDate></item>"
    draft = RSS.parse(feed(item.format("Fri, 31 Feb 2024 10:00:00 GMT") + "\n" + item.format("soon")))
    assert len(draft.papers) == 1 and draft.papers[0].date is None
    assert [(s.reason, s.line) for s in draft.skipped] == [("duplicate of the item at line 3", 4)]


def test_item_links_to_a_doi_or_an_arxiv_guid() -> None:
    items = ("<item><title>By DOI</title><link>https://doi.org/10.1145/3442188.3445922</link></item>"
             "<item><title>Reviewed</title><link>https://b.example/r</link>"
             "<guid isPermaLink='false'>oai:arXiv.org:2406.02543v1</guid>"
             "<description>&lt;p&gt;My review.&lt;/p&gt;</description></item>"
             "<item><title>Bare number guid</title><link>https://b.example/n</link>"
             "<guid isPermaLink='false'>2406.02543</guid></item>")
    by_doi, reviewed, bare = RSS.parse(feed(items)).papers
    assert (by_doi.doi, by_doi.links) == ("10.1145/3442188.3445922",
                                          {"abstract": "https://doi.org/10.1145/3442188.3445922"})
    assert str(reviewed.arxiv) == "2406.02543v1" and reviewed.notes == "My review."
    assert reviewed.links == {"abstract": "https://arxiv.org/abs/2406.02543", "review": "https://b.example/r"}
    assert bare.arxiv is None  # a bare number is not guessed to be an arXiv id


def test_declared_encoding_does_not_matter_once_decoded() -> None:
    text = feed("<item><title>Résumé — naïve</title></item>").replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>')
    assert titles(RSS.parse(text)) == ["Résumé — naïve"]


def test_embedded_atom_entry_is_not_a_paper() -> None:
    items = ('<item><title>Outer</title><link>https://b.example/1</link><atom:entry '
             'xmlns:atom="http://www.w3.org/2005/Atom"><atom:title>Embedded</atom:title></atom:entry>'
             "</item>\n<item><title>Two</title><link>https://b.example/2</link></item>")
    for text in (feed(items), feed(items).removesuffix("</channel></rss>\n")):
        draft = RSS.parse(text)
        assert titles(draft) == ["Outer", "Two"]
        assert [p.line for p in draft.papers] == [3, 4]


def test_feed_without_items_is_empty_not_an_error() -> None:
    draft = RSS.parse(feed(""))
    assert (draft.papers, draft.warnings) == ([], ["the feed has no items"])


# --- arXiv's own feeds ---------------------------------------------------------------------

def test_arxiv_rss_listing() -> None:
    draft = parse("rss_arxiv.xml")
    assert (draft.title, draft.date) == ("cs.CL updates on arXiv.org", "2024-06-05")
    assert draft.sections == ["New submissions", "Cross-lists", "Replacements"]
    first, cross, old = draft.papers
    assert [str(p.arxiv) for p in draft.papers] == ["2406.05981v1", "2406.02543v2", "hep-th/9901001v3"]
    assert first.links == {"abstract": "https://arxiv.org/abs/2406.05981"}
    assert first.authors[:2] == ["Haoran You", "Yipin Guo"] and len(first.authors) == 9
    assert first.categories == ["cs.LG", "cs.AI", "cs.CL"]
    assert first.abstract is not None and first.abstract.startswith("Large language models (LLMs)")
    assert "$k<n$ weights & keep" in first.abstract and "Announce" not in first.abstract
    assert first.notes is None and first.section == "New submissions"
    assert cross.authors == ["Ada Lovelace", "Alan Turing"]
    assert cross.abstract == "We study selective state space models for speech.\n\nA second paragraph of the abstract."
    assert old.section == "Replacements" and old.links["abstract"] == "https://arxiv.org/abs/hep-th/9901001"


def test_arxiv_atom_api_feed() -> None:
    draft = parse("atom_arxiv.xml")
    mamba, ssd = draft.papers
    assert mamba.title == "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"
    assert (str(mamba.arxiv), mamba.date, mamba.doi) == ("2312.00752v2", "2023-12-01", "10.48550/arxiv.2312.00752")
    assert mamba.authors == ["Albert Gu", "Tri Dao"]
    assert mamba.categories == ["cs.LG", "cs.AI"]
    assert mamba.links == {"abstract": "https://arxiv.org/abs/2312.00752", "pdf": "http://arxiv.org/pdf/2312.00752v2"}
    assert mamba.abstract is not None and mamba.abstract.count("\n\n") == 1
    assert "deep learning, are almost" in mamba.abstract  # hard wraps joined
    assert ssd.title.endswith("Through Structured State Space Duality")
    assert ssd.abstract is not None and "for $n<m$ we show" in ssd.abstract
    assert draft.date == "2024-06-05"


def test_old_arxiv_rdf_feed() -> None:
    draft = parse("rss_arxiv_rdf.xml")
    assert titles(draft) == ["LIMA: Less Is More for Alignment",
                             "Tree of Thoughts: Deliberate Problem Solving with Large Language Models"]
    assert [str(p.arxiv) for p in draft.papers] == ["2305.11206v1", "2305.10601v1"]
    assert draft.papers[0].authors == ["Chunting Zhou", "Pengfei Liu"]
    assert draft.papers[0].categories == ["cs.CL"]
    assert draft.papers[0].abstract == ("Large language models are trained in two stages. We measure the "
                                        "relative importance of these two stages by training LIMA.")


# --- damaged feeds ------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "reason", "where"), [
    ("rss_truncated_item.xml", "item truncated: feed ends inside it", "line 22, column 60"),
    ("rss_truncated_cdata.xml", "item truncated: feed ends inside it (inside a CDATA section)",
     "line 23, column 17"),
])
def test_truncated_feed_keeps_complete_items(name: str, reason: str, where: str) -> None:
    draft = parse(name)
    assert titles(draft) == ["First Complete Review", "Second Complete Review"]
    assert [(s.reason, s.line, s.text) for s in draft.skipped] == [(reason, 18, "Third Review, Cut Off")]
    assert len(draft.warnings) == 1 and f"not well-formed XML ({where}:" in draft.warnings[0]
    assert draft.date == "2025-01-06"


def test_malformed_feed_imports_sound_items_and_reports_the_rest() -> None:
    draft = parse("rss_malformed.xml")
    assert titles(draft) == ["Bare Ampersand in the Link", "HTML Entity in a Title"]
    assert draft.papers[0].links["review"] == "https://blog.example.org/review?id=1&lang=en"
    assert [(s.reason, s.line) for s in draft.skipped] == [
        ("item not closed before the next item begins", 11),
        ("item has no title", 20),
    ]
    assert "line 7, column 54" in draft.warnings[0]


@pytest.mark.parametrize("name", ["rss_blog_traps.xml", "atom_arxiv.xml"])
def test_a_feed_cut_anywhere_imports_exactly_its_complete_items(name: str) -> None:
    text = fixture(name)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    closing = "</entry>" if name.startswith("atom") else "</item>"
    # where each paper's item ends in the full text
    ends = {p.title: text.index(closing, line_starts[(p.line or 1) - 1]) + len(closing)
            for p in parse(name).papers}
    root = re.search(r"<(rss|feed)\b", text)
    assert root is not None
    for cut in range(root.end() + 1, len(text), 37):
        draft = RSS.parse(text[:cut])
        assert titles(draft) == [t for t, end in ends.items() if end <= cut], cut
        assert all(s.reason.startswith(("item truncated", "item has no title")) for s in draft.skipped)


@pytest.mark.parametrize("text", [
    "# Reading list\n\nSubscribe via RSS: <rss> is our feed.\n",
    "<!-- rss -->\n# Digest with an rss mention\n",
    "<!DOCTYPE html><html><head><title>rss</title></head><body>rss</body></html>",
    '<?xml version="1.0"?><note><rss/></note>',
    "",
    "   \n",
])
def test_not_a_feed(text: str) -> None:
    assert RSS.sniff(text) is False
    with pytest.raises(ParseError, match=r"^not an RSS/Atom feed: ") as err:
        RSS.parse(text)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("text", ["<", "<?xml", "<!--", "\ufeff", "<!DOCTYPE", "<rss", "<a b='", "\x00<"])
def test_sniff_never_raises(text: str) -> None:
    assert RSS.sniff(text) in (True, False)


# --- hostile feeds ------------------------------------------------------------------------

_WATCHED: list[tuple[str, Any]] | None = None


def _audit(event: str, args: Any) -> None:
    if _WATCHED is not None and (event == "open" or event.startswith(("socket.", "urllib."))):
        _WATCHED.append((event, args))


sys.addaudithook(_audit)  # inert unless a test sets _WATCHED


def refused(text: str) -> str:
    """The one-line ParseError message; also checks it came fast and touched no file/socket."""
    global _WATCHED
    _WATCHED = []
    start = time.perf_counter()
    try:
        with pytest.raises(ParseError, match=r"^refusing feed: ") as err:
            RSS.parse(text)
    finally:
        events, _WATCHED = _WATCHED, None
    assert time.perf_counter() - start < 1.0
    assert [e for e in events if e[0] != "open" or "passwd" in str(e[1])] == []
    assert "\n" not in str(err.value)
    return str(err.value)


@pytest.mark.parametrize("name", ["rss_billion_laughs.xml", "rss_xxe.xml", "rss_entity_in_comment.xml"])
def test_entity_attacks_are_refused(name: str) -> None:
    assert RSS.sniff(fixture(name))  # recognised, so the user gets this refusal, not another importer
    assert "declares XML entities" in refused(fixture(name))


def test_repairing_a_damaged_feed_cannot_forge_a_declaration() -> None:
    # A NUL hides "<!ENTITY" from the guard; the damaged path drops characters XML forbids.
    text = ('<?xml version="1.0"?>\n<!DOCTYPE rss>\n<!--\n<!\x00ENTITY a "EXPANDED">\n-->\n'
            "<rss><channel><title>&a;</title><item><title>t &a;</title></item></channel></rss>")
    draft = RSS.parse(text)
    assert "EXPANDED" not in repr(draft)
    assert titles(draft) == ["t &a;"]


def test_quadratic_blowup_is_refused() -> None:
    bomb = feed("<item><title>" + "&a;" * 20_000 + "</title></item>",
                head='<!DOCTYPE rss [\n<!ENTITY a "' + "A" * 50_000 + '">\n]>\n')
    assert "line 3" in refused(bomb)


@pytest.mark.parametrize(("head", "message"), [
    ('<!DOCTYPE rss SYSTEM "file:///etc/passwd">\n', "external DTD"),
    ('<!DOCTYPE rss PUBLIC "-//x//y" "http://127.0.0.1:9/x.dtd">\n', "external DTD"),
    ("<!DOCTYPE rss [<!ELEMENT rss ANY>]>\n", "internal DTD subset"),
])
def test_dtds_are_refused(head: str, message: str) -> None:
    assert message in refused(feed("<item><title>x</title></item>", head=head))


def test_netscape_rss_091_doctype_is_accepted() -> None:
    head = ('<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"\n'
            ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n')
    assert titles(RSS.parse(feed("<item><title>Old</title></item>", head=head))) == ["Old"]


@pytest.mark.parametrize("wrap", [
    lambda s: f"<![CDATA[{s}]]>",  # well-formed
    lambda s: s.replace("&", "&amp;").replace("<", "&lt;"),  # well-formed, escaped
    lambda s: s,  # not XML: repaired, then read
])
def test_huge_title_of_markup_characters_is_linear(wrap: Any) -> None:
    raw = "<&" * 50_000
    start = time.perf_counter()
    draft = RSS.parse(feed(f"<item><title>{wrap(raw)}</title><link>https://b.example/x</link></item>"))
    assert time.perf_counter() - start < 10  # quadratic would take many minutes
    assert titles(draft) == [raw]


def test_a_feed_with_a_broken_namespace_still_imports_its_entries() -> None:
    """Found by the hostile-input fuzzer: with `<feed="...">` instead of `<feed xmlns=...>`,
    feedparser answers some fields (arxiv:doi here) with attribute dicts, not text."""
    text = fixture("atom_arxiv.xml").replace('<feed xmlns="http://www.w3.org/2005/Atom"',
                                             '<feed="http://www.w3.org/2005/Atom"', 1)
    assert text != fixture("atom_arxiv.xml")
    draft = RSS.parse(text)
    assert titles(draft) == titles(parse("atom_arxiv.xml"))
    assert all(p.doi is None or p.doi.startswith("10.") for p in draft.papers)


def _feed(items: str, channel: str = "<title>Reviews</title><link>https://blog.example/</link>") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>{channel}\n{items}\n</channel></rss>\n'


@pytest.mark.parametrize(("written", "expected"), [
    ("2024.03.05", "2024-03-05"),
    ("2024/02/27 14:00:00", "2024-02-27"),
    ("Mon, 01 Jan 0001 00:00:00 +0000", None),  # Hugo's "no date", not 2001
    ("2024-03", None),  # a partial date is not completed with today's month
    ("Tue, 05 Mar 2024 23:30:00 +0900", "2024-03-05"),  # the day the blogger wrote
])
def test_item_dates_are_the_dates_written_never_guessed(written: str, expected: str | None) -> None:
    text = _feed(f"<item><title>A Paper Review</title><link>https://blog.example/a</link>"
                 f"<pubDate>{written}</pubDate></item>")
    [paper] = RSS.parse(text).papers
    assert paper.date == expected


def test_atom_text_content_is_text_not_html() -> None:
    text = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Notes</title><entry><title>Tokenizers</title>"
            '<link href="https://blog.example/tok"/><id>https://blog.example/tok</id>'
            '<summary type="text">The tokenizer adds &lt;s&gt; at the start and &lt;/s&gt; at '
            "the end; if i &lt;b and c&gt; d the cache rolls over.</summary></entry></feed>")
    [paper] = RSS.parse(text).papers
    assert paper.notes == ("The tokenizer adds <s> at the start and </s> at the end; "
                           "if i <b and c> d the cache rolls over.")


def test_a_blog_item_linking_arxiv_keeps_its_review_as_notes() -> None:
    text = _feed("<item><title>GPT-3 reading group</title><link>https://arxiv.org/abs/2005.14165</link>"
                 "<dc:creator xmlns:dc='http://purl.org/dc/elements/1.1/'>Jiwoo Lee</dc:creator>"
                 "<category>Reading Group</category>"
                 "<description>We read the GPT-3 paper this week.</description></item>")
    [paper] = RSS.parse(text).papers
    assert str(paper.arxiv) == "2005.14165"
    assert paper.notes == "We read the GPT-3 paper this week." and paper.abstract is None
    assert paper.authors == [] and paper.categories == []  # the blogger is not an author


def test_an_orphan_image_caption_is_not_the_blurb() -> None:
    text = _feed("<item><title>LoRA</title><link>https://blog.example/lora</link><description>"
                 "<![CDATA[<figure><img src='x.png'><figcaption>Figure 1. LoRA</figcaption></figure>"
                 "<p>Low-rank adapters.</p>]]></description></item>")
    [paper] = RSS.parse(text).papers
    assert paper.blurb == "Low-rank adapters." and "Figure 1" not in (paper.notes or "")


@pytest.mark.parametrize("prefix", ["\n\n", "<br />\n<b>Deprecated</b>: a PHP notice<br />\n"])
def test_text_before_the_xml_declaration_is_not_the_feed(prefix: str) -> None:
    text = prefix + _feed("<item><title>A Review</title><link>https://blog.example/a</link></item>")
    assert detect(text).name == "rss"
    draft = RSS.parse(text)
    assert [p.title for p in draft.papers] == ["A Review"]
    assert draft.papers[0].line == 3 + prefix.count("\n")  # the line in the file
    assert bool(draft.warnings) == bool(prefix.strip())  # blank lines are not worth a warning


def test_a_feed_quoting_markdown_is_still_a_feed() -> None:
    text = _feed("<item><title>Week</title><link>https://blog.example/w</link><description>"
                 "- [LoRA](https://arxiv.org/abs/2106.09685) (ICLR 2022)\n"
                 "- [QLoRA](https://arxiv.org/abs/2305.14314) (NeurIPS 2023)\n\n"
                 "| Title | Authors | Link |\n|---|---|---|\n| LoRA | Hu | arxiv |"
                 "</description></item>")
    assert detect(text).name == "rss"


def test_a_truncated_items_title_is_reported_whole() -> None:
    text = _feed("<item><title><![CDATA[[논문 리뷰] Chain-of-Verification]]></title>"
                 "<link>https://blog.example/cov</link><description>cut he")
    draft = RSS.parse(text.removesuffix("\n</channel></rss>\n"))
    assert [s.text for s in draft.skipped] == ["[논문 리뷰] Chain-of-Verification"]


def test_hugo_review_feed_names_each_paper_in_its_address() -> None:
    # deep-diver/ai-paper-reviewer's Hugo index.xml: one page per paper at .../<date>/<arXiv id>/,
    # the description a plain summary with "&amp;hellip;" (an HTML entity escaped once for XML).
    draft = parse("rss_hugo_reviews.xml")
    assert [str(p.arxiv) for p in draft.papers] == ["2501.08983", "2501.08828", "2501.09012", "2501.07783"]
    city = draft.papers[0]
    assert city.title == "CityDreamer4D: Compositional Generative Model of Unbounded 4D Cities"
    assert city.links["review"] == "https://deep-diver.github.io/ai-paper-reviewer/2025-01-16/2501.08983/"
    assert city.links["abstract"] == "https://arxiv.org/abs/2501.08983"
    assert city.blurb and city.blurb.endswith("for enhanced re…") and "&" not in city.blurb
    assert (draft.date, city.date) == ("2025-01-15", "2025-01-15")


@pytest.mark.parametrize("link", [
    "https://blog.example/posts/2501.08983-notes/",  # a number among words: not an id
    "https://blog.example/2513.08983/",  # no month 13
    "https://blog.example/1706.03762/vs/2501.08983/",  # two papers named
])
def test_a_review_address_without_one_whole_id_names_no_paper(link: str) -> None:
    draft = RSS.parse(feed(f"<item><title>T</title><link>{link}</link><description>d</description></item>"))
    assert draft.papers[0].arxiv is None


def test_a_feed_that_files_its_reviews_skips_its_other_posts() -> None:
    # Medium: reviews carry the "paper-review" category; the Kaggle post is reported, not imported.
    draft = parse("rss_medium_mixed.xml")
    assert titles(draft) == ["Byte Latent Transformer: Patches Scale Better Than Tokens",
                             "Scaling Laws for Neural Language Models",  # links its paper
                             "Mixtral of Experts",  # filed under a category a review has
                             "Chinchilla: Training Compute-Optimal Large Language Models"]  # no category
    assert [(s.line, s.text) for s in draft.skipped] == [(27, "My Kaggle journey in 2024")]
    assert "not a paper review" in draft.skipped[0].reason and "kaggle" in draft.skipped[0].reason
    blt = draft.papers[0]
    assert str(blt.arxiv) == "2412.09871"
    # The opening "Paper link" / "Code link" paragraphs are not the blurb; the tracking pixel is gone.
    assert blt.blurb == ("Post title: Paper Review: Byte Latent Transformer: Patches Scale Better Than Tokens\n\n"
                         "The **Byte Latent Transformer** is a byte-level LLM architecture that matches "
                         "tokenization-based LLM performance.")
    assert blt.notes and "medium.com/_/stat" not in blt.notes and "Main image" not in blt.notes
    # Without a review category anywhere, nothing is judged: the seed's items have none.
    untagged = fixture("rss_medium_mixed.xml").replace("<![CDATA[paper-review]]>", "<![CDATA[ml]]>")
    assert len(RSS.parse(untagged).papers) == 5


def test_an_item_pointing_at_its_paper_beside_its_page_names_it() -> None:
    # An RSS <enclosure> of the paper's PDF, an Atom <link rel="related">: the paper, not the page.
    rss = RSS.parse(feed('<item><title>Review: DPO</title><link>https://b.example/dpo</link>'
                         '<enclosure url="https://arxiv.org/pdf/2305.18290v2" length="1" type="application/pdf"/>'
                         "<description>d</description></item>"))
    assert (str(rss.papers[0].arxiv), rss.papers[0].links["review"]) == ("2305.18290v2", "https://b.example/dpo")
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            '<entry><title>{title}</title><link rel="alternate" href="https://b.example/{n}"/>{related}'
            "<id>{n}</id><updated>2024-01-01T00:00:00Z</updated><summary>s</summary></entry></feed>")
    one = '<link rel="related" href="https://arxiv.org/abs/2305.18290"/>'
    two = one + '<link rel="related" href="https://arxiv.org/abs/2203.02155"/>'
    assert str(RSS.parse(atom.format(title="DPO", n=1, related=one)).papers[0].arxiv) == "2305.18290"
    assert RSS.parse(atom.format(title="DPO", n=2, related=two)).papers[0].arxiv is None  # which one?


def test_a_relative_item_link_is_resolved_against_the_feeds_site() -> None:
    # Hugo with relativeURLs writes /posts/x/; the review link must open from the terminal.
    text = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://blog.example/ml/'
            "</link><item><title>A</title><link>/posts/a/</link></item><item><title>B</title><link>b.html"
            "</link></item><item><title>C</title><link>https://other.example/c</link></item></channel></rss>")
    assert [p.links["review"] for p in RSS.parse(text).papers] == [
        "https://blog.example/posts/a/", "https://blog.example/ml/b.html", "https://other.example/c"]
    # Without an http(s) site link there is nothing to resolve against: kept as written.
    assert RSS.parse(text.replace("https://blog.example/ml/", "")).papers[0].links["review"] == "/posts/a/"
