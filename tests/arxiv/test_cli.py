"""`readlist add / enrich / resolve` end to end: CliRunner, READLIST_ARXIV_API at the loopback."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readlist.cli import app
from readlist.ids import parse_arxiv_id
from readlist.importers.base import PaperDraft
from readlist.paths import Home
from readlist.service import Library
from tests.arxiv.conftest import FakeArxiv, Reply, add_digest

THREE = ["2406.02543", "arXiv:2406.02539v1", "https://arxiv.org/pdf/2406.02537.pdf"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def library(home: Path) -> Library:
    return Library(Home.at(home), durable=False)


def test_add_three_ids_in_exactly_one_request(api_home: Path, arxiv_server: FakeArxiv) -> None:
    code, out, err = run("add", *THREE)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "added     2406.02543  To Believe or Not to Believe Your LLM",
        "added     2406.02539  Parrot: Multilingual Visual Instruction Tuning",
        "added     2406.02537  TopViewRS: Vision-Language Models as Top-View Spatial Reasoners",
    ]
    assert arxiv_server.count == 1
    assert arxiv_server.requests[0][1]["id_list"] == "2406.02543,2406.02539,2406.02537"
    assert arxiv_server.requests[0][2]["User-Agent"].startswith("readlist/")
    lib = library(api_home)
    for key in ("2406.02543", "2406.02539", "2406.02537"):
        paper = lib.paper(lib.resolve(key))
        assert paper.authors and paper.abstract and paper.published and paper.categories


def test_repeated_add_uses_the_cache(api_home: Path, arxiv_server: FakeArxiv) -> None:
    run("add", *THREE)
    code, out, _ = run("add", *THREE, "--tag", "again")
    assert code == 0 and arxiv_server.count == 1
    assert out.splitlines()[0].startswith("unchanged 2406.02543")
    assert library(api_home).paper(library(api_home).resolve("2406.02539")).user.tags == ["again"]


def test_not_an_id_fails_with_one_line(api_home: Path, arxiv_server: FakeArxiv) -> None:
    code, out, err = run("add", "not-an-id")
    assert (code, out) == (1, "")
    assert err == "readlist: not-an-id: not an arXiv id or URL\n"
    assert arxiv_server.count == 0


def test_unknown_id_fails_and_the_others_are_added(api_home: Path, arxiv_server: FakeArxiv) -> None:
    code, out, err = run("add", "2406.99999", "2406.02543")
    assert code == 1
    assert out == "added     2406.02543  To Believe or Not to Believe Your LLM\n"
    assert err.splitlines() == [
        "readlist: 2406.99999: no such paper on arXiv",
        "readlist: 1 paper added or updated, 1 failed",
    ]


def test_error_entry_never_becomes_a_paper(api_home: Path, arxiv_server: FakeArxiv) -> None:
    arxiv_server.mode = "error"
    code, out, err = run("add", "2406.02543")
    assert (code, out) == (1, "")
    assert err == "readlist: 2406.02543: rejected by arXiv: incorrect id format for 2406.02543\n"
    assert library(api_home).query_pids("") == []


def test_empty_feed_means_not_on_arxiv(api_home: Path, arxiv_server: FakeArxiv) -> None:
    arxiv_server.mode = "empty"
    code, _, err = run("add", "2406.02543")
    assert code == 1 and err == "readlist: 2406.02543: no such paper on arXiv\n"


def test_two_503s_then_success(api_home: Path, arxiv_server: FakeArxiv) -> None:
    (api_home / "config.toml").write_text("[arxiv]\ndelay = 0.05\ntimeout = 10\n", encoding="utf-8")
    arxiv_server.script = [Reply(503, "", {"Retry-After": "1"}), Reply(503, "", {"Retry-After": "1"})]
    code, out, err = run("add", "2406.02543")
    assert (code, err) == (0, "")
    assert out.startswith("added     2406.02543")
    times = [t for t, _, _ in arxiv_server.requests]
    assert len(times) == 3 and times[1] - times[0] >= 1.0 and times[2] - times[1] >= 1.0


def test_server_that_never_answers_leaves_the_paper_pending(api_home: Path, arxiv_server: FakeArxiv) -> None:
    arxiv_server.mode = "slow"
    started = time.monotonic()
    code, out, err = run("add", "2406.02543", "--tag", "todo")
    assert time.monotonic() - started < 5  # config timeout = 2 s
    assert code == 1
    assert out == "pending   2406.02543\n"
    assert err == (
        "readlist: arXiv API unavailable: no complete answer from "
        f"{arxiv_server.url.split('/')[2]} within 2 s; recorded 1 paper as pending: "
        "run `readlist enrich` later\n"
    )
    lib = library(api_home)
    paper = lib.paper(lib.resolve("2406.02543"))
    assert paper.pending and paper.key == "2406.02543" and paper.user.tags == ["todo"]
    arxiv_server.mode = "normal"
    code, out, _ = run("enrich")
    assert code == 0 and out.startswith("enriched 1 paper")
    lib.refresh()
    assert not lib.paper(lib.resolve("2406.02543")).pending


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("garbage", "sent something that is not an Atom feed: 'Rate exceeded.'"),
        ("html", "sent an HTML page, not an Atom feed"),
    ],
)
def test_garbage_answers_are_one_line(api_home: Path, arxiv_server: FakeArxiv, mode: str, message: str) -> None:
    arxiv_server.mode = mode
    code, out, err = run("add", "2406.02543")
    assert code == 1 and out == "pending   2406.02543\n"
    assert message in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_truncated_feed_adds_what_arrived(api_home: Path, arxiv_server: FakeArxiv) -> None:
    arxiv_server.mode = "truncated"
    code, out, err = run("add", "2406.02543", "2406.02537")
    assert code == 1
    assert "added     2406.02543" in out and "pending   2406.02537" in out
    assert "truncated feed" in err


def test_enrich_fills_digest_papers(api_home: Path, arxiv_server: FakeArxiv) -> None:
    add_digest(library(api_home), "hf-daily", [
        PaperDraft(title="To Believe or Not to Believe Your LLM", arxiv=parse_arxiv_id("2406.02543")),
    ])
    code, out, _ = run("enrich")
    assert code == 0 and out == "enriched 1 paper (1 request, 0 from cache)\n"
    code, out, _ = run("enrich")
    assert out == "nothing to enrich: every matching paper with an arXiv id has its metadata\n"
    assert arxiv_server.count == 1


def test_enrich_json(api_home: Path, arxiv_server: FakeArxiv) -> None:
    code, out, _ = run("enrich", "--json")
    assert code == 0 and json.loads(out)["todo"] == 0


def test_resolve_lists_unresolved_with_candidates_and_accept(api_home: Path, arxiv_server: FakeArxiv) -> None:
    add_digest(library(api_home), "rss", [
        PaperDraft(title="LayerSkip : Enabling Early Exit Inference and Self-Speculative Decoding"),
        PaperDraft(title="A Multi-Task Benchmark for Korean Legal Langhage Understanding and Judgement Prediction"),
    ])
    code, out, err = run("resolve")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("resolved   layerskip-enabling-early-exit") and "→ 2404.16710" in lines[0]
    assert lines[1].startswith("unresolved a-multi-task-benchmark-for-korean-legal-langhage")
    assert lines[2].strip().startswith(
        "no arXiv paper has exactly this title; best: 2206.05224 (0.")
    assert lines[-2] == "1 resolved, 1 unresolved"
    assert lines[-1] == "accept a candidate with: readlist resolve TARGET --accept ARXIV_ID"
    key = lines[1].split()[1]
    code, out, _ = run("resolve", key, "--accept", "2206.05224")
    assert code == 0 and out.startswith(f"{key} is now 2206.05224")
    code, out, _ = run("resolve")
    assert out == "nothing to resolve: every matching paper has an arXiv id\n"


def test_resolve_accept_needs_one_target(api_home: Path) -> None:
    code, _, err = run("resolve", "a", "b", "--accept", "2206.05224")
    assert code == 2 and err == "readlist: resolve --accept ARXIV_ID takes exactly one TARGET\n"


def test_bad_endpoint_is_a_usage_error(api_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READLIST_ARXIV_API", "file:///etc/passwd")
    code, _, err = run("add", "2406.02543")
    assert code == 2 and "is not an http(s) URL" in err


def test_cli_startup_does_not_import_httpx() -> None:
    code = ("import sys, readlist.cli; "
            "sys.exit('httpx' in sys.modules or 'readlist.arxiv' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
