"""Triage commands: TARGETs or --where, counts of what changed, nothing changed on errors."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from readlist.paths import Home
from readlist.service import Library
from tests.cli.conftest import Cli, generation


def state(home: Home, key: str) -> dict[str, object]:
    library = Library(home)
    user = library.paper(library.resolve(key)).user
    return {"state": user.state.value, "priority": user.priority.value, "rating": user.rating,
            "tags": user.tags, "notes": user.notes}


def test_mark_counts_papers_already_in_that_state(cli: Cli, sample: Library, home: Home) -> None:
    assert cli("mark", "read", "2401.00001").stdout == "marked 1 paper read\n"
    run = cli("mark", "READ", "2401.00001", "2402.00003", "arXiv:2402.00003v1")
    assert run.exit_code == 0
    assert run.stdout == "marked 1 paper read (1 already was)\n"
    assert state(home, "2402.00003")["state"] == "read"


def test_mark_where(cli: Cli, sample: Library, home: Home) -> None:
    run = cli("mark", "skipped", "--where", "digest:daily")
    assert run.stdout == "marked 2 papers skipped\n"
    assert state(home, "2401.00002")["state"] == "skipped"
    assert cli("mark", "read", "-w", "title:nothing-matches").stdout == (
        "no papers match 'title:nothing-matches': nothing changed\n")


def test_rate_by_emoji_name_number_and_none(cli: Cli, sample: Library, home: Home) -> None:
    assert cli("rate", "🔵", "2402.00003").stdout == "rated 1 paper 🔵 objective\n"
    assert cli("rate", "later", "2402.00003").stdout == "rated 1 paper 🟡 later\n"
    assert cli("rate", "4", "2402.00003").stdout == "rated 1 paper 🟣 related\n"
    assert state(home, "2402.00003")["rating"] == "🟣"
    assert cli("rate", "none", "2402.00003").stdout == "cleared the rating of 1 paper\n"
    assert cli("rate", "0", "2402.00003", "2401.00001").stdout == (
        "cleared the rating of 1 paper (1 already had none)\n")  # 2401.00001: the digest's 🔴
    assert state(home, "2401.00001")["rating"] is None


def test_priority_tag_untag(cli: Cli, sample: Library, home: Home) -> None:
    assert cli("priority", "High", "2402.00003").stdout == "set priority high on 1 paper\n"
    assert cli("tag", "#todo", "2402.00003", "2401.00002").stdout == "tagged 2 papers #todo\n"
    assert cli("tag", "todo", "--where", "tag:todo").stdout == "tagged 0 papers #todo (2 already had it)\n"
    assert cli("untag", "todo", "2402.00003", "2401.00001").stdout == (
        "untagged 1 paper #todo (1 did not have it)\n")
    assert state(home, "2402.00003") == {"state": "unread", "priority": "high", "rating": None,
                                         "tags": [], "notes": ""}
    assert state(home, "2401.00002")["tags"] == ["todo"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("mark", "read", "2401.00001", "nope"), 1, "readlist: no paper 'nope' in the library"),
        (("mark", "read", "2401.00001", "--where", "is:read"), 2, "not both"),
        (("mark", "read"), 2, "give at least one TARGET or --where QUERY"),
        (("rate", "bogus", "2401.00001"), 2, "unknown rating 'bogus'; the legend has: 🔴 personal"),
        (("rate", "blue", "--where", "is:nope"), 2, "invalid query: is:nope"),
        (("tag", "two words", "2401.00001"), 2, "invalid tag 'two words'"),
        (("untag", "x", "2401.00001", "2401"), 2, "'2401' is ambiguous"),
        (("rm", "2401.00001", "nope", "--yes"), 1, "no paper 'nope'"),
        (("rm",), 2, "give at least one TARGET or --where QUERY"),
        (("note", "nope", "text"), 1, "no paper 'nope'"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    cli: Cli, sample: Library, home: Home, args: tuple[str, ...], code: int, message: str
) -> None:
    before = generation(home)
    run = cli(*args)
    assert run.exit_code == code
    assert message in run.error_line()
    assert generation(home) == before


@pytest.mark.parametrize(("args", "name"), [(("mark", "finished", "2401.00001"), "STATE"),
                                            (("priority", "urgent", "2401.00001"), "LEVEL")])
def test_invalid_choice_is_a_usage_error_listing_choices(
    cli: Cli, sample: Library, home: Home, args: tuple[str, ...], name: str
) -> None:
    before = generation(home)
    run = cli(*args)
    assert run.exit_code == 2
    assert f"Invalid value for '{name}'" in run.stderr and "is not one of" in run.stderr
    assert generation(home) == before


def test_note_text_stdin_and_clear(cli: Cli, sample: Library, home: Home) -> None:
    assert cli("note", "2402.00003", "read §3 [again]").stdout == "saved the note on 2402.00003\n"
    assert state(home, "2402.00003")["notes"] == "read §3 [again]\n"
    assert cli("note", "2402.00003", "-", input="from stdin\n").exit_code == 0
    assert state(home, "2402.00003")["notes"] == "from stdin\n"
    before = generation(home)
    assert cli("note", "2402.00003", "from stdin").stdout == "note on 2402.00003 unchanged\n"
    assert generation(home) == before
    assert cli("note", "2402.00003", "").stdout == "cleared the note on 2402.00003\n"
    assert state(home, "2402.00003")["notes"] == ""


def _editor(tmp_path: Path, body: str) -> str:
    """An $EDITOR that runs `body` with `path` (the file to edit) defined."""
    script = tmp_path / "editor.py"
    script.write_text(f"import pathlib, sys\npath = pathlib.Path(sys.argv[1])\n{body}\n",
                      encoding="utf-8")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def test_note_in_editor_gets_the_current_note(
    cli: Cli, sample: Library, home: Home, tmp_path: Path
) -> None:
    cli("note", "2402.00003", "first")
    editor = _editor(tmp_path, "assert path.suffix == '.md'\n"
                               "path.write_text(path.read_text() + 'second\\n')")
    run = cli("note", "2402.00003", env={"EDITOR": editor})
    assert run.exit_code == 0, run.stderr
    assert state(home, "2402.00003")["notes"] == "first\nsecond\n"


@pytest.mark.parametrize("body", ["pass", "path.write_text('   \\n')"])
def test_note_editor_unchanged_or_emptied_changes_nothing(
    cli: Cli, sample: Library, home: Home, tmp_path: Path, body: str
) -> None:
    cli("note", "2402.00003", "keep me")
    before = generation(home)
    run = cli("note", "2402.00003", env={"VISUAL": _editor(tmp_path, body)})
    assert run.stdout == "note on 2402.00003 unchanged\n"
    assert generation(home) == before and state(home, "2402.00003")["notes"] == "keep me\n"


def test_note_editor_failure_is_one_line(cli: Cli, sample: Library, home: Home, tmp_path: Path) -> None:
    before = generation(home)
    run = cli("note", "2402.00003", env={"EDITOR": _editor(tmp_path, "sys.exit(3)")})
    assert run.exit_code == 1
    assert "exited with status 3; nothing changed" in run.error_line()
    run = cli("note", "2402.00003", env={"EDITOR": "/nonexistent/editor"})
    assert run.exit_code == 1 and "cannot run editor" in run.error_line()
    assert generation(home) == before


def test_rm_refuses_without_yes_when_nobody_can_answer(cli: Cli, sample: Library, home: Home) -> None:
    before = generation(home)
    run = cli("rm", "2401.00001", "2402.00003")
    assert run.exit_code == 2
    assert run.error_line() == ("readlist: not removing 2 papers without confirmation: stdin is "
                                "not a terminal (pass --yes)")
    assert generation(home) == before


def test_rm_with_yes(cli: Cli, sample: Library, home: Home) -> None:
    assert cli("rm", "--where", "digest:daily", "--yes").stdout == "removed 2 papers\n"
    assert sorted(p.key for p in Library(home).query()) == ["2401.00001", "openreview:abcXYZ"]


@pytest.mark.parametrize(("answer", "removed"), [("y\n", True), ("n\n", False), ("\n", False)])
def test_rm_asks_on_a_terminal(
    cli: Cli, sample: Library, home: Home, monkeypatch: pytest.MonkeyPatch, answer: str,
    removed: bool,
) -> None:
    monkeypatch.setattr("readlist.cli.triage_cmds.stdin_is_interactive", lambda: True)
    run = cli("rm", "2402.00003", input=answer)
    assert "Remove 1 paper? [y/N]" in run.stderr
    assert "2402.00003  Another Paper on Graphs" in run.stderr
    assert run.exit_code == 0
    assert (len(Library(home).query()) == 3) is removed
    # (CliRunner echoes the typed answer to stdout, as a terminal would show it.)
    assert run.stdout.endswith("removed 1 paper\n" if removed else "nothing removed\n")
