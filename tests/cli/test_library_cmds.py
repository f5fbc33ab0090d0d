"""list, show, digests, stats, formats: tables, JSON, and untrusted text kept inert."""

from __future__ import annotations

import json

import pytest

from readlist.importers.base import DigestDraft
from readlist.service import Library
from tests.cli.conftest import EVIL_SHOWN, Cli
from tests.conftest import MakeLibrary, paper_draft

PAPER_KEYS = {
    "key", "title", "arxiv_id", "arxiv_version", "openreview_id", "doi", "url", "pdf_url",
    "links", "authors", "date", "venue", "votes", "state", "priority", "rating", "tags",
    "notes", "triaged", "pending", "added", "updated", "digests",
}


def test_list_shows_every_paper_with_a_count(cli: Cli, sample: Library) -> None:
    run = cli("list")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["Key", "R", "P", "State", "Title", "Author", "Digest", "Date"]
    assert len(lines) == 1 + 4 + 1
    assert lines[-1] == "4 of 4 papers"
    row = next(line for line in lines if line.startswith("2401.00002"))
    assert "Diffusion Models for Everything" in row and "Alice Smith et al." in row
    assert "iclr +1" in row and "2024-01-02" in row


def test_list_query_sort_and_limit(cli: Cli, sample: Library) -> None:
    run = cli("list", "digest:daily", "--sort", "title", "--limit", "1")
    assert run.exit_code == 0
    rows = run.stdout.splitlines()[1:-1]
    assert [r.split()[0] for r in rows] == ["2402.00003"]  # "Another ..." sorts first
    assert run.stdout.splitlines()[-1] == "1 of 2 papers matching 'digest:daily' (4 in the library)"


def test_list_accepts_negated_terms_that_look_like_options(cli: Cli, sample: Library) -> None:
    run = cli("list", "-digest:iclr", "--json")
    assert run.exit_code == 0
    assert [p["key"] for p in json.loads(run.stdout)] == ["2402.00003"]


def test_list_piped_rows_are_one_line_each_whatever_the_width(cli: Cli, sample: Library) -> None:
    wide = cli("list").stdout
    narrow = cli("list", env={"COLUMNS": "20"}).stdout
    assert wide == narrow
    assert all(line == line.rstrip() for line in wide.splitlines())


@pytest.mark.parametrize("columns", ["5", "20", "45", "80", "200"])
def test_list_on_any_terminal_width_fits_and_never_crashes(
    cli: Cli, sample: Library, columns: str
) -> None:
    run = cli("list", env={"TTY_COMPATIBLE": "1", "COLUMNS": columns, "NO_COLOR": "1"})
    assert run.exit_code == 0
    assert "4 papers" in run.stdout.replace("\n", " ") or int(columns) < 15


def test_untrusted_title_prints_literally_in_list_and_show(cli: Cli, sample: Library) -> None:
    for args in (("list",), ("show", "2401.00001")):
        for env in ({}, {"TTY_COMPATIBLE": "1", "COLUMNS": "200"}):
            out = cli(*args, env=env).stdout
            assert EVIL_SHOWN in out, (args, env)
            assert "\x1b[31mRED" not in out  # the raw escape sequence never reaches the terminal
            assert "Mallory [i]M[/i]" in out


def test_show_has_provenance_abstract_and_triage(cli: Cli, sample: Library) -> None:
    sample.tag(sample.resolve_many(["2401.00002"]), ["todo"])
    run = cli("show", "arXiv:2401.00002v1")
    assert run.exit_code == 0
    out = run.stdout
    for text in ("Diffusion Models for Everything", "2401.00002v2", "Alice Smith, Bo Chen, Eva Rossi",
                 "We diffuse.", "Second line [b]bold?[/b].", "Diffusion, summarised.", "#todo",
                 "iclr (post) · Vision › Generative", "daily (arxiv-daily)", "「worth it」",
                 "https://arxiv.org/abs/2401.00002"):
        assert text in out, text


def test_show_says_a_short_review_once_when_it_is_also_the_blurb(
        cli: Cli, make_library: MakeLibrary) -> None:
    review = "A short review, all of it.\nSecond line."
    make_library(DigestDraft("rss", [paper_draft("Reviewed", "2401.00009", blurb=review,
                                                 notes=review)]))
    out = cli("show", "2401.00009").stdout
    assert out.count("Second line.") == 1 and "notes:" not in out


def test_show_escapes_control_characters_in_digest_notes(cli: Cli, sample: Library) -> None:
    out = cli("show", "2401.00001").stdout
    assert "blurb [red]r[/red] \\x1b]0;pwn\\x07" in out
    assert "\x1b" not in out and "\x07" not in out


def test_list_json_is_full_paper_records(cli: Cli, sample: Library) -> None:
    run = cli("list", "--json", "--sort", "title")
    papers = json.loads(run.stdout)
    assert [p["key"] for p in papers] == ["2402.00003", "2401.00002", "2401.00001",
                                          "openreview:abcXYZ"]
    assert all(set(p) == PAPER_KEYS for p in papers)
    diffusion = papers[1]
    assert diffusion["authors"] == ["Alice Smith", "Bo Chen", "Eva Rossi"]  # not just the first
    assert diffusion["digests"] == ["iclr", "daily"] and diffusion["votes"] == 12
    assert papers[2]["title"].startswith("Evil [bold red]x[/] \x1b[31m")  # raw in JSON
    assert "🔴" in run.stdout  # non-ASCII kept, not \u-escaped
    assert run.stdout.startswith("[\n  {\n    \"key\"")  # two-space indent


def test_show_json_adds_details_and_provenance(cli: Cli, sample: Library) -> None:
    doc = json.loads(cli("show", "2401.00002", "--json").stdout)
    assert set(doc) == PAPER_KEYS | {"abstract", "abstract_translated", "summary", "categories",
                                     "provenance"}
    assert doc["abstract"] == "We diffuse.\nSecond line [b]bold?[/b]."
    assert [(p["digest"], p["family"], p["section"], p["position"]) for p in doc["provenance"]] == [
        ("iclr", "post", "Vision", 2), ("daily", "arxiv-daily", None, 1)]
    assert doc["provenance"][0]["comments"] == ["「worth it」"]


@pytest.mark.parametrize("target", ["openreview:abcXYZ", "https://openreview.net/forum?id=abcXYZ",
                                    "abcXYZ", "2402", "https://arxiv.org/pdf/2402.00003v1"])
def test_show_resolves_every_target_form(cli: Cli, sample: Library, target: str) -> None:
    run = cli("show", target, "--json")
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)["key"] in ("openreview:abcXYZ", "2402.00003")


def test_invalid_query_is_one_line_usage_error(cli: Cli, sample: Library) -> None:
    run = cli("list", "is:bogus")
    assert run.exit_code == 2
    assert "invalid query: is:bogus" in run.error_line()


def test_list_rejects_unknown_long_options(cli: Cli, sample: Library) -> None:
    run = cli("list", "--jsno")
    assert run.exit_code == 2
    assert "no such option: --jsno" in run.error_line()


def test_list_bad_sort_and_limit_are_usage_errors(cli: Cli, sample: Library) -> None:
    assert cli("list", "--sort", "size").exit_code == 2
    assert cli("list", "--limit", "-1").exit_code == 2
    assert cli("list", "--limit", "x").exit_code == 2


def test_empty_library_lists_nothing(cli: Cli, library: Library) -> None:
    run = cli("list")
    assert run.exit_code == 0
    assert run.stdout.strip() == "0 of 0 papers"
    assert json.loads(cli("list", "--json").stdout) == []


def test_digests_progress_and_json(cli: Cli, sample: Library) -> None:
    sample.mark(sample.resolve_many(["2402.00003"]), "read")
    run = cli("digests")
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["Name", "Family", "Title", "Date", "Papers", "Read", "Triaged"]
    assert lines[2].split() == ["daily", "arxiv-daily", "Daily", "2024-02-03", "2024-02-03", "2",
                                "1/2", "1"]
    docs = json.loads(cli("digests", "--json").stdout)
    assert [(d["name"], d["family"], d["papers"], d["read"], d["triaged"]) for d in docs] == [
        ("iclr", "post", 3, 0, 0), ("daily", "arxiv-daily", 2, 1, 1)]


def test_stats_counts_in_legend_order(cli: Cli, sample: Library) -> None:
    sample.rate(sample.resolve_many(["2402.00003"]), "blue")
    doc = json.loads(cli("stats", "--json").stdout)
    assert doc["papers"] == 4 and doc["digests"] == 2 and doc["triaged"] == 1
    assert [(r["name"], r["count"]) for r in doc["by_rating"]] == [
        ("personal", 1), ("objective", 1), ("later", 0), ("related", 0)]
    assert doc["unrated"] == 2
    assert doc["by_state"] == {"unread": 4, "reading": 0, "read": 0, "skipped": 0}
    assert doc["families"] == {"post": 1, "arxiv-daily": 1}
    out = cli("stats").stdout
    assert "4 papers in 2 digests: 1 triaged" in out
    assert "🔵  objective  objective interest  1" in out


def test_formats_lists_the_importers(cli: Cli) -> None:
    run = cli("formats")
    assert run.exit_code == 0
    names = [line.split()[0] for line in run.stdout.splitlines()]
    assert names[:2] == ["readlist-json", "readlist"] and "generic" in names
    docs = json.loads(cli("formats", "--json").stdout)
    assert {"name": "rss", "description": docs[2]["description"]} == docs[2]
