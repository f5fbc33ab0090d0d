"""Backups of the library: kept generations and independent snapshots; verify and restore.

No tinydb here: these work on the immutable files and manifests the store writes.

- Kept generations (``manifests/``) are free: they name files that later generations may
  share, so they protect against mistakes and crashes, not against damaged files.
- Snapshots (``backups/<generation>/``) are verified copies of every file of one
  generation. They are incremental: a file already in the previous snapshot is hard-linked
  from there (never from the live folder, so damage to a live file cannot reach them).
  One is taken at most every SNAPSHOT_INTERVAL seconds, after a commit.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from readlist.storage import atomic_write_bytes

if TYPE_CHECKING:
    from readlist.store_files import StoreFiles

KEEP_GENERATIONS = 12
KEEP_SNAPSHOTS = 8
SNAPSHOT_INTERVAL = 600.0
#: A non-bulk commit snapshots only if at most this much is new since the last snapshot.
SMALL_SNAPSHOT = 8 * 1024 * 1024
FORMAT = "readlist-library"

Doc = dict[str, Any]


class Backup:
    """A restorable generation: its manifest and the folder holding its files."""

    def __init__(self, manifest: Doc, folder: Path, kind: str) -> None:
        self.manifest = manifest
        self.folder = folder
        self.kind = kind

    @property
    def generation(self) -> int:
        return int(self.manifest.get("generation", 0))

    def describe(self) -> str:
        when = self.manifest.get("committed_at", "?")
        return f"{self.kind} {self.generation} ({when})"


def file_ok(path: Path, entry: Doc, *, json_file: bool) -> str | None:
    """None when `path` has the size and checksum the manifest recorded, else why not."""
    try:
        data = path.read_bytes()
    except OSError:
        return f"{path} is missing"
    if len(data) != entry.get("size") or zlib.crc32(data) != entry.get("crc32"):
        return f"{path} is truncated or damaged"
    if json_file:
        try:
            orjson.loads(data)
        except orjson.JSONDecodeError:
            return f"{path} is not valid JSON"
    return None


def verify(backup: Backup) -> str | None:
    """None when every file of `backup` is intact, else the first problem found."""
    for component, entry in backup.manifest.get("files", {}).items():
        problem = file_ok(
            backup.folder / entry["name"], entry, json_file=not component.startswith("search-")
        )
        if problem:
            return problem
    return None


def snapshots(store: StoreFiles) -> list[Path]:
    """Snapshot folders, newest first."""
    try:
        return sorted(
            (p for p in store.backup_dir.iterdir() if p.is_dir() and p.name.isdigit()),
            reverse=True,
        )
    except OSError:
        return []


def all_backups(store: StoreFiles) -> list[Backup]:
    """Every restorable generation, newest first (unverified)."""
    found: list[Backup] = []
    sources = [(p, store.data_dir, "generation") for p in store.manifest_dir.glob("*.json")]
    sources += [(d / "manifest.json", d, "snapshot") for d in snapshots(store)]
    for path, folder, kind in sources:
        try:
            manifest = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            continue
        if isinstance(manifest, dict) and manifest.get("format") == FORMAT:
            found.append(Backup(manifest, folder, kind))
    # Newest first; for one generation, the independent snapshot copy first.
    found.sort(key=lambda b: (b.generation, b.kind == "snapshot"), reverse=True)
    return found


def newest_good(store: StoreFiles) -> Backup | None:
    for backup in all_backups(store):
        if verify(backup) is None:
            return backup
    return None


def take_snapshot(store: StoreFiles, head: Doc) -> Path:
    """Copy the generation `head` names into backups/, verifying each file as it goes."""
    generation = int(head.get("generation", 0))
    target = store.backup_dir / f"{generation:010d}"
    if target.exists():
        return target
    previous = next(iter(snapshots(store)), None)
    tmp = store.backup_dir / f".tmp-{generation}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        for entry in head.get("files", {}).values():
            name = entry["name"]
            if previous is not None and (previous / name).exists():
                os.link(previous / name, tmp / name)
                continue
            data = (store.data_dir / name).read_bytes()
            if len(data) != entry.get("size") or zlib.crc32(data) != entry.get("crc32"):
                raise OSError(f"{store.data_dir / name} is damaged; not snapshotting it")
            # Snapshot copies skip fsync: they are verified (checksums) before any restore,
            # so a copy cut short by a power loss is simply never used.
            atomic_write_bytes(tmp / name, data, durable=False)
        manifest = orjson.dumps(head, option=orjson.OPT_INDENT_2)
        atomic_write_bytes(tmp / "manifest.json", manifest, durable=False)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for old in snapshots(store)[KEEP_SNAPSHOTS:]:
        shutil.rmtree(old, ignore_errors=True)
    return target


def maybe_snapshot(store: StoreFiles, head: Doc, *, bulk: bool = False) -> None:
    """Snapshot after a commit, without ever making a triage action wait on a big copy.

    A commit that changed papers (`bulk`: imports, add, removals) snapshots at once: it
    already wrote those files, copying them costs about as much again. Any other commit
    snapshots only when the newest snapshot is older than SNAPSHOT_INTERVAL and what is
    new since it is small (the user's state shards), so `mark` stays fast at any size.
    """
    existing = snapshots(store)
    if not bulk and existing:
        try:
            age = time.time() - existing[0].stat().st_mtime
        except OSError:
            age = SNAPSHOT_INTERVAL
        if age < SNAPSHOT_INTERVAL or _bytes_to_copy(head, existing[0]) > SMALL_SNAPSHOT:
            return
    with contextlib.suppress(OSError):
        take_snapshot(store, head)


def _bytes_to_copy(head: Doc, previous: Path) -> int:
    return sum(
        int(entry.get("size", 0))
        for entry in head.get("files", {}).values()
        if not (previous / entry["name"]).exists()
    )


def collect_garbage(store: StoreFiles, head: Doc) -> None:
    """Keep the last KEEP_GENERATIONS manifests and every file they name; drop the rest."""
    try:
        manifests = sorted(store.manifest_dir.glob("*.json"))
    except OSError:
        return
    for old in manifests[:-KEEP_GENERATIONS]:
        with contextlib.suppress(OSError):
            old.unlink()
    keep: set[str] = {e["name"] for e in head.get("files", {}).values()}
    for manifest in manifests[-KEEP_GENERATIONS:]:
        try:
            keep.update(e["name"] for e in orjson.loads(manifest.read_bytes())["files"].values())
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
            continue
    with contextlib.suppress(OSError):
        for entry in os.scandir(store.data_dir):
            if entry.name not in keep:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def copy_back(store: StoreFiles, backup: Backup) -> None:
    """Put a snapshot's files back into the live folder where the live copy is not intact."""
    if backup.folder == store.data_dir:
        return
    for entry in backup.manifest.get("files", {}).values():
        live = store.data_dir / entry["name"]
        try:
            intact = zlib.crc32(live.read_bytes()) == entry.get("crc32")
        except OSError:
            intact = False
        if not intact:
            data = (backup.folder / entry["name"]).read_bytes()
            atomic_write_bytes(live, data, durable=store.durable)
