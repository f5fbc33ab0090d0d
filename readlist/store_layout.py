"""How a library is laid out in component files: schema version, shards, key buckets.

Papers are grouped in shards of SHARD_SIZE consecutive ids and library keys in KEY_BUCKETS
buckets by key hash (readlist.store_reads describes the files). The store, its readers,
the search files, transactions and `doctor` all place records with these.
"""

from __future__ import annotations

import zlib

#: 1: first layout. 2: the listing index (readlist.libindex) stores `added` as epoch
#: seconds and `sections` as one string; MIGRATIONS[1] rebuilds it.
SCHEMA_VERSION = 2
#: Papers per shard file: small enough that `show` reads little, big enough to keep the
#: number of files low at 100,000 papers (49 shards).
SHARD_SIZE = 2048

#: Buckets of the key index: resolving one TARGET reads one bucket.
KEY_BUCKETS = 16


def shard_of(pid: int) -> int:
    return pid // SHARD_SIZE


def shard_component(kind: str, shard: int) -> str:
    """The component holding `kind` ("papers", "details", "state") of one shard."""
    return f"{kind}-{shard:04d}"


def key_bucket(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) % KEY_BUCKETS
