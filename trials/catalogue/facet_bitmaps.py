"""SQLite's facet counts: per-value bitmaps of the trials, read once per catalogue version.

Counting with ``json_each`` parses every matched trial's stored keys on every question (a
common filter at 10,000 trials: 700,000 keys), and SQLite reaches ``facet_keys`` only through
the overflow pages of the long texts stored before it in the row. Here each stored facet
key has the set of trials holding it as one integer (a bit per trial), read from all trials
once per catalogue version (and cache generation, below) and kept in the process; counting
a question's facets is then reading its trial ids and one AND and bit count per key. The
counts are the same as ``json_each``'s (tests/catalogue/test_facet_bitmaps.py).

The facet filters of a question are matched off the same bitmaps (a trial matches a facet
when it holds one of its chosen keys, as PostgreSQL's GIN look-up does): only the other
filters are asked in SQL. Without them that is the published trials, read once per version
through the publication index: a question of facets alone runs no statement at all, where
one EXISTS probe per filter and trial, and the columns stored after the long texts, made
reading its matched ids the dearest part of a cold list page.
"""

import json
import threading
import uuid
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections

from trials.catalogue.facets import KEY_SEPARATOR
from trials.catalogue.filters import Selection
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
    years: dict[str, int]  # start year ("2019") -> the bits of the trials started in it
    # The bits of the trials of a filter set's SQL part (by its statement), for the few most
    # recent: every question of facets alone has the same one, the published trials.
    matched: dict[tuple, int] = field(default_factory=dict, compare=False)

    @cached_property
    def axes(self) -> dict[str, dict[str, int]]:
        """Facet name (and "year") -> value -> the bits of the trials holding it, split
        once per version rather than for every landscape question."""
        axes: dict[str, dict[str, int]] = {"year": self.years}
        for key, bits in self.keys.items():
            name, _, value = key.partition(KEY_SEPARATOR)
            if value:
                axes.setdefault(name, {})[value] = bits
        return axes


REMEMBERED_STATEMENTS = 32


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
        cursor.execute(
            f"SELECT id, facet_keys, substr(start_date, 1, 4) FROM {table} ORDER BY id"  # noqa: S608
        )
        rows = cursor.fetchall()
    positions = {trial_id: position for position, (trial_id, *_rest) in enumerate(rows)}
    holders: dict[str, list[int]] = {}
    started: dict[str, list[int]] = {}
    for position, (_trial_id, keys, year) in enumerate(rows):
        for key in json.loads(keys) if keys else ():
            holders.setdefault(key, []).append(position)
        if year:
            started.setdefault(year, []).append(position)
    size = len(rows)
    masks = {key: _mask(p, size) for key, p in holders.items()}
    years = {year: _mask(p, size) for year, p in started.items()}
    return Bitmaps(version, generation, positions, masks, years)


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


def _rows_mask(built: Bitmaps, trials) -> int | None:
    """The bits of ``trials``; None when one is not in the bitmaps."""
    try:
        statement = trials.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # nothing can match
        return 0
    remembered = built.matched.get(statement)
    if remembered is not None:
        return remembered
    ids = trials.order_by().values_list("pk", flat=True)
    try:
        mask = _mask((built.positions[pk] for pk in ids), len(built.positions))
    except KeyError:
        return None
    if len(built.matched) >= REMEMBERED_STATEMENTS:
        built.matched.pop(next(iter(built.matched)), None)
    built.matched[statement] = mask
    return mask


def selected_trials(selection: Selection, version: str) -> tuple[Bitmaps, int] | None:
    """The bitmaps and the bits of the selected trials; None when a trial of the SQL part
    is not in the bitmaps (written after the version was read)."""
    built = bitmaps(version, selection.db)
    matched = _rows_mask(built, selection.rest)
    if matched is None:
        return None
    for keys in selection.facet_keys:
        any_of = 0
        for key in keys:
            any_of |= built.keys.get(key, 0)
        matched &= any_of
    return built, matched


def count_keys(selection: Selection, version: str) -> dict[str, int] | None:
    """Stored facet key -> how many of the selected trials hold it; None when a trial is
    not in the bitmaps, for the caller to count in SQL."""
    selected = selected_trials(selection, version)
    if selected is None:
        return None
    built, matched = selected
    return {key: n for key, bits in built.keys.items() if (n := (bits & matched).bit_count())}


def count(selection: Selection, version: str) -> int | None:
    """How many trials are selected; None when a trial is not in the bitmaps."""
    selected = selected_trials(selection, version)
    return None if selected is None else selected[1].bit_count()
