"""readlist import: per-digest reports, failures as lines on stderr, sound sources kept."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from readlist.cli.progress import import_progress
from readlist.paths import Home
from readlist.service import Library
from tests.cli.conftest import EVIL_SHOWN, EVIL_TITLE, Cli, generation, write

pytestmark = pytest.mark.usefixtures("lines_format")

GOOD = """#test-digest Good digest
2401.00001 | First Paper | Ann One, Bob Two
2401.00002 | Second Paper | Cy Three
this line is broken
warning: used the generic importer
"""


def test_import_reports_family_counts_skips_and_warnings(cli: Cli, tmp_path: Path, home: Home) -> None:
    run = cli("import", str(write(tmp_path / "good.md", GOOD)))
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert "good  [test-lines]  Good digest" in out
    assert "2 papers found: 2 new, 0 merged, 0 unchanged, 1 skipped" in out
    assert "skipped (line 4): not 'id | title | authors' — this line is broken" in out
    assert "warning: used the generic importer" in out
    assert run.stderr == ""
    assert [p.key for p in Library(home).query(sort="title")] == ["2401.00001", "2401.00002"]


def test_reimport_changes_nothing(cli: Cli, tmp_path: Path, home: Home) -> None:
    path = str(write(tmp_path / "good.md", GOOD))
    cli("import", path)
    before = generation(home)
    run = cli("import", path)
    assert run.exit_code == 0
    assert "0 new, 0 merged, 2 unchanged" in run.stdout and "already imported" in run.stdout
    assert generation(home) == before


def test_dry_run_writes_nothing(cli: Cli, tmp_path: Path, home: Home) -> None:
    run = cli("import", "--dry-run", str(write(tmp_path / "good.md", GOOD)))
    assert run.exit_code == 0
    assert "2 new" in run.stdout
    assert "dry run: nothing was written to the library" in run.stdout
    assert generation(home) == 0 and Library(home).query() == []


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), ("", "is empty"), (b"\x89PNG\x00\x00binary", "is a binary file"),
     (b"caf\xe9 latin-1", "is not UTF-8 text"), ("just some text\n", "not a digest readlist knows")],
)
def test_bad_source_is_one_line_exit_1_library_unchanged(
    cli: Cli, tmp_path: Path, home: Home, content: str | bytes | None, message: str
) -> None:
    path = tmp_path / "bad.md"
    if content is not None:
        write(path, content)
    run = cli("import", str(path))
    assert run.exit_code == 1
    line = run.error_line()
    assert str(path) in line and message in line
    assert generation(home) == 0


def test_sound_sources_are_imported_when_others_fail(cli: Cli, tmp_path: Path, home: Home) -> None:
    good = write(tmp_path / "good.md", GOOD)
    run = cli("import", str(tmp_path / "missing.md"), str(good))
    assert run.exit_code == 1
    assert "missing.md: no such file" in run.error_line()
    assert "2 new" in run.stdout
    assert len(Library(home).query()) == 2


def test_folder_imports_each_file_with_a_total(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    folder.mkdir()
    write(folder / "a.md", GOOD)
    write(folder / "b.md", "#test-digest B\n2401.00002 | Second Paper | Cy Three\n2403.00009 | New | X\n")
    run = cli("import", str(folder))
    assert run.exit_code == 0
    assert "2 digests: 3 new, 1 merged, 0 unchanged papers" in run.stdout


def test_stdin_source(cli: Cli, home: Home) -> None:
    run = cli("import", "-", input=GOOD)
    assert run.exit_code == 0, run.stderr
    assert "stdin  [test-lines]" in run.stdout and "from <stdin>" in run.stdout
    assert len(Library(home).query()) == 2


def test_unknown_format_lists_known_ones_and_reads_nothing(cli: Cli, tmp_path: Path, home: Home) -> None:
    run = cli("import", "--format", "nope", str(write(tmp_path / "good.md", GOOD)))
    assert run.exit_code == 2
    assert run.error_line() == "readlist: unknown format 'nope'; known formats: test-lines"
    assert generation(home) == 0


def test_json_has_reports_and_errors(cli: Cli, tmp_path: Path) -> None:
    good = write(tmp_path / "good.md", GOOD)
    run = cli("import", "--json", str(good), str(tmp_path / "missing.md"))
    assert run.exit_code == 1
    doc = json.loads(run.stdout)
    assert doc["dry_run"] is False
    [report] = doc["reports"]
    assert (report["family"], report["digest"], report["new"], report["found"]) == (
        "test-lines", "good", 2, 2)
    assert report["skipped"] == [{"reason": "not 'id | title | authors'", "line": 4,
                                  "text": "this line is broken"}]
    [error] = doc["errors"]
    assert error["source"].endswith("missing.md") and "no such file" in error["message"]


def test_untrusted_text_in_reports_is_inert(cli: Cli, tmp_path: Path) -> None:
    text = f"#test-digest {EVIL_TITLE}\n2401.00001 | {EVIL_TITLE} | M\n\x1b[2J junk line\n"
    run = cli("import", str(write(tmp_path / "evil.md", text)))
    assert run.exit_code == 0
    assert EVIL_SHOWN in run.stdout and "\\x1b[2J junk line" in run.stdout
    assert "\x1b" not in run.stdout


def test_progress_shows_for_several_sources_and_goes_away() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=60)
    with import_progress(console) as tick:
        tick("/d/one.md")
        tick("/d/two\x1b[31m.md")
    output = buffer.getvalue()
    assert "importing" in output and "\\x1b[31m" in output  # source names shown safely
    assert "\x1b[31m.md" not in output


def test_progress_stays_silent_in_a_pipe() -> None:
    buffer = io.StringIO()
    with import_progress(Console(file=buffer, width=60)) as tick:
        tick("/d/one.md")
        tick("/d/two.md")
    assert buffer.getvalue() == ""
