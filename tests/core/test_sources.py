"""Reading sources: size limits, binary and empty files, readlist's own backups."""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist.service import Library, sources
from readlist.service.sources import SourceError, SourceText, expand


def test_oversized_digest_is_refused_but_a_backup_of_that_size_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_SOURCE_BYTES", 100)
    digest = tmp_path / "big.md"
    digest.write_text("x" * 200)
    backup = tmp_path / "backup.json"
    backup.write_text('{\n  "format": "readlist-backup",\n  "pad": "' + "x" * 200 + '"\n}')
    [refused] = list(expand(str(digest)))
    assert isinstance(refused, SourceError) and "readlist imports digests up to" in refused.message
    [read] = list(expand(str(backup)))
    assert isinstance(read, SourceText)
    compact = tmp_path / "compact.json"  # as json.dumps writes it, no spaces
    compact.write_text('{"format":"readlist-backup","pad":"' + "x" * 200 + '"}')
    [read] = list(expand(str(compact)))
    assert isinstance(read, SourceText)


def test_stdin_has_the_same_limits_as_files(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sources, "MAX_SOURCE_BYTES", 100)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 200)))
    [refused] = list(expand("-"))
    assert isinstance(refused, SourceError) and "readlist imports digests up to" in refused.message
    backup = b'{"format": "readlist-backup", "pad": "' + b"x" * 200 + b'"}'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(backup)))
    [read] = list(expand("-"))
    assert isinstance(read, SourceText) and read.text == backup.decode()


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"), (b"  \n\n", "is empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
    (b"\xff\xfe\xfa bad", "not UTF-8"),
])
def test_unreadable_files_are_one_line_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "f.md"
    path.write_bytes(content)
    [error] = list(expand(str(path)))
    assert isinstance(error, SourceError) and message in error.message


def test_xml_declared_encoding_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes('<?xml version="1.0" encoding="iso-8859-1"?><rss><t>Café</t></rss>'.encode("latin-1"))
    [text] = list(expand(str(path)))
    assert isinstance(text, SourceText) and "Café" in text.text


def test_a_failed_source_does_not_stop_the_sound_ones(lib: Library, tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("See [Attention](https://arxiv.org/abs/1706.03762) today.\n")
    outcome = lib.import_sources([str(tmp_path / "missing.md"), str(good)])
    assert [e.message for e in outcome.errors] == [f"{tmp_path / 'missing.md'}: no such file"]
    assert lib.query_pids() and outcome.reports[0].new == 1


def test_a_utf16_feed_with_its_byte_order_mark_is_read(tmp_path: Path) -> None:
    text = '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>한국어</title></channel></rss>'
    path = tmp_path / "feed.xml"
    path.write_bytes(text.encode("utf-16"))
    assert sources.decode(path.read_bytes(), "feed.xml") == text


def test_a_digest_without_a_date_takes_the_one_in_its_file_name(lib: Library, tmp_path: Path) -> None:
    # Jekyll keeps a post's date in its file name; the front matter often omits it.
    post = tmp_path / "2024-05-07-iclr2024-picks.md"
    post.write_text("# Picks\n\n- [Attention](https://arxiv.org/abs/1706.03762)\n")
    dated = tmp_path / "2024-13-40-not-a-date.md"  # not a real date: no date at all
    dated.write_text("# Other\n\n- [Residual](https://arxiv.org/abs/1512.03385)\n")
    stated = tmp_path / "2020-01-01-stated.md"
    stated.write_text("---\ntitle: T\ndate: 2024-06-01\n---\n\n- [Adam](https://arxiv.org/abs/1412.6980)\n")
    assert lib.import_sources([str(post), str(dated), str(stated)]).ok
    dates = {s.digest.name: s.digest.date for s in lib.digests()}
    assert dates == {"2024-05-07-iclr2024-picks": "2024-05-07", "2024-13-40-not-a-date": None,
                     "2020-01-01-stated": "2024-06-01"}


def test_a_list_that_only_looks_like_a_family_imports_its_links(lib: Library, tmp_path: Path) -> None:
    # A "# heading" over a bullet of arXiv links looks like paper notes; it is a plain list.
    mine = tmp_path / "mine.md"
    mine.write_text("# My reading list\n\n- [Residual](https://arxiv.org/abs/1512.03385)\n"
                    "- [Adam](https://arxiv.org/abs/1412.6980)\n")
    outcome = lib.import_sources([str(mine)])
    assert outcome.ok and outcome.reports[0].family == "generic"
    assert sorted(p.title for p in lib.papers(lib.query_pids())) == ["Adam", "Residual"]


def test_a_newer_readlist_export_is_refused_not_read_as_links(lib: Library, tmp_path: Path) -> None:
    future = tmp_path / "future.md"
    future.write_text('<!-- readlist-export {"format":"readlist-markdown","version":7} -->\n\n'
                      "- [ ] [Adam](https://arxiv.org/abs/1412.6980)\n")
    [error] = lib.import_sources([str(future)]).errors
    assert "version 7" in error.message and lib.query_pids() == []
