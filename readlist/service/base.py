"""What every part of the service shares: the library's store, config and legend."""

from __future__ import annotations

import threading
from typing import Any

from readlist.config import Config, load_config
from readlist.libindex import IndexTable
from readlist.models import Legend
from readlist.paths import Home, resolve_home
from readlist.store import Store

Doc = dict[str, Any]


class LibraryBase:
    """A readlist library: the store in a home folder, read through the user's config.

    `Library` (readlist.service.library) combines this with listing, summaries, triage and import.
    """

    def __init__(
        self,
        home: Home | None = None,
        *,
        config: Config | None = None,
        durable: bool = True,
    ) -> None:
        self.home = home or resolve_home()
        self.config = config or load_config(self.home.config_file)
        self.store = Store(self.home.library, durable=durable)
        # Derived per-row data, each cached with the objects it was built from (compared by
        # identity, which holds them alive): the TUI's worker threads share this Library.
        self._row_states: tuple[IndexTable, dict[str, Doc], list[Doc]] | None = None
        self._row_notes: tuple[list[Doc], dict[int, str]] | None = None
        self._row_texts: tuple[IndexTable, int, tuple[tuple[str, str], ...], list[bytes]] | None = None
        self._row_texts_lock = threading.Lock()  # built once even when two threads ask

    @property
    def legend(self) -> Legend:
        return self.config.legend

    def refresh(self) -> bool:
        """Reload anything another process committed; True when the library changed."""
        return self.store.refresh()
