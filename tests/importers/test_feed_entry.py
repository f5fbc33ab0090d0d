"""Fields of one feed entry (family 002): TeX accents in arXiv's author names, invisible
break hints in titles."""

from __future__ import annotations

import pytest

from readlist.ids import normalize_title
from readlist.importers.feed_entry import tex_name
from readlist.importers.rss_reviews import RssReviewsImporter


@pytest.mark.parametrize(("tex", "name"), [
    (r"L\'eon Bottou", "Léon Bottou"),
    (r"Ana Garc\'ia", "Ana García"),
    (r"Ana Garc\'{\i}a", "Ana García"),
    (r"Ana Garc{\'\i}a", "Ana García"),
    (r"{\"O}zg{\"u}r \c{C}elik", "Özgür Çelik"),
    (r"Fran\c cois", "François"),
    (r"Du\v{s}an Erd\H{o}s", "Dušan Erdős"),
    (r"Bj{\o}rn Gro\ss", "Bjørn Groß"),
    (r"Bj\o rn", "Bjørn"),
    (r"{\L}ukasz \AA{}ngstr\"om", "Łukasz Ångström"),
    (r"Nu\~{n}ez Ram\`irez", "Nuñez Ramìrez"),
    (r"C\u{a}t\u{a}lin \^Ile G\=otz", "Cătălin Île Gōtz"),
    ("Plain Name", "Plain Name"),
    ("Ελένη Öztürk", "Ελένη Öztürk"),
])
def test_tex_accents_in_names_become_letters(tex: str, name: str) -> None:
    assert tex_name(tex) == name


ARXIV_RSS = r"""<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel>
<title>cs.CL updates on arXiv.org</title><link>http://rss.arxiv.org/rss/cs.CL</link>
<item><title>Fine-tuning with Very Large Dropout</title><link>https://arxiv.org/abs/2403.00946</link>
<description>arXiv:2403.00946v1 Announce Type: new
Abstract: It is impossible.</description><guid isPermaLink="false">oai:arXiv.org:2403.00946v1</guid>
<dc:creator>Jianyu Zhang, L\'eon Bottou, Ana Garc\'{\i}a and S{\o}ren M\"uller</dc:creator></item>
</channel></rss>"""


def test_arxiv_rss_authors_are_written_in_letters() -> None:
    (paper,) = RssReviewsImporter().parse(ARXIV_RSS).papers
    assert paper.authors == ["Jianyu Zhang", "Léon Bottou", "Ana García", "Søren Müller"]


def test_a_soft_hyphen_in_a_title_does_not_split_its_word() -> None:
    text = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>memo</title>'
            '<entry><title type="html">Flash&amp;shy;Attention&#8209;2: Faster\u200bAttention</title>'
            '<link href="https://example.github.io/fa2.html"/><id>fa2</id></entry></feed>')
    (paper,) = RssReviewsImporter().parse(text).papers
    assert paper.title == "FlashAttention\u20112: FasterAttention"
    assert normalize_title(paper.title) == normalize_title("FlashAttention-2: FasterAttention")
