"""The query language: parsing, validation errors, and matching."""

from __future__ import annotations

import pytest

from readlist.errors import UsageError
from readlist.libindex import IndexTable
from readlist.models import Legend
from readlist.query import Term, parse
from readlist.query_eval import MatchContext, select


def test_words_phrases_fields_and_negation() -> None:
    q = parse('attention "state space" -diffusion tag:todo -is:read rating:red')
    assert q.groups == (
        (
            Term(None, "attention"),
            Term(None, "state space"),
            Term(None, "diffusion", negated=True),
            Term("tag", "todo"),
            Term("is", "read", negated=True),
            Term("rating", "🔴"),
        ),
    )
    assert q.words == ["attention", "state space", "diffusion"]


def test_or_groups_and_quoted_field_values() -> None:
    q = parse('rating:🔵 OR section:"LLM 系"')
    assert q.groups == ((Term("rating", "🔵"),), (Term("section", "LLM 系"),))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("foo:bar", "unknown field 'foo:'"),
        ("is:done", "is:done"),
        ("rating:green", "not in the legend"),
        ("priority:urgent", "priority:urgent"),
        ("year:twenty", "year:twenty"),
        ("has:wings", "has:wings"),
        ('"unclosed', "unclosed quote"),
        ("OR x", "OR needs a term"),
        ("x OR", "OR needs a term"),
        ("tag:", "needs a value"),
    ],
)
def test_malformed_queries_are_one_line_errors(text: str, message: str) -> None:
    with pytest.raises(UsageError) as err:
        parse(text)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_rating_accepts_emoji_name_alias_and_custom_legend() -> None:
    assert parse("rating:🔴").groups[0][0].value == "🔴"
    assert parse("rating:personal").groups[0][0].value == "🔴"
    assert parse("rating:purple").groups[0][0].value == "🟣"
    from readlist.models import Rating

    legend = Legend((Rating("⭐", "star", "great"),))
    assert parse("rating:star", legend).groups[0][0].value == "⭐"
    with pytest.raises(UsageError):
        parse("rating:red", legend)


PAPERS = {
    1: {"title": "Attention Is All You Need", "digests": [1], "date": "2017-06-12",
        "prov": [{"digest": 1, "section": "Architectures"}], "links": {"code": "https://x"},
        "arxiv_id": "1706.03762"},
    2: {"title": "大規模言語モデルの研究", "digests": [2], "date": "2024-01-01",
        "prov": [{"digest": 2, "section": "LLM", "subsection": "評価"}], "links": {}},
    3: {"title": "Diffusion Models Beat GANs", "digests": [1, 2], "date": "2021-05-11",
        "prov": [], "links": {}, "venue": "spotlight"},
}
STATES = {
    1: {"state": "read", "rating": "🔴", "tags": ["Transformers"], "priority": "high",
        "notes": "Seminal.", "triaged": True},
    3: {"state": "reading", "rating": None, "tags": [], "priority": "none", "notes": ""},
}
DIGESTS = {1: {"name": "iclr-post", "family": "post", "title": "ICLR2024 papers"},
           2: {"name": "hf-2024", "family": "hf-daily", "title": "Daily Papers"}}


def run(text: str, hits: dict[str, set[int]] | None = None) -> list[int]:
    table = IndexTable()
    table.apply({pid: {**doc, "key": f"k{pid}", "has_abstract": False} for pid, doc in PAPERS.items()})
    states = [STATES.get(pid, {}) for pid in table.cols["pid"]]
    rows = select(parse(text), MatchContext(table, states, DIGESTS, hits))
    return [table.cols["pid"][i] for i in rows]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [1, 2, 3]),
        ("attention", [1]),
        ("ATTENTION", [1]),
        ("言語", [2]),
        ("seminal", [1]),  # the user's notes are searched
        ("is:unread", [2]),
        ("is:reading", [3]),
        ("-is:read", [2, 3]),
        ("is:triaged", [1]),
        ("is:untriaged", [2, 3]),
        ("rating:red", [1]),
        ("rating:none", [2, 3]),
        ("priority:high", [1]),
        ("priority:none", [2, 3]),
        ("tag:transformers", [1]),
        ("digest:iclr", [1, 3]),
        ("digest:daily", [2, 3]),
        ("family:hf-daily", [2, 3]),
        ("section:評価", [2]),
        ("year:2024", [2]),
        ("year:2017..2021", [1, 3]),
        ("year:>=2021", [2, 3]),
        ("has:code", [1]),
        ("has:arxiv", [1]),
        ("has:notes", [1]),
        ("venue:spotlight", [3]),
        ("rating:red OR is:reading", [1, 3]),
        ("digest:iclr -is:read", [3]),
    ],
)
def test_matching(text: str, expected: list[int]) -> None:
    assert run(text) == expected


def test_free_words_use_the_full_text_index() -> None:
    # "transformer" appears only in paper 3's abstract (known through the index).
    assert run("transformer", {"transformer": {3}}) == [3]
    assert run("-transformer", {"transformer": {3}}) == [1, 2]
