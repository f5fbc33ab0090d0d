"""Where readlist keeps its files. The only module that imports platformdirs.

`READLIST_HOME=DIR` puts everything (library, config, cache) under DIR; every test and
script sets it so that nothing touches the user's real library.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "readlist"


@dataclass(frozen=True)
class Home:
    """The three folders readlist uses."""

    data: Path
    config: Path
    cache: Path

    @property
    def library(self) -> Path:
        return self.data / "library"

    @property
    def config_file(self) -> Path:
        return self.config / "config.toml"

    @property
    def themes(self) -> Path:
        return self.config / "themes"

    @classmethod
    def at(cls, root: Path) -> Home:
        """Everything under one folder (READLIST_HOME, the demo, tests)."""
        root = root.expanduser()
        return cls(data=root, config=root, cache=root / "cache")


def resolve_home(environ: dict[str, str] | None = None) -> Home:
    """READLIST_HOME when set, else the platform's user data/config/cache dirs."""
    env = os.environ if environ is None else environ
    root = env.get("READLIST_HOME")
    if root:
        return Home.at(Path(root))
    return Home(
        data=Path(platformdirs.user_data_dir(APP_NAME)),
        config=Path(platformdirs.user_config_dir(APP_NAME)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME)),
    )
