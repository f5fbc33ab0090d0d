"""The Atom parser: full metadata, the API's Error entry, empty and truncated feeds, garbage."""

from __future__ import annotations

import pytest

from readlist.atom import ArxivEntry, AtomError, parse_feed
from tests.arxiv.conftest import PAPERS, answer_ids, entry_xml, error_feed, feed_xml


def test_entries_carry_every_field() -> None:
    feed = parse_feed(answer_ids(["2406.02537", "2406.02539"]).encode())
    assert not feed.truncated and not feed.errors
    by_id = {e.arxiv.id: e for e in feed.entries}
    top = by_id["2406.02537"]
    assert top.arxiv.version == 1
    assert top.title == "TopViewRS: Vision-Language Models as Top-View Spatial Reasoners"
    assert top.authors[-1] == "Ivan Vulić" and len(top.authors) == 6
    assert top.abstract and top.abstract.startswith("Top-view perspective")
    assert top.published == "2024-06-04T17:55:43Z"
    assert top.primary_category == "cs.CL"
    assert top.categories == ("cs.CL", "cs.AI", "cs.CV")
    assert top.doi == "10.18653/v1/2024.emnlp-main.100"
    assert top.comment == "9 pages, 3 figures"
    assert top.journal_ref == "EMNLP 2024"
    # Titles wrapped by the API are one line again.
    assert by_id["2406.02539"].title == "Parrot: Multilingual Visual Instruction Tuning"
    assert by_id["2406.02539"].arxiv.version == 2


def test_error_entry_is_an_error_not_a_paper() -> None:
    feed = parse_feed(error_feed("2406.0254x").encode())
    assert feed.entries == ()
    assert len(feed.errors) == 1
    assert feed.errors[0].message == "incorrect id format for 2406.0254x"
    assert feed.errors[0].subject == "2406.0254x"


def test_a_real_paper_titled_error_is_a_paper() -> None:
    paper = {**PAPERS["2406.02543"], "title": "Error"}
    feed = parse_feed(feed_xml([entry_xml("2406.02543", paper)]).encode())
    assert [e.title for e in feed.entries] == ["Error"] and not feed.errors


def test_empty_feed_has_no_entries() -> None:
    feed = parse_feed(feed_xml([], total=0).encode())
    assert feed.entries == () and feed.total == 0 and not feed.truncated


def test_truncated_feed_keeps_the_complete_entries() -> None:
    body = answer_ids(["2406.02543", "2406.02539", "2406.02537"])
    cut = body.index("2406.02537v1</id>")  # inside the third entry
    feed = parse_feed(body[:cut].encode())
    assert feed.truncated
    assert sorted(e.arxiv.id for e in feed.entries) == ["2406.02539", "2406.02543"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"Rate exceeded.", "something that is not an Atom feed: 'Rate exceeded.'"),
        (b"", "an empty answer"),
        (b"<!DOCTYPE html><html><body>down<br></body></html>", "an HTML page, not an Atom feed"),
        (b"\n  <html><body>Service unavailable</body></html>", "an HTML page, not an Atom feed"),
        (b'<?xml version="1.0"?><rss><channel/></rss>', "XML that is not an Atom feed (<rss>)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "something that is not an Atom feed"),
    ],
)
def test_garbage_is_an_atom_error(body: bytes, message: str) -> None:
    with pytest.raises(AtomError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_feed(body)


def test_entity_expansion_is_refused() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&b;</title></feed>')
    with pytest.raises(AtomError, match="refused"):
        parse_feed(bomb)


def test_entry_without_title_is_skipped_not_invented() -> None:
    body = feed_xml(["<entry><id>http://arxiv.org/abs/2406.99999v1</id><title></title></entry>"])
    feed = parse_feed(body.encode())
    assert feed.entries == () and feed.skipped == 1


def test_control_characters_in_error_message_are_made_visible() -> None:
    body = error_feed("x").replace("incorrect id format for x</summary>",
                                   "bad \u202eid</summary>")
    feed = parse_feed(body.encode())
    assert feed.errors[0].message == "bad \\u202eid"


def test_entry_round_trips_through_the_cache_format() -> None:
    entry = parse_feed(answer_ids(["2406.02537"]).encode()).entries[0]
    assert ArxivEntry.from_doc(entry.to_doc()) == entry
    assert ArxivEntry.from_doc({"id": "nonsense", "title": "x"}) is None
    assert ArxivEntry.from_doc({"title": "x"}) is None
