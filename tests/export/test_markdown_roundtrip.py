"""Markdown export → import: the same library back, hand edits honoured, bad files refused."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readlist.export.mdtext import canonical_notes
from readlist.importers import detect
from readlist.models import DEFAULT_LEGEND, Priority, ReadState
from readlist.paths import Home
from readlist.service import Library
from readlist.service.export_ops import export_markdown
from tests.export.conftest import SEEDS, Clock, list_json, paper, parsed, store_dump

# -- generated libraries -------------------------------------------------------------------

_HOSTILE = ["[", "]", "|", "*", "_", "$", "<", "`", ">", "-->", "<!--", "{{", "{%", "\\", "&amp;",
            "&#123;", "#", "~", "!", "(", ")", ":tada:", "  ", "\t", "🔴", "🚀", "é", "漢字",
            "\u200b", "\u2028", "x"]
_NOTE_LINES = ["- item", "  - nested", "```", "~~~", "<!-- open", "-->", "# heading", "    code",
               "", "[x]: https://example.org/def", "<pre>", "</pre>", "> quote", "1. one",
               "| a | b |", "\\", "- [ ] task", "  <!-- readlist:paper {} -->", "\t tab", "---"]

text_piece = st.one_of(st.sampled_from(_HOSTILE),
                       st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8))
titles = st.lists(text_piece, min_size=1, max_size=6).map("".join)
note_line = st.one_of(st.sampled_from(_NOTE_LINES), titles)
notes = st.lists(note_line, max_size=8).map("\n".join)
tags = st.lists(
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1,
            max_size=6).filter(lambda t: not t.startswith("#") and not any(c.isspace() for c in t)),
    max_size=3, unique=True,
)


@st.composite
def paper_specs(draw: st.DrawFn, index: int) -> dict[str, object]:
    kind = draw(st.sampled_from(["arxiv", "openreview", "title", "link"]))
    return {
        "title": draw(titles) + f" paper{index}",  # distinct: digests merge equal titles
        "kind": kind,
        "index": index,
        "authors": draw(st.lists(titles, max_size=4)),
        "venue": draw(st.none() | titles),
        "section": draw(st.none() | titles),
        "subsection": draw(st.none() | titles),
        "author_rating": draw(st.none() | st.sampled_from([r.emoji for r in DEFAULT_LEGEND])),
        "blurb": draw(st.none() | notes),
        "state": draw(st.sampled_from(list(ReadState))),
        "rating": draw(st.none() | st.sampled_from(["1", "2", "3", "4", "none"])),
        "priority": draw(st.sampled_from(list(Priority))),
        "tags": draw(tags),
        "notes": draw(notes),
    }


@st.composite
def libraries(draw: st.DrawFn) -> list[dict[str, object]]:
    count = draw(st.integers(min_value=1, max_value=5))
    return [draw(paper_specs(i)) for i in range(count)]


def build(library: Library, specs: list[dict[str, object]]) -> None:
    drafts = []
    for spec in specs:
        i = spec["index"]
        fields: dict[str, object] = {
            key: spec[key] for key in ("authors", "venue", "section", "subsection",
                                       "author_rating", "blurb")
        }
        if spec["kind"] == "arxiv":
            drafts.append(paper(str(spec["title"]), f"2401.{10000 + int(str(i))}v2", **fields))
        elif spec["kind"] == "openreview":
            drafts.append(paper(str(spec["title"]), openreview_id=f"OpenRev{i}x", **fields))
        elif spec["kind"] == "link":
            fields["links"] = {"abstract": f"https://example.org/a b(c)<d>?q={i}&amp;x&y=\\z"}
            drafts.append(paper(str(spec["title"]), **fields))
        else:
            drafts.append(paper(str(spec["title"]), **fields))
    library.apply_parsed([parsed("post", "generated", drafts, title="Generated", date="2024-05-01")])
    by_title = {p.title: p.pid for p in library.query()}
    for spec in specs:
        # One transaction per paper (fast); notes are stored raw, not canonicalised.
        def mutate(doc: dict[str, object], spec: dict[str, object] = spec) -> None:
            doc["state"] = spec["state"].value  # type: ignore[attr-defined]
            doc["priority"] = spec["priority"].value  # type: ignore[attr-defined]
            if spec["rating"] is not None:
                doc["rating"] = library.rating_emoji(str(spec["rating"]))
                doc["rating_source"] = "user"
            doc["tags"] = list(spec["tags"])  # type: ignore[call-overload]
            doc["notes"] = spec["notes"]

        library.update_states([by_title[str(spec["title"])]], mutate, "generated")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=libraries(), group_by=st.sampled_from(
    ["section", "digest", "rating", "tag", "state", "priority"]), summaries=st.booleans())
def test_markdown_round_trip_restores_every_field(
    specs: list[dict[str, object]], group_by: str, summaries: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Library(Home.at(Path(tmp) / "a"), durable=False)
        build(source, specs)
        text = export_markdown(source, group_by=group_by, with_summaries=summaries)
        target = Library(Home.at(Path(tmp) / "b"), durable=False)
        report = target.import_text(text, source=str(Path(tmp) / "export.md"))
        assert (report.found, report.new, report.skipped) == (len(specs), len(specs), [])
        expected = list_json(source)
        for row in expected:  # the notes convention: one final newline, no trailing blanks
            row["notes"] = canonical_notes(str(row["notes"]))
        assert list_json(target) == expected
        # The restored library exports the same document (without the digests' blurbs).
        assert export_markdown(target, group_by=group_by) == export_markdown(source, group_by=group_by)


# -- fixed libraries -----------------------------------------------------------------------


def test_import_into_the_same_library_changes_nothing(sample: Library) -> None:
    before = store_dump(sample)
    report = sample.import_text(export_markdown(sample, with_summaries=True), source="/x/list.md")
    assert (report.found, report.unchanged, report.new, report.merged) == (7, 7, 0, 0)
    assert store_dump(sample) == before


def test_export_never_becomes_a_digest_of_its_own(
    sample: Library, new_library: Callable[[], Library]
) -> None:
    target = new_library()
    target.import_text(export_markdown(sample), source="/x/list.md")
    assert [d.digest.name for d in target.digests()] == ["iclr2024", "hf-2024-10-11"]
    [vaswani] = [p for p in target.query(details=True) if p.key == "1706.03762"]
    assert [(p.digest_name, p.position) for p in vaswani.provenance] == [("hf-2024-10-11", 1)]


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_hand_edits_in_the_markdown_win(sample: Library, clock: Clock,
                                        new_library: Callable[[], Library]) -> None:
    text = export_markdown(sample)
    text = edit(text, "- [ ] [ReLU Strikes Back]", "- [x] [ReLU Strikes Back]")
    text = edit(text, "(https://arxiv.org/abs/1706.03762) 🔵", "(https://arxiv.org/abs/1706.03762) red")
    text = edit(text, "    Read it twice.", "    Read it *three* times.\n\n    - and took notes")
    text = edit(text, "  - Priority: high\n  - Tags: #to-read #a\\*b\\_c\n",
                "  - Priority: low\n  - Tags: #done\n")
    text = edit(text, "## Datasets\n\n", "## Datasets\n\n- [ ] [A Hand-Added Paper](https://arxiv.org/abs/"
                "2501.00001) (oral) 🟡\n  - Authors: Ada Lovelace, Alan Turing et al.\n"
                "  - Tags: #new\n  - Notes:\n\n    added by hand\n")
    clock.now = "2024-04-01T08:00:00+00:00"
    for library in (sample, new_library()):
        library.import_text(text, source="/x/edited.md")
        by_title = {p.title: p for p in library.query(details=True)}
        relu = by_title["ReLU Strikes Back"]
        assert relu.user.state == ReadState.READ and relu.user.updated == clock.now
        vaswani = by_title["Attention Is All You Need"]
        assert vaswani.user.rating == "🔴" and vaswani.user.rating_source == "user"
        assert vaswani.user.notes == "Read it *three* times.\n\n- and took notes\n"
        hostile = next(p for t, p in by_title.items() if t.startswith("L$^2$M"))
        assert hostile.user.priority == Priority.LOW and hostile.user.tags == ["done"]
        added = by_title["A Hand-Added Paper"]
        assert (added.key, added.venue, added.user.rating, added.user.tags) == (
            "2501.00001", "oral", "🟡", ["new"])
        assert added.authors == ("Ada Lovelace", "Alan Turing") and added.user.notes == "added by hand\n"
        # Untouched papers keep their state and its time.
        skipped = by_title["A Paper Known Only By Its Title"]
        assert skipped.user.state == ReadState.SKIPPED and skipped.user.updated == "2024-03-02T10:00:00+00:00"


def test_newer_library_state_survives_importing_an_older_export(sample: Library, clock: Clock) -> None:
    text = export_markdown(sample)
    [pid] = sample.query_pids("is:read")
    clock.now = "2024-05-01T00:00:00+00:00"
    sample.mark([pid], "unread")
    sample.import_text(text, source="/x/old.md")
    assert sample.paper(pid).user.state == ReadState.UNREAD


def test_unknown_version_is_one_clear_error(sample: Library, new_library: Callable[[], Library],
                                            tmp_path: Path) -> None:
    path = tmp_path / "future.md"
    path.write_text(edit(export_markdown(sample), '"format":"readlist-markdown","version":1',
                         '"format":"readlist-markdown","version":7'), encoding="utf-8")
    target = new_library()
    outcome = target.import_sources([str(path)])
    [error] = outcome.errors
    assert "version 7" in error.message and "upgrade readlist" in error.message
    assert target.query_pids("") == []


def test_damaged_hidden_comment_imports_what_the_bullet_shows(
    sample: Library, new_library: Callable[[], Library]
) -> None:
    text = export_markdown(sample)
    start = text.index("<!-- readlist:paper", text.index("[ReLU Strikes Back]"))
    end = text.index("-->", start) + 3
    text = text[:start] + "<!-- readlist:paper {broken -->" + text[end:]
    target = new_library()
    report = target.import_text(text, source="/x/damaged.md")
    assert any("damaged" in w for w in report.warnings)
    relu = next(p for p in target.query() if p.title == "ReLU Strikes Back")
    assert relu.openreview_id == "osoWxY8q2E" and relu.venue == "oral"
    assert relu.user.state == ReadState.READING and relu.user.rating == "🔵"


def test_detection_by_content(sample: Library) -> None:
    assert detect(export_markdown(sample)).name == "readlist"
    post = SEEDS / "000_8ab63f7b0ec45a25.txt"
    if post.exists():
        assert detect(post.read_text(encoding="utf-8")).name != "readlist"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed digests are not available")
@pytest.mark.parametrize("group_by", ["section", "rating"])
def test_seed_library_round_trips_through_markdown(
    new_library: Callable[[], Library], group_by: str
) -> None:
    source = new_library()
    outcome = source.import_sources([str(SEEDS)])
    if outcome.errors or len(outcome.reports) < 5:
        pytest.skip(f"seed importers not all available: {[e.message for e in outcome.errors]}")
    pids = sorted(source.query_pids(""))
    source.mark(pids[::3], "read")
    source.mark(pids[1::7], "skipped")
    source.rate(pids[::5], "related")
    source.set_priority(pids[::4], "medium")
    source.tag(pids[::6], ["to-read", "c++"])
    for n, pid in enumerate(pids[::17]):
        source.set_note(pid, f"note {n}\n\n```\n# code, not a heading\n```\n<!-- mine -->\n")
    text = export_markdown(source, group_by=group_by, with_summaries=True)
    target = new_library()
    report = target.import_text(text, source="/x/seeds.md")
    assert report.found == len(pids) and not report.skipped
    assert list_json(target) == list_json(source)


def test_a_file_saved_with_crlf_line_endings_imports_the_same(
    sample: Library, new_library: Callable[[], Library], tmp_path: Path
) -> None:
    path = tmp_path / "windows.md"
    path.write_bytes(b"\xef\xbb\xbf" + export_markdown(sample).replace("\n", "\r\n").encode())
    target = new_library()
    outcome = target.import_sources([str(path)])
    assert not outcome.errors and outcome.reports[0].new == 7
    assert list_json(target) == list_json(sample)
