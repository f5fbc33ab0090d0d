"""Themes as TOML files: readlist's own (shipped in the wheel) and the user's.

A theme file holds Textual `Theme` fields (name, primary, secondary, accent, foreground,
background, surface, panel, success, warning, error, dark, and a [variables] table). The
built-in ones live in the repository's top-level `themes/`, installed as
`readlist/themes`; the user's in `<config dir>/themes/*.toml`. A broken file is reported
in one line and skipped: the app never fails to start because of a theme.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

DEFAULT_THEME = "readlist-dark"
COLOR_FIELDS = ("primary", "secondary", "accent", "foreground", "background", "surface",
                "panel", "boost", "success", "warning", "error")
KNOWN_FIELDS = frozenset({"name", "dark", "luminosity_spread", "text_alpha", "variables",
                          *COLOR_FIELDS})


class ThemeError(Exception):
    """A theme file that cannot be used (the message names the file and the problem)."""


@dataclass
class LoadedThemes:
    """Themes that loaded, and one message per file that did not."""

    themes: list[Theme] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def builtin_theme_dir() -> Path | None:
    """`readlist/themes` when installed from a wheel; the repository's `themes/` otherwise."""
    try:
        packaged = resources.files("readlist") / "themes"
        if packaged.is_dir():
            return Path(str(packaged))
    except (ModuleNotFoundError, NotADirectoryError):
        pass
    repo = Path(__file__).resolve().parents[2] / "themes"
    return repo if repo.is_dir() else None


def load_theme_file(path: Path) -> Theme:
    """Parse one theme file; ThemeError with a one-line reason when it is unusable."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ThemeError(f"{path}: cannot read ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ThemeError(f"{path}: not valid TOML ({exc})") from None
    return theme_from_dict(raw, path)


def theme_from_dict(raw: dict[str, Any], path: Path) -> Theme:
    unknown = sorted(set(raw) - KNOWN_FIELDS)
    if unknown:
        raise ThemeError(f"{path}: unknown field {unknown[0]!r}")
    name = raw.get("name", path.stem)
    if not isinstance(name, str) or not name.strip():
        raise ThemeError(f"{path}: name must be a non-empty string")
    if not isinstance(raw.get("primary"), str):
        raise ThemeError(f"{path}: primary = \"#rrggbb\" is required")
    colors: dict[str, Any] = {}
    for key in COLOR_FIELDS:
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ThemeError(f"{path}: {key} must be a colour string")
        try:
            Color.parse(value)
        except ColorParseError:
            raise ThemeError(f"{path}: {key} = {value!r} is not a colour") from None
        colors[key] = value
    variables = raw.get("variables", {})
    if not isinstance(variables, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in variables.items()
    ):
        raise ThemeError(f"{path}: [variables] must map names to strings")
    dark = raw.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeError(f"{path}: dark must be true or false")
    extra: dict[str, Any] = colors
    for key in ("luminosity_spread", "text_alpha"):
        if key in raw:
            if not isinstance(raw[key], int | float):
                raise ThemeError(f"{path}: {key} must be a number")
            extra[key] = float(raw[key])
    try:
        theme = Theme(name=name.strip(), dark=dark, variables=dict(variables), **extra)
        theme.to_color_system().generate()
    except Exception as exc:  # Textual's own validation: keep the message, drop the trace
        raise ThemeError(f"{path}: {exc}") from None
    return theme


def load_theme_dir(folder: Path | None) -> LoadedThemes:
    """Every *.toml theme in `folder`, sorted by file name; bad files become problems."""
    loaded = LoadedThemes()
    if folder is None or not folder.is_dir():
        return loaded
    for path in sorted(folder.glob("*.toml")):
        try:
            loaded.themes.append(load_theme_file(path))
        except ThemeError as exc:
            loaded.problems.append(str(exc))
    return loaded


def load_all(user_dir: Path | None) -> LoadedThemes:
    """Built-in themes, then the user's (a user theme may replace a built-in by name)."""
    builtin = load_theme_dir(builtin_theme_dir())
    user = load_theme_dir(user_dir)
    return LoadedThemes(builtin.themes + user.themes, builtin.problems + user.problems)
