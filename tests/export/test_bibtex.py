"""BibTeX and CSL-JSON: a real parser reads every entry back with the same title and authors."""

from __future__ import annotations

from typing import Any

import bibtexparser
import orjson
from bibtexparser.middlewares import SeparateCoAuthors
from hypothesis import given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from readlist.export.bibtex import export_bibtex
from readlist.export.csl import export_csl
from readlist.export.latex import clean, math_spans
from readlist.export.snapshot import PaperRecord, Snapshot
from readlist.service import Library
from readlist.service.records import to_paper


def decoder() -> LatexNodes2Text:
    """pylatexenc's LaTeX → text, plus three standard LaTeX text symbols its database lacks
    (\\textbraceleft, \\textbraceright) or maps to a look-alike (\\textasciicircum → U+02C6)."""
    db = get_default_latex_context_db()
    db.add_context_category("text-symbols", prepend=True, macros=[
        MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^"),
    ])
    return LatexNodes2Text(latex_context=db)


DECODE = decoder()


def text_of(latex: str) -> str:
    return " ".join(DECODE.latex_to_text(latex).split())


def parse(bib: str) -> list[Any]:
    library = bibtexparser.parse_string(bib, append_middleware=[SeparateCoAuthors()])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return list(library.entries)


def record(pid: int, title: str, authors: list[str] | None = None, **doc: Any) -> PaperRecord:
    details = {"authors": authors or [], "authors_complete": doc.pop("authors_complete", True)}
    details.update(doc.pop("details", {}))
    record_doc = {"key": doc.pop("key", f"paper-{pid}"), "title": title, "links": {}, **doc}
    return PaperRecord(pid, record_doc, details, None, to_paper(pid, record_doc, None, details, {}))


def snapshot(*records: PaperRecord) -> Snapshot:
    return Snapshot(tuple(records), {}, complete=True)


def assert_reads_back(records: list[PaperRecord], bib: str) -> None:
    entries = {e.key: e for e in parse(bib)}
    assert len(entries) == len(records)
    by_title = {clean(r.doc["title"]): r for r in records}
    for entry in entries.values():
        title = text_of(entry.fields_dict["title"].value)
        assert title in by_title, (title, list(by_title))
        rec = by_title[title]
        expected = [clean(a) for a in rec.details["authors"] if clean(a)]
        authors = entry.fields_dict["author"].value if "author" in entry.fields_dict else []
        decoded = [text_of(a) for a in authors if a != "others"]
        assert decoded == expected
        assert ("others" in authors) == (not rec.details["authors_complete"] and bool(expected))


HOSTILE = "\\{}%&$#_^~<>|\"'`-@,[]"
names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(
    lambda n: clean(n) not in ("", "others"))
PIECES = [*HOSTILE, "--", "''", "``", "!`", "LLaMA", "GPT-4", "Müller", "ệ", "漢字", "🚀"]
titles = st.lists(st.one_of(st.sampled_from(PIECES),
                            st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=6)),
                  min_size=1, max_size=8).map("".join).filter(
                      lambda t: clean(t) != "" and not math_spans(clean(t)))  # math: its own test


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(titles, st.lists(names, max_size=4), st.booleans()), min_size=1,
                max_size=5, unique_by=lambda t: clean(t[0])))
def test_bibtexparser_reads_back_every_title_and_author(papers: list[tuple[str, list[str], bool]]) -> None:
    records = [
        record(i, title, authors, authors_complete=complete, arxiv_id=f"2401.{10000 + i}")
        for i, (title, authors, complete) in enumerate(papers, 1)
    ]
    bib = export_bibtex(snapshot(*records))
    assert_reads_back(records, bib)
    assert bib.count("{") == bib.count("}")  # BibTeX counts escaped braces too


def test_inline_math_in_titles_stays_math_and_prices_stay_text() -> None:
    titles = ["L$^2$M: Scaling LLaMA", r"$\alpha$-Blending in $O(n \log n)$ time",
              "Costs $5 and $10", r"Broken $a{$ and $x\$ spans"]
    bib = export_bibtex(snapshot(*(record(i, t, ["A B"], arxiv_id=f"2401.{10000 + i}")
                                   for i, t in enumerate(titles, 1))))
    fields = {text_of(e.fields_dict["title"].value): e.fields_dict["title"].value for e in parse(bib)}
    assert bib.count("{") == bib.count("}")
    raw = sorted(fields.values())
    assert r"{L$^2$M:} Scaling {LLaMA}" in raw  # prints L²M, the word's case kept
    assert r"{$\alpha$-Blending} in {$O(n \log n)$} time" in raw  # a span holding spaces
    assert "Costs $5 and $10" in fields  # not math: escaped, decodes to the literal text
    assert r"Broken $a{$ and $x\$ spans" in fields  # unbalanced / escaped closing: literal


def test_sample_library_reads_back(sample: Library) -> None:
    from readlist.service.export_ops import export_bibtex as export_library

    bib = export_library(sample)
    entries = {e.key: e for e in parse(bib)}
    assert len(entries) == 7
    assert text_of(entries["muller2024unicode"].fields_dict["author"].value[0]) == "Jürgen Müller"
    assert "M{\\\"u}ller" in bib and "{\\L}ukasz" in bib


def test_arxiv_papers_are_misc_with_eprint_fields() -> None:
    bib = export_bibtex(snapshot(record(
        1, "Attention Is All You Need", ["Ashish Vaswani", "Noam Shazeer"], arxiv_id="1706.03762",
        arxiv_version=5, date="2017-06-12", details={"categories": ["LLM", "cs.CL"]},
    )))
    assert bib == (
        "@misc{vaswani2017attention,\n"
        "  title = {Attention Is All You Need},\n"
        "  author = {Ashish Vaswani and Noam Shazeer},\n"
        "  year = {2017},\n"
        "  eprint = {1706.03762},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {cs.CL},\n"
        "  url = {https://arxiv.org/abs/1706.03762},\n"
        "}\n"
    )


def test_doi_with_journal_is_an_article() -> None:
    bib = export_bibtex(snapshot(record(
        1, "Deep Residual Learning", ["Kaiming He"], doi="10.1109/cvpr.2016.90", date="2016-06-27",
        details={"journal_ref": "CVPR 2016, pp. 770-778"},
    )))
    [entry] = parse(bib)
    assert entry.entry_type == "article" and entry.key == "he2016deep"
    assert entry.fields_dict["journal"].value == "CVPR 2016, pp. 770-778"
    assert entry.fields_dict["doi"].value == "10.1109/cvpr.2016.90"


def test_keys_are_readable_unique_and_stable() -> None:
    papers = [
        record(1, "Attention Is All You Need", ["Ashish Vaswani"], date="2017-06-12", key="b"),
        record(2, "Attention Is Not Explanation", ["Sarthak Vaswani"], date="2017-01-01", key="a"),
        record(3, "The Müller Paper", ["Jürgen Müller"], arxiv_id="2410.08196"),
        record(4, "On the Road", ["李 明"], date="2020-01-01"),
        record(5, "GPT-4 Report", [], date="2023-03-15"),
    ]
    keys = [e.key for e in parse(export_bibtex(snapshot(*papers)))]
    assert sorted(keys) == sorted(["vaswani2017attentiona", "vaswani2017attentionb",
                                   "muller2024muller", "road2020", "gpt42023"])
    # The same records in another order give the same keys for the same papers.
    again = parse(export_bibtex(snapshot(*reversed(papers))))
    assert {e.key: text_of(e.fields_dict["title"].value) for e in again} == {
        e.key: text_of(e.fields_dict["title"].value) for e in parse(export_bibtex(snapshot(*papers)))
    }
    first = next(e for e in again if e.key == "vaswani2017attentiona")
    assert text_of(first.fields_dict["title"].value) == "Attention Is Not Explanation"  # older first


def test_acronyms_keep_their_capitals() -> None:
    bib = export_bibtex(snapshot(record(1, "LLaMA-2 and GPT-4: RoPE-based Text-Guided T5", ["A B"])))
    assert "title = {{LLaMA-2} and {GPT-4}: {RoPE-based} Text-Guided {T5}}" in bib


def test_csl_json_items_share_the_bibtex_keys(sample: Library) -> None:
    from readlist.service.export_ops import export_bibtex as bibtex_of
    from readlist.service.export_ops import export_csl as csl_of

    items = orjson.loads(csl_of(sample))
    assert [i["id"] for i in items] == sorted(e.key for e in parse(bibtex_of(sample)))
    vaswani = next(i for i in items if i["title"] == "Attention Is All You Need")
    assert vaswani["author"][0] == {"family": "Vaswani", "given": "Ashish"}
    assert vaswani["type"] == "article" and vaswani["number"] == "1706.03762"
    assert vaswani["issued"] == {"date-parts": [[2017]]}
    assert export_csl(snapshot()) == "[]\n"
