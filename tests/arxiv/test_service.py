"""add / enrich / resolve on a real library, against the loopback API server."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from readlist.errors import NotFoundError, UsageError
from readlist.ids import parse_arxiv_id
from readlist.importers.base import PaperDraft
from readlist.service import Library
from readlist.service.arxiv_enrich import enrich
from readlist.service.arxiv_ops import UserOptions, add_papers, open_client
from readlist.service.arxiv_resolve import accept_match, resolve_titles
from readlist.service.merging import merge_states
from tests.arxiv.conftest import FakeArxiv, add_digest

LANGHAGE = "A Multi-Task Benchmark for Korean Legal Langhage Understanding and Judgement Prediction"


def partial(arxiv: str, title: str) -> PaperDraft:
    """A daily-digest entry: id and title, first author only."""
    return PaperDraft(title=title, arxiv=parse_arxiv_id(arxiv), authors=["First Author"],
                      authors_complete=False)


def test_add_fetches_full_metadata_in_one_request(lib: Library, arxiv_server: FakeArxiv) -> None:
    with open_client(lib) as client:
        report = add_papers(lib, ["2406.02543", "arXiv:2406.02539v1",
                                  "https://arxiv.org/pdf/2406.02537.pdf"], client=client)
    assert report.ok and arxiv_server.count == 1
    assert [(p.key, p.status) for p in report.papers] == [
        ("2406.02543", "new"), ("2406.02539", "new"), ("2406.02537", "new")]
    paper = lib.paper(lib.resolve("2406.02537"))
    assert paper.title == "TopViewRS: Vision-Language Models as Top-View Spatial Reasoners"
    assert paper.authors[0] == "Chengzu Li" and len(paper.authors) == 6
    assert paper.abstract and paper.published == "2024-06-04T17:55:43Z"
    assert paper.categories == ("cs.CL", "cs.AI", "cs.CV")
    assert (paper.doi, paper.comment, paper.journal_ref) == (
        "10.18653/v1/2024.emnlp-main.100", "9 pages, 3 figures", "EMNLP 2024")
    assert paper.date == "2024-06-04" and not paper.pending
    assert lib.paper(lib.resolve("2406.02539")).arxiv_version == 2


def test_add_merges_into_a_digest_paper_and_keeps_the_users_state(
    lib: Library, arxiv_server: FakeArxiv
) -> None:
    add_digest(lib, "arxiv-daily", [partial("2406.02543v1", "To Believe or Not to Believe Your LLM")])
    pid = lib.resolve("2406.02543")
    lib.tag([pid], ["mine"])
    lib.mark([pid], "reading")
    options = UserOptions.checked(lib, ["#llm"], rating="red", priority="high", note="look at sec. 3")
    with open_client(lib) as client:
        report = add_papers(lib, ["https://arxiv.org/abs/2406.02543v1"], client=client, options=options)
    assert [(p.pid, p.status) for p in report.papers] == [(pid, "merged")]
    paper = lib.paper(pid)
    assert len(paper.authors) == 4 and paper.published
    assert paper.user.state.value == "reading"
    assert paper.user.tags == ["mine", "llm"]
    assert (paper.user.rating, paper.user.priority.value) == ("🔴", "high")
    assert paper.user.notes == "look at sec. 3\n"
    assert len(lib.query_pids("")) == 1


def test_add_reports_each_failed_id_and_adds_the_rest(lib: Library, arxiv_server: FakeArxiv) -> None:
    with open_client(lib) as client:
        report = add_papers(lib, ["not-an-id", "2406.99999", "2406.02543",
                                  "https://openreview.net/forum?id=abcdef"], client=client)
    assert not report.ok
    assert report.failed == [
        ("not-an-id", "not an arXiv id or URL"),
        ("https://openreview.net/forum?id=abcdef",
         "not an arXiv id or URL (an OpenReview link: try `readlist resolve`)"),
        ("2406.99999", "no such paper on arXiv"),
    ]
    assert [p.key for p in report.papers] == ["2406.02543"]
    assert lib.store.keys().get("2406.99999") is None


def test_bad_options_fail_before_any_request(lib: Library, arxiv_server: FakeArxiv) -> None:
    with pytest.raises(UsageError, match="unknown priority"):
        UserOptions.checked(lib, priority="urgent")
    with pytest.raises(UsageError, match="unknown rating"):
        UserOptions.checked(lib, rating="sparkly")
    with pytest.raises(UsageError, match="invalid tag"):
        UserOptions.checked(lib, ["two words"])
    assert arxiv_server.count == 0


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_offline_add_records_pending_papers_that_enrich_completes(
    lib: Library, arxiv_server: FakeArxiv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READLIST_ARXIV_API", f"http://127.0.0.1:{_closed_port()}/api/query")
    with open_client(lib) as client:
        report = add_papers(lib, ["2406.02543", "2406.02539"], client=client,
                            options=UserOptions.checked(lib, ["later"]))
    assert not report.ok and report.outage and "refused" in report.outage
    assert [(p.key, p.status) for p in report.papers] == [("2406.02543", "pending"), ("2406.02539", "pending")]
    pending = lib.paper(lib.resolve("2406.02543"))
    assert pending.pending and pending.user.tags == ["later"]
    assert lib.query_pids("is:pending") == [p.pid for p in report.papers]

    monkeypatch.setenv("READLIST_ARXIV_API", arxiv_server.url)
    with open_client(lib) as client:
        done = enrich(lib, client=client)
    assert (done.todo, done.enriched, done.remaining) == (2, 2, 0)
    paper = lib.paper(lib.resolve("2406.02543"))
    assert not paper.pending and paper.title == "To Believe or Not to Believe Your LLM"
    assert paper.user.tags == ["later"]
    assert lib.query_pids("is:pending") == []


def test_enrich_is_batched_resumable_and_never_refetches(
    lib: Library, arxiv_server: FakeArxiv
) -> None:
    add_digest(lib, "hf-daily", [
        partial("2406.02543", "To Believe or Not to Believe Your LLM"),
        partial("2406.02539", "Parrot: Multilingual Visual Instruction Tuning"),
        partial("2406.02537", "TopViewRS"),
        PaperDraft(title="No id here"),
    ])
    calls: list[tuple[int, int]] = []

    def interrupt_after_first(done: int, total: int) -> None:
        calls.append((done, total))
        if done == 1:
            raise KeyboardInterrupt

    with open_client(lib, batch_size=1) as client:
        first = enrich(lib, client=client, progress=interrupt_after_first)
    assert first.interrupted and first.enriched == 1 and first.remaining == 2
    assert arxiv_server.count == 1
    with open_client(lib, batch_size=1) as client:
        second = enrich(lib, client=client)
    assert (second.todo, second.enriched, second.requests) == (2, 2, 2)
    asked = [q["id_list"] for _, q, _ in arxiv_server.requests]
    assert sorted(asked) == ["2406.02537", "2406.02539", "2406.02543"]  # each once
    with open_client(lib) as client:
        third = enrich(lib, client=client)
    assert (third.todo, third.requests) == (0, 0)
    for key in ("2406.02543", "2406.02539", "2406.02537"):
        assert len(lib.paper(lib.resolve(key)).authors) > 1


def test_enrich_remembers_ids_arxiv_does_not_know(lib: Library, arxiv_server: FakeArxiv) -> None:
    add_digest(lib, "hf-daily", [partial("2406.99999", "A Paper That Was Withdrawn")])
    with open_client(lib) as client:
        assert enrich(lib, client=client).missing == ["2406.99999"]
        again = enrich(lib, client=client)
        assert (again.todo, again.skipped_missing, again.requests) == (0, 1, 0)
        retried = enrich(lib, client=client, retry_missing=True)
    assert retried.todo == 1 and retried.missing == ["2406.99999"]


def test_enrich_stops_on_an_outage_and_says_what_is_left(
    lib: Library, arxiv_server: FakeArxiv
) -> None:
    add_digest(lib, "hf-daily", [partial("2406.02543", "To Believe or Not to Believe Your LLM")])
    arxiv_server.mode = "garbage"
    with open_client(lib, max_retries=1) as client:
        report = enrich(lib, client=client)
    assert report.outage and "Rate exceeded." in report.outage
    assert (report.enriched, report.remaining) == (0, 1)
    assert not lib.paper(lib.resolve("2406.02543")).published


def test_resolve_attaches_only_certain_matches(lib: Library, arxiv_server: FakeArxiv) -> None:
    add_digest(lib, "rss", [
        PaperDraft(title="LayerSkip : Enabling Early Exit Inference and Self-Speculative Decoding"),
        PaperDraft(title=LANGHAGE),
        PaperDraft(title="CoT Reasoning without Prompting"),
    ])
    old_key = lib.paper(lib.query_pids("LayerSkip")[0]).key
    with open_client(lib) as client:
        report = resolve_titles(lib, client=client)
    assert [(m.arxiv_id, m.merged) for m in report.resolved] == [("2404.16710", False)]
    unresolved = {u.title: u for u in report.unresolved}
    assert unresolved[LANGHAGE].best_id == "2206.05224"
    assert 0.8 < (unresolved[LANGHAGE].best_score or 0) < 1.0
    assert unresolved["CoT Reasoning without Prompting"].best_id == "2402.10200"
    paper = lib.paper(lib.resolve("2404.16710"))
    assert paper.key == "2404.16710" and paper.published
    assert paper.title == "LayerSkip : Enabling Early Exit Inference and Self-Speculative Decoding"
    assert lib.resolve(old_key) == paper.pid  # the old key still finds it
    for title in (LANGHAGE, "CoT Reasoning without Prompting"):
        assert lib.paper(unresolved[title].pid).arxiv_id is None


def test_resolve_reads_the_title_inside_a_review_label(lib: Library, arxiv_server: FakeArxiv) -> None:
    add_digest(lib, "rss", [PaperDraft(
        title="[논문 리뷰] LayerSkip: Enabling Early Exit Inference and Self-Speculative Decoding")])
    with open_client(lib) as client:
        report = resolve_titles(lib, client=client)
    assert [m.arxiv_id for m in report.resolved] == ["2404.16710"]


def test_resolve_dry_run_changes_nothing(lib: Library, arxiv_server: FakeArxiv) -> None:
    add_digest(lib, "rss", [PaperDraft(title="LayerSkip : Enabling Early Exit Inference and Self-Speculative Decoding")])
    before = lib.store.generation
    with open_client(lib) as client:
        report = resolve_titles(lib, client=client, dry_run=True)
    assert [m.arxiv_id for m in report.resolved] == ["2404.16710"]
    assert lib.store.generation == before


def test_resolve_merges_into_a_pending_arxiv_paper(
    lib: Library, arxiv_server: FakeArxiv, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_digest(lib, "rss", [PaperDraft(title="LayerSkip : Enabling Early Exit Inference and Self-Speculative Decoding")])
    rss = lib.query_pids("")[0]
    lib.tag([rss], ["review"])
    monkeypatch.setenv("READLIST_ARXIV_API", f"http://127.0.0.1:{_closed_port()}/api/query")
    with open_client(lib) as client:
        add_papers(lib, ["2404.16710"], client=client, options=UserOptions.checked(lib, ["queued"]))
    monkeypatch.setenv("READLIST_ARXIV_API", arxiv_server.url)
    with open_client(lib) as client:
        report = resolve_titles(lib, client=client)
    assert [(m.arxiv_id, m.merged) for m in report.resolved] == [("2404.16710", True)]
    assert len(lib.query_pids("")) == 1
    paper = lib.paper(lib.resolve("2404.16710"))
    assert paper.user.tags == ["queued", "review"]
    assert not paper.pending and paper.published
    assert [p.family for p in paper.provenance] == ["rss"]


def test_accept_merges_two_library_papers_with_their_state(lib: Library, arxiv_server: FakeArxiv) -> None:
    add_digest(lib, "arxiv-daily", [partial("2206.05224", "A Multi-Task Benchmark for Korean Legal "
                                                          "Language Understanding and Judgement Prediction")],
               name="daily")
    add_digest(lib, "rss", [PaperDraft(title=LANGHAGE, links={"review": "https://blog.example/p/1"})],
               name="reviews")
    arxiv_pid = lib.resolve("2206.05224")
    rss_pid = next(p for p in lib.query_pids("") if p != arxiv_pid)
    rss_key = lib.paper(rss_pid).key
    lib.tag([arxiv_pid], ["legal"])
    lib.rate([arxiv_pid], "blue")
    lib.tag([rss_pid], ["korean"])
    lib.mark([rss_pid], "read")
    lib.set_note(rss_pid, "great review")
    with open_client(lib) as client:
        match = accept_match(lib, rss_key, "https://arxiv.org/abs/2206.05224", client=client)
    assert match.merged and match.key == "2206.05224" and 0.8 < match.score < 1.0
    assert lib.query_pids("") == [arxiv_pid]
    paper = lib.paper(arxiv_pid)
    assert paper.user.tags == ["legal", "korean"]
    assert (paper.user.state.value, paper.user.rating, paper.user.notes) == ("read", "🔵", "great review\n")
    assert sorted(p.digest_name for p in paper.provenance) == ["daily", "reviews"]
    assert paper.links.review == "https://blog.example/p/1"
    assert lib.resolve(rss_key) == arxiv_pid
    assert len(paper.authors) == 2 and paper.published


def test_accept_refuses_what_cannot_be_true(lib: Library, arxiv_server: FakeArxiv) -> None:
    add_digest(lib, "rss", [PaperDraft(title=LANGHAGE)])
    add_digest(lib, "hf-daily", [partial("2406.02543", "To Believe or Not to Believe Your LLM")], name="hf")
    key = lib.paper(lib.query_pids(f'"{LANGHAGE.casefold()}"')[0]).key
    with open_client(lib) as client:
        with pytest.raises(NotFoundError, match=r"2406\.99999: no such paper on arXiv"):
            accept_match(lib, key, "2406.99999", client=client)
        with pytest.raises(UsageError, match="is not an arXiv id"):
            accept_match(lib, key, "nonsense", client=client)
        with pytest.raises(UsageError, match=r"already has arXiv id 2406\.02543"):
            accept_match(lib, "2406.02543", "2206.05224", client=client)
    assert lib.paper(lib.resolve(key)).arxiv_id is None


def test_merge_states_keeps_everything_the_user_did() -> None:
    a = {"state": "unread", "priority": "low", "rating": "🟡", "rating_source": "digest",
         "tags": ["x"], "notes": "", "created": "2024-01-02", "updated": "2024-01-05", "triaged": False}
    b = {"state": "read", "priority": "high", "rating": "🔴", "rating_source": "user",
         "tags": ["y", "x"], "notes": "mine\n", "created": "2024-01-01", "updated": "2024-01-03",
         "triaged": True}
    merged = merge_states(a, b)
    assert merged == {"state": "read", "priority": "high", "rating": "🔴", "rating_source": "user",
                      "tags": ["x", "y"], "notes": "mine\n", "created": "2024-01-01",
                      "updated": "2024-01-05", "triaged": True}
    assert merge_states(None, b) == b and merge_states(None, None) is None


def test_config_points_the_client_at_the_endpoint(lib: Library, api_home: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READLIST_ARXIV_API")
    (api_home / "config.toml").write_text('[arxiv]\napi = "http://127.0.0.1:1/x"\ndelay = 0\n',
                                          encoding="utf-8")
    assert open_client(Library(lib.home)).api == "http://127.0.0.1:1/x"
    (api_home / "config.toml").write_text('[arxiv]\ndelay = 0\n', encoding="utf-8")
    client = open_client(Library(lib.home))
    assert client.api == "https://export.arxiv.org/api/query"
    assert client.limiter.interval == 3.0  # arXiv's own endpoint is never asked faster
    monkeypatch.setenv("READLIST_ARXIV_API", "ftp://nope")
    with pytest.raises(UsageError, match="not an http"):
        open_client(Library(lib.home))


def test_ctrl_c_during_add_leaves_the_library_unchanged(lib: Library) -> None:
    import httpx

    from readlist.arxiv import ArxivClient
    from readlist.arxiv_cache import RateLimiter

    def handler(request: httpx.Request) -> httpx.Response:
        raise KeyboardInterrupt

    client = ArxivClient("http://127.0.0.1:9/api/query", transport=httpx.MockTransport(handler),
                         limiter=RateLimiter(0.0))
    before = lib.store.generation
    with pytest.raises(KeyboardInterrupt):
        add_papers(lib, ["2406.02543"], client=client)
    assert lib.store.generation == before and lib.query_pids("") == []


def test_add_merges_into_the_paper_with_the_same_doi(lib: Library, arxiv_server: FakeArxiv) -> None:
    add_digest(lib, "post", [PaperDraft(title="TopViewRS (journal version)",
                                        doi="10.18653/v1/2024.emnlp-main.100")])
    journal = lib.resolve("doi:10.18653/v1/2024.emnlp-main.100")
    with open_client(lib) as client:
        report = add_papers(lib, ["2406.02537"], client=client)
    assert [(p.pid, p.status, p.key) for p in report.papers] == [(journal, "merged", "2406.02537")]
    assert lib.resolve("doi:10.18653/v1/2024.emnlp-main.100") == journal


def test_enrich_never_steals_a_doi_another_paper_holds(lib: Library, arxiv_server: FakeArxiv) -> None:
    add_digest(lib, "post", [
        partial("2406.02537", "TopViewRS"),
        PaperDraft(title="Top-view spatial reasoning, the journal version",
                   doi="10.18653/v1/2024.emnlp-main.100"),
    ])
    journal = lib.resolve("doi:10.18653/v1/2024.emnlp-main.100")
    with open_client(lib) as client:
        assert enrich(lib, client=client).enriched == 1
    assert lib.resolve("doi:10.18653/v1/2024.emnlp-main.100") == journal
    paper = lib.paper(lib.resolve("2406.02537"))
    assert paper.doi is None and paper.published and paper.pid != journal
