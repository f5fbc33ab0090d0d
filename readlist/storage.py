"""Crash-safe file primitives: atomic writes and the inter-process library lock.

Used by the store (and by exports and config writes). A reader either sees the old file or
the new one, never a half-written one; a crash leaves at worst a stray temp file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from readlist.errors import LibraryError


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `path` atomically: temp file in the same folder, fsync, rename, fsync dir."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    os.close(fd)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        _fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str, *, durable: bool = True) -> None:
    """`atomic_write_bytes` for UTF-8 text."""
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)


class LibraryLock:
    """An exclusive inter-process lock (flock on a lock file), re-entrant within a process.

    Writers hold it for the few milliseconds of a commit. Threads of one process share it
    through a re-entrant thread lock, so the TUI's worker threads queue up behind each other.
    """

    def __init__(self, path: Path, timeout: float = 15.0) -> None:
        self.path = path
        self.timeout = timeout
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the duration of the block; LibraryError after `timeout` seconds."""
        if not self._thread_lock.acquire(timeout=self.timeout):
            raise LibraryError(f"the library is busy: timed out waiting for {self.path}")
        try:
            if self._depth == 0:
                self._acquire_file()
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._release_file()
        finally:
            self._thread_lock.release()

    def _acquire_file(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise LibraryError(f"cannot lock {self.path}: {exc.strerror}") from None
            self._wait_blocking(fd)
        self._fd = fd

    def _wait_blocking(self, fd: int) -> None:
        """Wait in the kernel's queue (fairer than polling: a process that commits in a tight
        loop cannot starve the others), bounded by `timeout`.

        The blocking flock runs in a helper thread; if it succeeds only after we gave up,
        the helper releases the lock at once.
        """
        granted = threading.Event()
        state = {"gave_up": False}
        guard = threading.Lock()

        def wait() -> None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:
                return
            with guard:
                if state["gave_up"]:
                    fcntl.flock(fd, fcntl.LOCK_UN)
                    os.close(fd)
                    return
                granted.set()

        threading.Thread(target=wait, name="readlist-lock", daemon=True).start()
        if granted.wait(self.timeout):
            return
        with guard:
            if granted.is_set():
                return
            state["gave_up"] = True
        raise LibraryError(
            f"the library is busy: another readlist process has held {self.path} "
            f"for more than {self.timeout:.0f} s"
        )

    def _release_file(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
