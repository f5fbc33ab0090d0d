"""`readlist export ...` through the command line (CliRunner, the same code as the script)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from readlist.cli import app
from readlist.errors import ReadlistError
from readlist.service import Library, export_ops

runner = CliRunner()


def run(*args: str, home: Path | None = None) -> tuple[int, str, str]:
    env = {"COLUMNS": "100"} | ({"READLIST_HOME": str(home)} if home else {})
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def list_json(home: Path | None = None) -> list[dict[str, object]]:
    code, out, err = run("list", "--json", home=home)
    assert code == 0, err
    rows = orjson.loads(out)
    for row in rows:
        row.pop("added")
    return sorted(rows, key=lambda r: str(r["key"]))


@pytest.mark.parametrize(
    ("command", "render"),
    [
        (["markdown"], export_ops.export_markdown),
        (["json"], export_ops.export_json),
        (["bibtex"], export_ops.export_bibtex),
        (["csl"], export_ops.export_csl),
    ],
)
def test_export_goes_to_stdout_by_default(sample: Library, command: list[str], render: object) -> None:
    code, out, _ = run("export", *command)
    assert code == 0
    assert out == render(sample)  # type: ignore[operator]


def test_markdown_options_reach_the_exporter(sample: Library) -> None:
    code, out, _ = run("export", "markdown", "is:read", "--group-by", "rating", "--title", "Mine",
                       "--with-summaries", "--no-front-matter")
    assert code == 0
    assert out == export_ops.export_markdown(sample, "is:read", group_by="rating", title="Mine",
                                             with_summaries=True, front_matter=False)
    assert out.startswith("# Mine\n") and "## 🔵 objective interest" in out


def test_negated_query_terms_are_not_options(sample: Library) -> None:
    code, out, _ = run("export", "bibtex", "-is:read")
    assert code == 0 and out.count("@misc{") == 6


def test_output_file_is_written_atomically_and_never_overwritten_silently(
    sample: Library, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "list.md"
    code, out, err = run("export", "markdown", "-o", str(target))
    assert code == 2 and "does not exist" in err and not target.parent.exists()  # no mkdir -p
    target.parent.mkdir()
    code, out, _ = run("export", "markdown", "-o", str(target))
    assert code == 0 and out == f"exported to {target}\n"
    assert target.read_text(encoding="utf-8") == export_ops.export_markdown(sample)
    assert [p.name for p in target.parent.iterdir()] == ["list.md"]  # no temp file left
    target.write_text("precious", encoding="utf-8")
    code, out, err = run("export", "markdown", "-o", str(target))
    assert code == 2 and "already exists; use --force" in err and out == ""
    assert target.read_text(encoding="utf-8") == "precious"
    code, _, _ = run("export", "bibtex", "-o", str(target), "--force")
    assert code == 0 and target.read_text(encoding="utf-8").startswith("@misc{")


def test_failed_write_leaves_the_old_file(sample: Library, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out" / "list.md"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", broken_replace)
    code, _, err = run("export", "markdown", "-o", str(target), "--force")
    assert code == 1 and "cannot write" in err and "No space left" in err
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in target.parent.iterdir()] == ["list.md"]


def test_bad_options_are_one_line_errors(sample: Library, tmp_path: Path) -> None:
    code, _, err = run("export", "markdown", "--group-by", "colour")
    assert code == 2 and "unknown grouping 'colour'" in err
    code, _, err = run("export", "json", "rating:nope")
    assert code == 2 and err.startswith("readlist: ") and err.count("\n") == 1
    code, _, err = run("export", "markdown", "-o", str(tmp_path))
    assert code == 2


def test_markdown_round_trip_through_the_command_line(sample: Library, tmp_path: Path) -> None:
    exported = tmp_path / "list.md"
    assert run("export", "markdown", "-o", str(exported))[0] == 0
    other = tmp_path / "other-home"
    code, _, err = run("import", str(exported), home=other)
    assert code == 0, err
    assert list_json(other) == list_json()


def test_json_backup_round_trip_through_the_command_line(sample: Library, tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    assert run("export", "json", "-o", str(backup))[0] == 0
    other = tmp_path / "other-home"
    assert run("import", str(backup), home=other)[0] == 0
    assert run("export", "json", home=other)[1] == backup.read_text(encoding="utf-8")


def test_bibtex_round_trip_through_the_command_line_parses(sample: Library) -> None:
    import bibtexparser

    code, out, _ = run("export", "bibtex")
    library = bibtexparser.parse_string(out)
    assert code == 0 and not library.failed_blocks and len(library.entries) == 7


def test_writing_the_export_of_given_papers(sample: Library, tmp_path: Path) -> None:
    pids = sorted(sample.query_pids(""))[:2]
    target = tmp_path / "two.md"
    assert export_ops.write_markdown_of(sample, [*pids, 10**9], target) == 2  # a gone id skipped
    assert target.read_text(encoding="utf-8").count("- [") == 2
    with pytest.raises(ReadlistError):
        export_ops.write_markdown_of(sample, [10**9], tmp_path / "none.md")
    assert not (tmp_path / "none.md").exists()
