"""config.toml: the rating legend, default sort, the TUI's theme and keys, the arXiv endpoint.

A missing file means defaults. A broken file is a clear one-line error naming it, never a
traceback and never a silent reset.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readlist.errors import UsageError
from readlist.models import DEFAULT_LEGEND, Legend, Rating

SORT_KEYS = ("added", "date", "title", "votes", "priority", "rating", "state", "author", "digest")
DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"

DEFAULT_CONFIG_TEXT = """\
# readlist configuration. Every key is optional; delete one to get its default back.

# Default sort of `readlist list` and the TUI: added, date, title, votes, priority, rating.
default_sort = "added"

# The rating legend, in order: keys 1-4 in the TUI, `readlist rate NAME`.
[[rating]]
emoji = "🔴"
name = "personal"
meaning = "personal interest"
aliases = ["red"]

[[rating]]
emoji = "🔵"
name = "objective"
meaning = "objective interest"
aliases = ["blue"]

[[rating]]
emoji = "🟡"
name = "later"
meaning = "may like later"
aliases = ["yellow"]

[[rating]]
emoji = "🟣"
name = "related"
meaning = "related to my work"
aliases = ["purple"]

[tui]
# theme = "readlist-dark"

# Remap keys by binding id, e.g.:
# [keys]
# toggle_read = "m"

[arxiv]
# api = "https://export.arxiv.org/api/query"
"""


@dataclass(frozen=True)
class Config:
    """Everything readlist reads from config.toml, with defaults filled in."""

    legend: Legend = field(default_factory=Legend)
    default_sort: str = "added"
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    arxiv_api: str | None = None
    arxiv_delay: float | None = None
    arxiv_timeout: float | None = None
    path: Path | None = None
    raw: dict[str, Any] = field(default_factory=dict)


def _legend_from(raw: Any, path: Path) -> Legend:
    if raw is None:
        return Legend(DEFAULT_LEGEND)
    if not isinstance(raw, list) or not raw:
        raise UsageError(f"{path}: [[rating]] must be a non-empty list of tables")
    ratings: list[Rating] = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("emoji"), str):
            raise UsageError(f"{path}: rating #{i} needs an emoji = \"...\" string")
        emoji = item["emoji"].strip()
        name = str(item.get("name") or emoji)
        meaning = str(item.get("meaning") or name)
        aliases_raw = item.get("aliases", [])
        if not isinstance(aliases_raw, list):
            raise UsageError(f"{path}: rating #{i} aliases must be a list of strings")
        ratings.append(Rating(emoji, name, meaning, tuple(str(a) for a in aliases_raw)))
    if len({r.emoji for r in ratings}) != len(ratings):
        raise UsageError(f"{path}: the rating legend lists the same emoji twice")
    return Legend(tuple(ratings))


def load_config(path: Path) -> Config:
    """Read config.toml at `path` (defaults when it does not exist)."""
    if not path.exists():
        return Config(path=path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from None
    sort = raw.get("default_sort", "added")
    if sort not in SORT_KEYS:
        raise UsageError(f"{path}: default_sort must be one of {', '.join(SORT_KEYS)}")
    tui = raw.get("tui", {}) if isinstance(raw.get("tui"), dict) else {}
    keys = raw.get("keys", {}) if isinstance(raw.get("keys"), dict) else {}
    arxiv = raw.get("arxiv", {}) if isinstance(raw.get("arxiv"), dict) else {}
    delay = arxiv.get("delay")
    timeout = arxiv.get("timeout")
    return Config(
        legend=_legend_from(raw.get("rating"), path),
        default_sort=sort,
        theme=tui.get("theme") if isinstance(tui.get("theme"), str) else None,
        keys={str(k): str(v) for k, v in keys.items()},
        arxiv_api=arxiv.get("api") if isinstance(arxiv.get("api"), str) else None,
        arxiv_delay=float(delay) if isinstance(delay, int | float) else None,
        arxiv_timeout=float(timeout) if isinstance(timeout, int | float) and timeout > 0 else None,
        path=path,
        raw=raw,
    )


def set_config_value(path: Path, section: str | None, key: str, value: str) -> None:
    """Set one string value in config.toml, keeping the user's comments and layout."""
    import tomlkit  # lazy: only the TUI's theme switch writes config

    from readlist.storage import atomic_write_text

    text = path.read_text(encoding="utf-8") if path.exists() else DEFAULT_CONFIG_TEXT
    doc = tomlkit.parse(text)
    if section is None:
        doc[key] = value
    else:
        table = doc.get(section)
        if table is None:
            table = tomlkit.table()
            doc[section] = table
        table[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, tomlkit.dumps(doc))
