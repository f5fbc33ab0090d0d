"""The library's files: its folder, its manifest (HEAD.json) and its immutable data files.

No tinydb here (readlist.store alone imports it): this layer reads, checks and writes
bytes, and turns damage into a CorruptLibrary naming the newest good backup.

Layout of `<home>/library/`::

    HEAD.json                    the current manifest; replacing it atomically is the commit
    manifests/<generation>.json  the last kept manifests (see readlist.backups)
    backups/<generation>/        independent snapshots (see readlist.backups)
    data/<component>.<gen>.json  immutable TinyDB files (orjson-encoded)
    data/search-NNNN.<gen>.txt   the full-text index of one shard (derived)
    lock                         the inter-process write lock
"""

from __future__ import annotations

import os
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from readlist import backups
from readlist.backups import FORMAT, Backup
from readlist.errors import LibraryError
from readlist.gcpause import gc_paused
from readlist.storage import LibraryLock, atomic_write_bytes
from readlist.store_layout import SCHEMA_VERSION

Doc = dict[str, Any]


class CorruptLibrary(LibraryError):
    """A library file is missing, truncated or not valid; names the newest good backup."""


def loads(data: bytes) -> Any:
    """orjson.loads with the cyclic GC paused (see readlist.gcpause)."""
    with gc_paused():
        return orjson.loads(data)


def now() -> str:
    """The current UTC time as a manifest's `committed_at`."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class StoreFiles:
    """One library folder's manifest and files; the base of readlist.store.Store."""

    def __init__(self, root: Path, *, lock_timeout: float = 15.0, durable: bool = True) -> None:
        self.root = root
        self.data_dir = root / "data"
        self.manifest_dir = root / "manifests"
        self.backup_dir = root / "backups"
        self.head_path = root / "HEAD.json"
        self.durable = durable
        self.lock = LibraryLock(root / "lock", timeout=lock_timeout)
        self._head: Doc | None = None

    # -- manifest ---------------------------------------------------------------------------

    @property
    def head(self) -> Doc:
        if self._head is None:
            self._head = self._read_head()
        return self._head

    @property
    def generation(self) -> int:
        return int(self.head.get("generation", 0))

    def _read_head(self) -> Doc:
        try:
            raw = self.head_path.read_bytes()
        except FileNotFoundError:
            if any(self.manifest_dir.glob("*.json")) if self.manifest_dir.is_dir() else False:
                raise self._corrupt(f"{self.head_path} is missing") from None
            return {"format": FORMAT, "schema": SCHEMA_VERSION, "generation": 0,
                    "next_pid": 1, "next_did": 1, "files": {}}
        except OSError as exc:
            raise LibraryError(f"cannot read {self.head_path}: {exc.strerror}") from None
        try:
            head = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise self._corrupt(f"{self.head_path} is not valid JSON") from None
        if not isinstance(head, dict) or head.get("format") != FORMAT:
            raise self._corrupt(f"{self.head_path} is not a readlist manifest")
        schema = head.get("schema", 0)
        if not isinstance(schema, int) or schema > SCHEMA_VERSION:
            raise LibraryError(
                f"{self.root} was written by a newer readlist (schema {schema}); "
                f"this one reads schema {SCHEMA_VERSION}: upgrade readlist"
            )
        return head

    def head_signature(self) -> tuple[int, int, int] | None:
        """A cheap fingerprint of HEAD.json; changes whenever any process commits."""
        try:
            st = os.stat(self.head_path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _forget(self) -> None:
        """Drop everything read from disk (subclasses drop their caches too)."""
        self._head = None

    # -- data files ---------------------------------------------------------------------------

    def _read_file(self, component: str) -> tuple[str, bytes] | None:
        entry = self.head.get("files", {}).get(component)
        if entry is None:
            return None
        name = entry["name"]
        path = self.data_dir / name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise self._corrupt(f"library file {path} is missing") from None
        except OSError as exc:
            raise LibraryError(f"cannot read {path}: {exc.strerror}") from None
        if len(data) != entry.get("size", len(data)):
            raise self._corrupt(
                f"library file {path} is truncated or damaged "
                f"({len(data)} bytes, expected {entry['size']})"
            )
        return name, data

    def _decode(self, name: str, data: bytes) -> Any:
        try:
            value = loads(data)
        except orjson.JSONDecodeError:
            raise self._corrupt(f"library file {self.data_dir / name} is not valid JSON") from None
        if not isinstance(value, dict):
            raise self._corrupt(f"library file {self.data_dir / name} is not a TinyDB document")
        return value

    def _file_name(self, component: str) -> str:
        """The file the current manifest names for `component` ("" when it has none)."""
        return str(self.head.get("files", {}).get(component, {}).get("name", ""))

    def _write(self, component: str, generation: int, payload: bytes, files: dict[str, Doc]) -> str:
        suffix = "txt" if component.startswith("search-") else "json"
        name = f"{component}.{generation}.{suffix}"
        atomic_write_bytes(self.data_dir / name, payload, durable=self.durable)
        files[component] = {"name": name, "size": len(payload), "crc32": zlib.crc32(payload)}
        return name

    def _publish(self, manifest: Doc) -> None:
        """Keep `manifest` under manifests/, then make it HEAD.json: the commit point."""
        data = orjson.dumps(manifest, option=orjson.OPT_INDENT_2)
        atomic_write_bytes(
            self.manifest_dir / f"{manifest['generation']:010d}.json", data, durable=self.durable
        )
        atomic_write_bytes(self.head_path, data, durable=self.durable)

    # -- integrity and backups (file-level work lives in readlist.backups) -----------------

    def _corrupt(self, problem: str) -> CorruptLibrary:
        backup = backups.newest_good(self)
        if backup is None:
            hint = "no good backup was found"
        else:
            hint = f"newest good backup: {backup.describe()}; run `readlist doctor --repair`"
        return CorruptLibrary(f"{problem}; {hint}")

    def backups(self) -> list[Backup]:
        return backups.all_backups(self)

    def snapshots(self) -> list[Path]:
        return backups.snapshots(self)

    def verify_current(self) -> str | None:
        """None when the current generation is intact, else what is wrong (HEAD included)."""
        try:
            head = self._read_head()
        except LibraryError as exc:
            return exc.message.split("; newest good backup")[0].split("; no good backup")[0]
        return backups.verify(Backup(head, self.data_dir, "generation"))

    def newest_good_backup(self) -> Backup | None:
        return backups.newest_good(self)

    def restore(self, backup: Backup) -> int:
        """Make a verified backup current again, as a new generation; returns its number."""
        with self.lock.held():
            backups.copy_back(self, backup)
            generation = max([0, *(b.generation for b in self.backups())]) + 1
            restored = {**backup.manifest, "generation": generation, "committed_at": now()}
            self._publish(restored)
            self._forget()
            self._head = restored
            return generation
