"""Front matter at the top of a Markdown digest: YAML (`---`, Jekyll, Zenn, Astro) or TOML
(`+++`, Hugo), and the date it gives. Shared by the Markdown families (posts, paper notes,
Daily Papers)."""

from __future__ import annotations

import tomllib
from datetime import date

from readlist.importers.dates import find_date
from readlist.importers.markdown_tools import normalize

#: Keys that date a document: Jekyll/Hugo, Zenn (`published_at`), Astro and other generators.
DATE_KEYS = ("date", "published_at", "published", "pubdate", "created")

_BLOCK_SCALARS = {"|", ">", "|-", ">-", "|+", ">+"}


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    hash_at = value.find(" #")
    return value[:hash_at].rstrip() if hash_at >= 0 else value


def _toml_front_matter(lines: list[str], end: int) -> dict[str, str]:
    """Top-level scalars of Hugo's `+++` TOML front matter (dates as written, ISO)."""
    try:
        data = tomllib.loads("\n".join(lines[1:end]))
    except ValueError:  # TOMLDecodeError, or a value tomllib refuses
        return {}
    return {
        key.casefold(): value.isoformat() if isinstance(value, date) else str(value)
        for key, value in data.items()
        if isinstance(value, str | int | float | date)
    }


def front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Top-level scalar keys of a YAML (`---`) or TOML (`+++`) front matter block, and the
    first line after it.

    Only YAML `key: value` scalars are read (quoted or not, block scalars `>`/`|` too); lists
    and maps are skipped. ({}, 0) when the text has no front matter.
    """
    fence = lines[0].strip() if lines else ""
    if fence not in ("---", "+++"):
        return {}, 0
    closers = (fence, "...") if fence == "---" else (fence,)
    end = next((j for j in range(1, min(len(lines), 1000)) if lines[j].strip() in closers), 0)
    if fence == "+++":
        return (_toml_front_matter(lines, end), end + 1) if end else ({}, 0)
    meta: dict[str, str] = {}
    j = 1
    while j < end:
        line = lines[j].rstrip()
        j += 1
        if not line or line[0] in " \t-#":
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            continue
        value = value.strip()
        if value in _BLOCK_SCALARS:
            block: list[str] = []
            while j < end and (not lines[j].strip() or lines[j][:1] in " \t"):
                block.append(lines[j].strip())
                j += 1
            value = ("\n" if value[0] == "|" else " ").join(b for b in block if b)
        else:
            value = _unquote(value)
        meta[key.strip().casefold()] = value
    if not meta:
        return {}, 0  # a document that merely starts with a horizontal rule
    return meta, end + 1


def front_matter_date(meta: dict[str, str]) -> str | None:
    """The ISO date the front matter gives under any of DATE_KEYS (`published: true` is none)."""
    return next(filter(None, (find_date(meta.get(key, "")) for key in DATE_KEYS)), None)


def blank_front_matter(text: str) -> tuple[str, dict[str, str]]:
    """The text with its front matter blanked (line numbers stay the file's, and its `---`
    lines are not read as a rule and a heading), and its keys."""
    if not text.lstrip("\ufeff").startswith(("---", "+++")):
        return text, {}
    lines = normalize(text).split("\n")
    meta, body = front_matter(lines)
    if body:
        lines[:body] = [""] * body
    return "\n".join(lines), meta
