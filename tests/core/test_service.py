"""The service: paper identity and merging, idempotent import, triage, undo, targets."""

from __future__ import annotations

import pytest

from readlist.errors import NotFoundError, UsageError
from readlist.paths import Home
from readlist.service import Library
from tests.core.conftest import digest, paper


def keys(lib: Library, query: str = "") -> list[str]:
    return sorted(p.key for p in lib.query(query))


def test_same_arxiv_id_in_any_form_is_one_paper(lib: Library) -> None:
    lib.apply_parsed([
        digest("arxiv-daily", [paper("To Believe or Not", "2406.02543v1", abstract="A.")], "/d/1.md"),
        digest("hf-daily", [paper("To Believe or Not to Believe", "https://arxiv.org/pdf/2406.02543v2.pdf",
                                  votes=7)], "/d/2.md"),
    ])
    [p] = lib.query(details=True)
    assert p.key == "2406.02543"
    assert p.arxiv_version == 2
    assert p.votes == 7 and p.abstract == "A."
    assert p.title == "To Believe or Not"  # first title kept, raw
    assert len(p.provenance) == 2


def test_title_only_paper_merges_when_an_arxiv_match_arrives(lib: Library) -> None:
    lib.apply_parsed([digest("rss", [paper("LayerSkip : Enabling Early Exit Inference")], "/d/r.xml")])
    [before] = lib.query()
    lib.rate([before.pid], "blue")
    lib.apply_parsed([digest("hf-daily", [paper("LayerSkip: Enabling Early-Exit Inference", "2404.16710")],
                            "/d/h.md")])
    [after] = lib.query()
    assert after.pid == before.pid and after.key == "2404.16710"
    assert after.user.rating == "🔵"  # the user's state survives the merge
    assert lib.resolve(before.key) == before.pid  # the old key still works as an alias


def test_different_ids_never_merge_by_title(lib: Library) -> None:
    lib.apply_parsed([digest("post", [paper("Scaling Laws Revisited", "2401.00001"),
                                      paper("Scaling Laws Revisited", "2401.00002")], "/d/p.md")])
    assert keys(lib) == ["2401.00001", "2401.00002"]


def test_short_generic_titles_do_not_merge(lib: Library) -> None:
    lib.apply_parsed([digest("rss", [paper("Intro")], "/d/a.xml"),
                      digest("rss", [paper("Intro")], "/d/b.xml")])
    assert len(lib.query()) == 2


def test_reimport_changes_nothing_and_reports_unchanged(lib: Library) -> None:
    source = digest("post", [paper("Paper A", "2401.00001", author_rating="🔴"),
                             paper("Paper B", "2401.00002")], "/d/p.md")
    lib.apply_parsed([source])
    generation = lib.store.generation
    [report] = lib.apply_parsed([source])
    assert (report.new, report.merged, report.unchanged) == (0, 0, 2)
    assert lib.store.generation == generation


@pytest.mark.parametrize("fields", [
    {"votes": 0},  # a zero count is a count, not a missing one
    {"authors": ["Ada Lovelace"], "authors_complete": False},  # "Ada Lovelace et.al."
], ids=["zero-votes", "abbreviated-authors"])
def test_reimport_of_edge_values_changes_nothing(lib: Library, fields: dict[str, object]) -> None:
    source = digest("hf-daily", [paper("Paper A", "2401.00001", **fields)], "/d/h.md")
    lib.apply_parsed([source])
    generation = lib.store.generation
    [report] = lib.apply_parsed([source])
    assert (report.new, report.merged, report.unchanged) == (0, 0, 1)
    assert lib.store.generation == generation


def test_a_paper_listed_on_two_days_keeps_its_highest_vote_count(lib: Library) -> None:
    lib.apply_parsed([digest("hf-daily", [paper("LLaVA-o1", "2411.10440", votes=18),
                                          paper("LLaVA-o1", "2411.10440v2", votes=57)], "/d/w.md")])
    [p] = lib.query()
    assert (p.votes, p.arxiv_version) == (57, 2)


def test_reimport_of_short_titles_without_ids_is_idempotent(lib: Library) -> None:
    lib.apply_parsed([digest("post", [paper("DINOv2"), paper("SAM 2")], "/d/p.md")])
    [report] = lib.apply_parsed([digest("post", [paper("DINOv2"), paper("SAM 2"), paper("Other")],
                                        "/d/p.md")])
    assert (report.new, report.unchanged) == (1, 2)
    assert keys(lib) == ["dinov2", "other", "sam-2"]


def test_a_paper_listed_twice_in_one_digest_keeps_both_notes(lib: Library) -> None:
    lib.apply_parsed([digest("post", [paper("Mamba-2 state space duality", "2405.21060", notes="- arch"),
                                      paper("Mamba-2 state space duality", "2405.21060", notes="- training")],
                            "/d/p.md")])
    [p] = lib.query(details=True)
    [prov] = p.provenance
    assert prov.notes is not None and "- arch" in prov.notes and "- training" in prov.notes


def test_a_feed_re_imported_after_it_moved_on_keeps_the_older_items(lib: Library) -> None:
    old = digest("rss", [paper("Flamingo review post"), paper("LoRA review post")], "/d/feed.xml",
                 rolling=True)
    new = digest("rss", [paper("QLoRA review post"), paper("LoRA review post")], "/d/feed.xml",
                 rolling=True)
    lib.apply_parsed([old])
    lib.apply_parsed([new])
    [d] = lib.digests()
    assert d.papers == 3
    assert all(p.digest_ids for p in lib.query())


def test_author_rating_is_initial_and_the_users_rating_wins(lib: Library) -> None:
    source = digest("post", [paper("Paper A", "2401.00001", author_rating="🔴")], "/d/p.md")
    lib.apply_parsed([source])
    [p] = lib.query("rating:red")
    assert p.user.rating_source == "digest" and not p.user.triaged
    lib.rate([p.pid], "none")
    lib.apply_parsed([digest("post", [paper("Paper A", "2401.00001", author_rating="🔴")], "/d/p2.md")])
    assert lib.query("rating:red") == []


def test_digest_dropping_a_paper_loses_its_provenance(lib: Library) -> None:
    lib.apply_parsed([digest("post", [paper("A paper title", "2401.00001"),
                                      paper("B paper title", "2401.00002")], "/d/p.md")])
    lib.apply_parsed([digest("post", [paper("A paper title", "2401.00001")], "/d/p.md")])
    [d] = lib.digests()
    assert d.papers == 1
    b = lib.paper(lib.resolve("2401.00002"))
    assert b.digest_ids == ()


def test_dry_run_writes_nothing(lib: Library) -> None:
    [report] = lib.apply_parsed([digest("post", [paper("A", "2401.00001")], "/d/p.md")], dry_run=True)
    assert report.new == 1
    assert lib.query() == [] and lib.store.generation == 0


def test_triage_counts_only_real_changes_and_undo_restores(lib: Library) -> None:
    lib.apply_parsed([digest("post", [paper(f"Paper {i}", f"2401.0000{i}") for i in range(1, 4)],
                            "/d/p.md")])
    pids = lib.query_pids()
    assert lib.mark(pids[:2], "read").count == 2
    assert lib.mark(pids, "read").count == 1
    change = lib.tag(pids, ["llm"])
    lib.set_priority(pids[:1], "high")
    lib.undo(change)
    [first] = lib.papers(pids[:1])
    assert first.user.tags == [] and first.user.priority.value == "high"


def test_undo_keeps_later_changes_to_other_fields(lib: Library) -> None:
    lib.apply_parsed([digest("post", [paper("Paper A", "2401.00001")], "/d/p.md")])
    pid = lib.query_pids()[0]
    change = lib.mark([pid], "read")
    other = Library(lib.home, durable=False)  # another process, e.g. the CLI
    other.tag([pid], ["later"])
    lib.undo(change)
    p = lib.paper(pid)
    assert p.user.state.value == "unread" and p.user.tags == ["later"]


def test_undo_of_first_action_leaves_the_paper_untriaged(lib: Library) -> None:
    lib.apply_parsed([digest("post", [paper("Paper A", "2401.00001")], "/d/p.md")])
    pid = lib.query_pids()[0]
    lib.undo(lib.rate([pid], "1"))
    assert lib.query_pids("is:untriaged") == [pid]


def test_invalid_values_are_usage_errors_and_change_nothing(lib: Library) -> None:
    lib.apply_parsed([digest("post", [paper("Paper A", "2401.00001")], "/d/p.md")])
    generation = lib.store.generation
    pid = lib.query_pids()[0]
    for call in (lambda: lib.mark([pid], "done"), lambda: lib.rate([pid], "green"),
                 lambda: lib.set_priority([pid], "urgent"), lambda: lib.tag([pid], ["two words"])):
        with pytest.raises(UsageError):
            call()
    assert lib.store.generation == generation


@pytest.mark.parametrize("target", [
    "2406.02543", "2406.02543v3", "arXiv:2406.02543", "https://arxiv.org/abs/2406.02543v1",
    "http://arxiv.org/pdf/2406.02543.pdf", "https://www.alphaxiv.org/abs/2406.02543",
    "https://huggingface.co/papers/2406.02543",
])
def test_targets_in_every_arxiv_form(lib: Library, target: str) -> None:
    lib.apply_parsed([digest("post", [paper("P", "2406.02543")], "/d/p.md")])
    assert lib.resolve(target) == lib.query_pids()[0]


def test_openreview_and_unknown_targets(lib: Library) -> None:
    lib.apply_parsed([digest("post", [paper("Simplifying Transformer Blocks", openreview_id="RtDok9eS3s")],
                            "/d/p.md")])
    pid = lib.query_pids()[0]
    assert lib.resolve("https://openreview.net/forum?id=RtDok9eS3s") == pid
    assert lib.resolve("RtDok9eS3s") == pid
    with pytest.raises(NotFoundError):
        lib.resolve("2501.99999")


def test_full_text_query_reaches_abstracts(lib: Library) -> None:
    lib.apply_parsed([digest("arxiv-daily", [
        paper("Paper A", "2401.00001", abstract="We study epistemic uncertainty."),
        paper("Paper B", "2401.00002", abstract_translated="大規模言語モデル"),
    ], "/d/a.md")])
    assert keys(lib, "epistemic") == ["2401.00001"]
    assert keys(lib, "言語モデル") == ["2401.00002"]
    assert keys(lib, '"epistemic uncertainty" -言語') == ["2401.00001"]


@pytest.mark.parametrize("cached", [False, True], ids=["cli", "tui"])
def test_full_text_answers_alike_from_disk_and_from_memory(lib: Library, cached: bool) -> None:
    """The TUI keeps every paper's text in memory (store.search_files.keep_in_memory); its answers must
    be the CLI's, also after an import changes the search files and after a note."""
    lib.store.search_files.keep_in_memory = cached
    lib.apply_parsed([digest("arxiv-daily", [
        paper("Paper A", "2401.00001", abstract="We study epistemic  uncertainty."),
        paper("Paper B", "2401.00002", abstract_translated="大規模言語モデル"),
    ], "/d/a.md")])
    assert keys(lib, "epistemic") == ["2401.00001"]
    assert keys(lib, '"epistemic uncertainty"') == ["2401.00001"]  # spaces normalised
    assert keys(lib, "言語") == ["2401.00002"]
    # "1" is also paper 1's id at the start of its line in the search file: still found.
    assert keys(lib, "1") == ["2401.00001", "2401.00002"]
    lib.apply_parsed([digest("hf-daily", [
        paper("Paper C", "2401.00003", abstract="Epistemic humility in agents."),
    ], "/d/b.md")])
    assert keys(lib, "epistemic") == ["2401.00001", "2401.00003"]
    lib.set_note(lib.resolve("2401.00002"), "Read with the EPISTEMIC group")
    assert keys(lib, "epistemic") == ["2401.00001", "2401.00002", "2401.00003"]
    assert keys(lib, "epistemic -is:read -humility") == ["2401.00001", "2401.00002"]


def test_in_memory_full_text_follows_another_process(lib: Library, core_home: Home) -> None:
    """The TUI's in-memory texts are rebuilt when another process (the CLI) changes them."""
    lib.store.search_files.keep_in_memory = True
    lib.apply_parsed([digest("arxiv-daily", [
        paper("Paper A", "2401.00001", abstract="Epistemic uncertainty."),
    ], "/d/a.md")])
    assert keys(lib, "epistemic") == ["2401.00001"]
    other = Library(core_home, durable=False)
    other.apply_parsed([digest("hf-daily", [
        paper("Paper B", "2401.00002", abstract="More epistemic doubts."),
    ], "/d/b.md")])
    other.remove([other.resolve("2401.00001")])
    assert lib.refresh()
    assert keys(lib, "epistemic") == ["2401.00002"]


def test_a_reader_racing_a_refresh_never_mixes_old_and_new_data(
    lib: Library, core_home: Home
) -> None:
    """A TUI worker may read while the writer thread refreshes: a new manifest must never be
    paired with the old index or old per-row caches."""
    lib.apply_parsed([digest("post", [paper("Paper A", "2401.00001")], "/d/a.md")])
    assert keys(lib, "is:unread") == ["2401.00001"]
    Library(core_home, durable=False).apply_parsed([digest("post", [
        paper("Paper B", "2401.00002"), paper("Paper C", "2401.00003"),
    ], "/d/b.md")])
    lib.store._head = lib.store._read_head()  # refresh's first step only: caches not pruned
    assert keys(lib, "is:unread") == ["2401.00001", "2401.00002", "2401.00003"]


def test_remove_deletes_papers(lib: Library) -> None:
    lib.apply_parsed([digest("post", [paper("Paper A", "2401.00001"), paper("Paper B", "2401.00002")],
                            "/d/p.md")])
    assert lib.remove([lib.resolve("2401.00001")]) == 1
    assert keys(lib) == ["2401.00002"]


def test_a_paper_listed_in_two_sections_is_found_under_both(lib: Library) -> None:
    lib.apply_parsed([digest("post", [paper("Paper A", "2401.00001", section="LLM"),
                                      paper("Paper B", "2401.00002", section="Vision"),
                                      paper("Paper A", "2401.00001", section="Vision",
                                            subsection="Video")], "/d/p.md")])
    a = lib.resolve("2401.00001")
    assert lib.query_pids("section:Video") == [a]
    assert set(lib.query_pids("section:Vision")) == {a, lib.resolve("2401.00002")}
    [d] = lib.digests()
    assert lib.digest_pids(d.digest.id, "Video") == {a}
    [prov] = lib.paper(a).provenance
    assert (prov.section, prov.also_in) == ("LLM", (("Vision", "Video"),))


def test_digest_membership_is_exact(lib: Library) -> None:
    lib.apply_parsed([
        digest("post", [paper("Paper A", "2401.00001", section="LLM", subsection="Eval"),
                        paper("Paper B", "2401.00002", section="Vision")], "/d/foo.md"),
        digest("post", [paper("Paper C", "2401.00003")], "/d/foo-2.md"),
    ])
    [foo, foo2] = lib.digests()
    assert len(lib.digest_pids(foo.digest.id)) == 2
    assert lib.digest_pids(foo.digest.id, "Eval") == {lib.resolve("2401.00001")}
    assert len(lib.query_pids("digest:foo")) == 3  # a name fragment matches both digests
    assert lib.query_pids(f"digest:#{foo2.digest.id}") == [lib.resolve("2401.00003")]


def _state(lib: Library, pid: int) -> tuple[str, str, bool, list[str], str | None]:
    [p] = [p for p in lib.query() if p.pid == pid]
    return p.user.state.value, p.user.priority.value, p.user.triaged, list(p.user.tags), p.user.updated


def _one_paper(lib: Library) -> int:
    lib.apply_parsed([digest("post", [paper("Pause tokens paper", "2310.02226")], "/d/p.md")])
    [p] = lib.query()
    return p.pid


def test_undo_puts_back_every_field_it_changed(lib: Library) -> None:
    pid = _one_paper(lib)
    before = _state(lib, pid)
    lib.undo(lib.mark([pid], "read"))
    assert _state(lib, pid) == before


def test_undo_never_overwrites_a_later_change_from_elsewhere(lib: Library) -> None:
    pid = _one_paper(lib)
    mine = lib.mark([pid], "read")  # the TUI
    other = Library(lib.home, durable=False)  # the CLI in another terminal
    other.mark([pid], "skipped")
    other.set_priority([pid], "high")
    other_updated = _state(other, pid)[4]
    lib.undo(mine)
    state, priority, triaged, _, updated = _state(lib, pid)
    assert (state, priority, triaged) == ("skipped", "high", True)
    assert updated is not None and other_updated is not None and updated >= other_updated


def test_undoing_a_tag_keeps_tags_added_since(lib: Library) -> None:
    pid = _one_paper(lib)
    mine = lib.tag([pid], ["x"])
    Library(lib.home, durable=False).tag([pid], ["y"])
    redo = lib.undo(mine)
    assert _state(lib, pid)[3] == ["y"]
    lib.undo(redo)  # undoing the undo brings x back
    assert sorted(_state(lib, pid)[3]) == ["x", "y"]


def test_an_untitled_arxiv_link_is_pending_until_a_title_arrives(lib: Library) -> None:
    lib.apply_parsed([digest("generic", [paper("", "2501.00001")], "/d/links.md")])
    [p] = lib.query("is:pending")
    assert (p.key, p.title) == ("2501.00001", "")
    lib.apply_parsed([digest("hf-daily", [paper("A Real Title", "2501.00001")], "/d/h.md")])
    [p] = lib.query()
    assert p.title == "A Real Title"


def test_cycle_priority_steps_from_the_saved_priority(lib: Library) -> None:
    pid = _one_paper(lib)
    Library(lib.home, durable=False).set_priority([pid], "low")  # another process
    lib.cycle_priority([pid])
    [p] = lib.query()
    assert p.user.priority.value == "none"  # low → none, not none → high


def test_an_absurd_vote_count_is_dropped_not_a_crash(lib: Library) -> None:
    # 10**23 does not fit the store's 64-bit integers: writing it was an internal error.
    [report] = lib.apply_parsed([digest("hf-daily", [paper("Big", "2410.01234", votes=10**23),
                                                    paper("Fine", "2410.01235", votes=42)],
                                        "/d/votes.md")])
    assert report.new == 2
    votes = {p.title: p.votes for p in lib.papers(lib.query_pids())}
    assert votes == {"Big": None, "Fine": 42}


def test_a_link_label_is_no_title_and_a_real_title_replaces_one(lib: Library) -> None:
    lib.apply_parsed([digest("generic", [paper("View on arXiv", "2503.04725v3"),
                                         paper("查看论文", "2503.04726")], "/d/labels.md")])
    [first] = lib.papers([lib.resolve("2503.04725")])
    assert first.title == "" and first.pending  # waits for `readlist enrich`, not "View on arXiv"
    lib.apply_parsed([digest("paper-notes", [paper("L$^2$M: Mutual Information Scaling", "2503.04725"),
                                             paper("PDF", "2503.04726")], "/d/notes.md")])
    titles = {p.arxiv_id: p.title for p in lib.papers(lib.query_pids())}
    assert titles == {"2503.04725": "L$^2$M: Mutual Information Scaling", "2503.04726": ""}


def test_a_stored_label_title_gives_way_to_the_papers_title() -> None:
    from readlist.service.paper_docs import merge_paper, new_paper_doc

    doc = {**new_paper_doc("View paper", "2024-01-01T00:00:00+00:00"), "key": "view-paper"}
    assert merge_paper(doc, {}, paper("Attention Is All You Need", "1706.03762"))
    assert doc["title"] == "Attention Is All You Need"
    kept = {**new_paper_doc("Paper: A Survey of Paper Surveys", "2024-01-01T00:00:00+00:00"),
            "key": "survey"}
    merge_paper(kept, {}, paper("Other", "1706.03762"))
    assert kept["title"] == "Paper: A Survey of Paper Surveys"


def test_a_lists_comment_column_is_the_papers_comment(lib: Library) -> None:
    lib.apply_parsed([digest("arxiv-daily", [paper("Reservoirs", "2504.16767", comment="8 pages")],
                             "/d/daily.md")])
    lib.apply_parsed([digest("arxiv-daily", [paper("Reservoirs", "2504.16767", comment="other")],
                             "/d/daily2.md")])
    assert lib.paper(lib.resolve("2504.16767")).comment == "8 pages"  # filled once, like the abstract; never overwritten
