"""The key index (library key or alias → paper id) as one transaction sees it.

The index is stored in KEY_BUCKETS bucket files (readlist.store_layout); a transaction
loads only the buckets it touches and commits only the ones it changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from readlist.store_layout import KEY_BUCKETS, key_bucket

if TYPE_CHECKING:
    from readlist.store import Store


class KeyMap:
    """The key index seen by a transaction: a dict-like view that loads buckets lazily
    and remembers which ones it changed."""

    def __init__(self, store: Store, *, empty: bool = False) -> None:
        self._store = store
        self._buckets: dict[int, dict[str, int]] = {}
        self.dirty: set[int] = set()
        if empty:
            self._buckets = {n: {} for n in range(KEY_BUCKETS)}
            self.dirty = set(range(KEY_BUCKETS))

    def _bucket(self, key: str) -> dict[str, int]:
        number = key_bucket(key)
        if number not in self._buckets:
            self._buckets[number] = dict(self._store.key_bucket(number))
        return self._buckets[number]

    def get(self, key: str, default: int | None = None) -> int | None:
        return self._bucket(key).get(key, default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._bucket(key)

    def __getitem__(self, key: str) -> int:
        return self._bucket(key)[key]

    def __setitem__(self, key: str, pid: int) -> None:
        bucket = self._bucket(key)
        if bucket.get(key) != pid:
            bucket[key] = pid
            self.dirty.add(key_bucket(key))

    def __delitem__(self, key: str) -> None:
        del self._bucket(key)[key]
        self.dirty.add(key_bucket(key))

    def items(self) -> Iterator[tuple[str, int]]:
        for number in range(KEY_BUCKETS):
            if number not in self._buckets:
                self._buckets[number] = dict(self._store.key_bucket(number))
            yield from self._buckets[number].items()

    def values(self) -> Iterator[int]:
        return (pid for _, pid in self.items())

    def changed_buckets(self) -> dict[int, dict[str, int]]:
        return {n: self._buckets[n] for n in sorted(self.dirty)}
