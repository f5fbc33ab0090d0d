"""The JSON backup: exact restore into an empty library, merging into a non-empty one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from readlist.models import ReadState
from readlist.service import Library
from readlist.service.export_ops import export_json
from readlist.service.import_report import ParsedSource
from readlist.service.sources import SourceText, parse_source
from tests.export.conftest import Clock, paper, parsed, store_dump


def test_restore_into_an_empty_library_is_exact(
    sample: Library, new_library: Callable[[], Library]
) -> None:
    text = export_json(sample)
    target = new_library()
    [report] = target.apply_parsed([_parse(text)])
    assert (report.found, report.new) == (7, 7)
    assert store_dump(target) == store_dump(sample)
    assert export_json(target) == text


def test_backup_is_versioned_and_stable(sample: Library) -> None:
    text = export_json(sample)
    assert text.startswith('{\n  "format": "readlist-backup",\n  "version": 1,\n  "complete": true,')
    assert export_json(sample) == text
    payload = orjson.loads(text)
    assert {p["record"]["key"] for p in payload["papers"]} >= {"1706.03762", "openreview:HostIle123"}
    assert [d["record"]["name"] for d in payload["digests"]] == ["iclr2024", "hf-2024-10-11"]


def test_importing_twice_changes_nothing(sample: Library, new_library: Callable[[], Library]) -> None:
    text = export_json(sample)
    target = new_library()
    target.import_text(text, source="/b/backup.json")
    before = store_dump(target)
    report = target.import_text(text, source="/b/backup.json")
    assert (report.unchanged, report.new, report.merged) == (7, 0, 0)
    assert store_dump(target) == before


def test_merge_keeps_the_newer_user_state(
    sample: Library, clock: Clock, new_library: Callable[[], Library]
) -> None:
    clock.now = "2024-06-01T00:00:00+00:00"
    other = new_library()
    other.apply_parsed([
        parsed("hf-daily", "my-daily", [
            paper("Attention Is All You Need", "1706.03762", abstract="The abstract."),
            paper("ReLU Strikes Back", openreview_id="osoWxY8q2E"),
            paper("Something Else Entirely", "2402.00001"),
        ]),
    ])
    pids = {p.key: p.pid for p in other.query()}
    other.mark([pids["1706.03762"]], "skipped")  # newer than the backup's "read"
    text = export_json(sample)  # the backup's "reading" for ReLU beats other's untouched state
    report = other.import_text(text, source="/b/backup.json")
    assert (report.found, report.new, report.merged) == (7, 5, 2)
    by_key = {p.key: p for p in other.query(details=True)}
    vaswani = by_key["1706.03762"]
    assert vaswani.user.state == ReadState.SKIPPED and not vaswani.user.notes  # library newer
    assert vaswani.abstract == "The abstract." and vaswani.votes == 42  # fields filled
    assert {p.digest_name for p in vaswani.provenance} == {"my-daily", "hf-2024-10-11"}
    relu = by_key["openreview:osoWxY8q2E"]
    assert relu.user.state == ReadState.READING  # the backup's triage beats no triage
    assert relu.venue == "oral"


def test_merge_takes_the_backups_state_when_it_is_newer(
    sample: Library, clock: Clock, new_library: Callable[[], Library]
) -> None:
    clock.now = "2024-01-01T00:00:00+00:00"
    other = new_library()
    other.apply_parsed([parsed("hf-daily", "old", [paper("Attention Is All You Need", "1706.03762")])])
    other.mark(other.query_pids(""), "skipped")
    other.import_text(export_json(sample), source="/b/backup.json")
    vaswani = other.paper(other.resolve("1706.03762"))
    assert vaswani.user.state == ReadState.READ and vaswani.user.notes == "Read it twice.\n"


def test_digests_match_by_content_hash_and_names_stay_unique(
    sample: Library, new_library: Callable[[], Library]
) -> None:
    text = export_json(sample)
    other = new_library()
    other.apply_parsed([parsed("rss", "iclr2024", [paper("A Different Digest With That Name")])])
    other.import_text(text, source="/b/backup.json")
    names = sorted(d.digest.name for d in other.digests())
    assert names == ["hf-2024-10-11", "iclr2024", "iclr2024-2"]
    # Importing the original digest later finds the restored record (same content hash).
    other.import_text(text, source="/b/backup.json")
    assert len(other.digests()) == 3


def _parse(text: str) -> ParsedSource:

    return parse_source(SourceText("/b/backup.json", "backup", text))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.update(version=2), "version 2, newer than this readlist reads"),
        (lambda p: p.update(version="one"), "unknown version"),
        (lambda p: p["papers"][0]["record"].update(title=5), "papers[0].record.title must be a string"),
        (lambda p: p["papers"][0]["state"].update(state="done"), "papers[0].state.state must be one of"),
        (lambda p: p.update(papers={}), "papers must be a list"),
    ],
)
def test_bad_backups_are_refused_with_one_line(
    sample: Library, new_library: Callable[[], Library], tmp_path: Path,
    change: Callable[[dict[str, object]], None], message: str,
) -> None:
    payload = orjson.loads(export_json(sample))
    payload["papers"] = sorted(payload["papers"], key=lambda p: p["state"] is None)
    change(payload)
    path = tmp_path / "bad.json"
    path.write_bytes(orjson.dumps(payload))
    target = new_library()
    outcome = target.import_sources([str(path)])
    [error] = outcome.errors
    assert message in error.message and "\n" not in error.message
    assert target.query_pids("") == []


def test_truncated_backup_is_refused(sample: Library, new_library: Callable[[], Library],
                                     tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text(export_json(sample)[:500], encoding="utf-8")
    outcome = new_library().import_sources([str(path)])
    [error] = outcome.errors
    assert "invalid JSON" in error.message


def test_dry_run_writes_nothing(sample: Library, new_library: Callable[[], Library]) -> None:
    target = new_library()
    report = target.import_text(export_json(sample), source="/b/backup.json", dry_run=True)
    assert report.new == 7 and target.query_pids("") == []


def test_query_backup_holds_only_its_papers_and_their_digests(sample: Library) -> None:
    payload = orjson.loads(export_json(sample, "is:read"))
    assert payload["complete"] is False
    assert [p["record"]["key"] for p in payload["papers"]] == ["1706.03762"]
    assert [d["record"]["name"] for d in payload["digests"]] == ["hf-2024-10-11"]


def test_short_titles_match_by_key_and_key_clashes_get_a_suffix(
    new_library: Callable[[], Library]
) -> None:
    long = "a long title whose words fill the whole slug of sixty characters or more"
    source = new_library()
    source.apply_parsed([parsed("rss", "short", [paper("GPT"), paper(f"{long} alpha")])])
    text = export_json(source)
    target = new_library()
    target.apply_parsed([parsed("rss", "mine", [paper("gpt!"), paper(f"{long} beta")])])
    slug = target.query()[1].key
    target.import_text(text, source="/b/backup.json")
    target.import_text(text, source="/b/backup.json")
    # "GPT" is too short to match by title, but its key names the same paper: one "gpt".
    # The long titles differ, their slugs do not: the backup's paper gets a new key.
    assert sorted(p.key for p in target.query()) == sorted(["gpt", slug, f"{slug}-2"])
