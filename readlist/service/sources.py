"""Reading import sources: files, folders, stdin and http(s) URLs, then parsing them.

Each source becomes text (or a clear one-line error); parsing picks the importer by content
unless `--format` names one. All of this happens before the library lock is taken.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from readlist.errors import ImportFailed, ReadlistError
from readlist.importers import detect, get_importer
from readlist.importers.base import DigestDraft, ParseError
from readlist.service.import_report import ParsedSource, content_hash

#: Largest digest readlist imports (documented in README): bigger files are refused
#: with a clear message instead of exhausting memory.
MAX_SOURCE_BYTES = 64 * 1024 * 1024
#: readlist's own JSON backups hold whole libraries (~5 KB per paper), so they may be
#: larger: 1 GiB covers 100,000+ papers.
MAX_BACKUP_BYTES = 1024 * 1024 * 1024
#: readlist's own formats (its Markdown export and JSON backup): when one of them cannot
#: be read (a newer version), that is the answer, not a cue to try the generic importer.
_OWN_FORMATS = frozenset({"readlist", "readlist-json"})
#: How much of a big source is read to tell a backup (readlist-json's sniff) from a digest.
_HEAD_BYTES = 4096

_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")


@dataclass
class SourceText:
    """One digest's text and where it came from."""

    source: str
    name: str
    text: str


@dataclass
class SourceError:
    source: str
    message: str


def is_url(spec: str) -> bool:
    return spec.lower().startswith(("http://", "https://"))


def decode(data: bytes, label: str) -> str:
    """Bytes to text: UTF-8 (BOM allowed), UTF-16 with a BOM, or an XML-declared encoding;
    binary is refused."""
    if not data.strip():
        raise ImportFailed(f"{label} is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte order mark
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: judged below like any other bytes
    if b"\x00" in data[:8192]:
        raise ImportFailed(f"{label} is a binary file, not a digest")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _XML_ENCODING.match(data)
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    raise ImportFailed(f"{label} is not UTF-8 text (binary or unknown encoding)")


def _read_limited(handle: BinaryIO, label: str) -> bytes:
    """All of `handle`, up to the limit for what it holds: MAX_SOURCE_BYTES for a digest,
    MAX_BACKUP_BYTES for readlist's own JSON backup (told apart by the importer's sniff).
    Reads at most one byte past the limit, so a huge source never fills memory."""
    data = handle.read(MAX_SOURCE_BYTES + 1)
    if len(data) <= MAX_SOURCE_BYTES:
        return data
    head = data[:_HEAD_BYTES].decode("utf-8", "ignore")
    if get_importer("readlist-json").sniff(head):
        data += handle.read(MAX_BACKUP_BYTES + 1 - len(data))
        if len(data) <= MAX_BACKUP_BYTES:
            return data
    raise ImportFailed(
        f"{label} is larger than {MAX_SOURCE_BYTES // 2**20} MiB; readlist imports digests up "
        f"to {MAX_SOURCE_BYTES // 2**20} MiB (its own JSON backups up to "
        f"{MAX_BACKUP_BYTES // 2**30} GiB)"
    )


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return _read_limited(handle, str(path))
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportFailed(f"{path} is a directory") from None
    except OSError as exc:
        raise ImportFailed(f"{path}: {exc.strerror}") from None


def _url_name(url: str) -> str:
    parts = urlsplit(url)
    segment = [s for s in parts.path.split("/") if s]
    return segment[-1] if segment else (parts.hostname or "url")


def expand(
    spec: str, fetch: Callable[[str], bytes] | None = None
) -> Iterator[SourceText | SourceError]:
    """The texts named by one SOURCE argument (a folder yields each of its files)."""
    if spec == "-":
        try:
            data = _read_limited(sys.stdin.buffer, "stdin")
            yield SourceText("<stdin>", "stdin", decode(data, "stdin"))
        except ReadlistError as exc:
            yield SourceError("<stdin>", exc.message)
        return
    if is_url(spec):
        try:
            if fetch is None:
                from readlist.arxiv import fetch_bytes

                data = fetch_bytes(spec, max_bytes=MAX_SOURCE_BYTES)
            else:
                data = fetch(spec)
            yield SourceText(spec, _url_name(spec), decode(data, spec))
        except ReadlistError as exc:
            yield SourceError(spec, exc.message)
        return
    path = Path(spec).expanduser()
    if path.is_dir():
        files = sorted(
            p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")
        )
        if not files:
            yield SourceError(str(path), f"{path} holds no files to import")
        for file in files:
            yield from expand(str(file), fetch)
        return
    try:
        yield SourceText(str(path.resolve()), path.stem, decode(_read_file(path), str(path)))
    except ReadlistError as exc:
        yield SourceError(str(path), exc.message)


def parse_source(item: SourceText, fmt: str | None = None) -> ParsedSource:
    """Parse one source with the importer `fmt` names, or the one its content calls for."""
    importer = get_importer(fmt) if fmt else detect(item.text)
    try:
        draft: DigestDraft = importer.parse(item.text)
    except ParseError:
        generic = get_importer("generic")
        own = importer.name in _OWN_FORMATS  # readlist's own export: its error stands
        if fmt or own or importer is generic or not generic.sniff(item.text):
            raise
        # It looked like a family (a `# My list` heading over arXiv links looks like paper
        # notes) but is not: its links still import, and the generic importer says so.
        importer, draft = generic, generic.parse(item.text)
    if not draft.papers and not draft.skipped and draft.backup is None:
        raise ImportFailed(f"{item.source}: no papers found ({importer.name} format)")
    return ParsedSource(item.source, item.name, content_hash(item.text), draft)

