"""SQLite's facet counts: per-value bitmaps of the trials, read once per catalogue version.

Counting with ``json_each`` parses every matched trial's stored keys on every question (a
common filter at 10,000 trials: 700,000 keys), and SQLite reaches ``facet_keys`` only through
the overflow pages of the long texts stored before it in the row. Here each stored facet
key has the set of trials holding it as one integer (a bit per trial), read from all trials
once per catalogue version (and cache generation, below) and kept in the process; counting
a question's facets is then reading its trial ids and one AND and bit count per key. The
counts are the same as ``json_each``'s (tests/catalogue/test_facet_bitmaps.py).
"""

import json
import threading
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connections

from trials.catalogue.versions import facet_bitmaps_key
from trials.models import Trial

# Writes that leave the catalogue version alone (a condition's area edited: the keys of its
# trials are refreshed, no trial's updated_at moves) are seen when the cache forgets the
# bitmaps' generation: after this long (as the cached counts, counts.FACET_CACHE_SECONDS),
# or when the cache is cleared. Every process sharing the cache then reads them again once.
GENERATION_SECONDS = 600


@dataclass(frozen=True)
class Bitmaps:
    version: str
    generation: str  # the cache's token for this version when they were read
    positions: dict[int, int]  # trial id -> its bit
    keys: dict[str, int]  # stored facet key -> the bits of the trials holding it


def _generation(version: str) -> str:
    key = facet_bitmaps_key(version)
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, GENERATION_SECONDS)  # the first process's wins
        token = cache.get(key) or ""
    return token


_latest: dict[str, Bitmaps] = {}  # per database alias: only the newest version is kept
_building = threading.Lock()


def _mask(positions, size: int) -> int:
    bits = bytearray((size + 7) // 8)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


def _build(version: str, generation: str, using: str) -> Bitmaps:
    table = Trial._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT id, facet_keys FROM {table} ORDER BY id")  # noqa: S608
        rows = cursor.fetchall()
    positions = {trial_id: position for position, (trial_id, _keys) in enumerate(rows)}
    holders: dict[str, list[int]] = {}
    for position, (_trial_id, keys) in enumerate(rows):
        for key in json.loads(keys) if keys else ():
            holders.setdefault(key, []).append(position)
    size = len(rows)
    masks = {key: _mask(p, size) for key, p in holders.items()}
    return Bitmaps(version, generation, positions, masks)


def bitmaps(version: str, using: str) -> Bitmaps:
    """The bitmaps of the catalogue as ``version`` stands (built on first need)."""
    generation = _generation(version)

    def current(built: Bitmaps | None) -> bool:
        return built is not None and (built.version, built.generation) == (version, generation)

    built = _latest.get(using)
    if not current(built):
        with _building:  # threads of one process build them once
            built = _latest.get(using)
            if not current(built):
                built = _latest[using] = _build(version, generation, using)
    return built


def count_keys(trials, version: str) -> dict[str, int] | None:
    """Stored facet key -> how many of ``trials`` hold it; None when a trial is not in the
    bitmaps (written after the version was read), for the caller to count in SQL."""
    built = bitmaps(version, trials.db)
    ids = trials.order_by().values_list("pk", flat=True)
    try:
        matched = _mask((built.positions[pk] for pk in ids), len(built.positions))
    except KeyError:
        return None
    return {key: n for key, bits in built.keys.items() if (n := (bits & matched).bit_count())}
