"""Facet counts, facet filters and list pages off an in-memory index of the trials, read once
per catalogue version.

Counting in SQL reads every matched trial's stored keys on every question: SQLite parses them
with ``json_each`` (a common filter at 10,000 trials: 700,000 keys) and reaches
``facet_keys`` only through the overflow pages of the long texts stored before it in the
row; PostgreSQL unnests and groups them (a common word at 100,000 trials: 43,000 matches,
736,000 keys, most of the heap read twice). Here every trial has a position, and every
stored facet key the positions of the trials holding it, read from all trials once per
catalogue version (and cache generation, below) and kept in the process as numpy arrays. A
question's trials are a boolean array over the positions; counting its facets is one
``bincount`` of the keys its trials hold, whatever the number of keys (thousands of
conditions at 100,000 trials). The counts are the same as SQL's
(tests/catalogue/test_facet_bitmaps.py).

The facet filters of a question are matched off the same index (a trial matches a facet when
it holds one of its chosen keys, as PostgreSQL's GIN look-up does): only the other filters
are asked in SQL. Without them that is the published trials, read once per version: a
question of facets alone runs no statement for its counts.

Positions follow the list's default order (last updated first), and the index keeps each
trial's place by enrollment, so a page of trials in either order is picked off the index: no
statement walks a sort index past the trials a rare filter leaves out. A search's ranks come
with its matches (one statement ranks each match once), so its pages by relevance too.
"""

import bisect
import json
import logging
import threading
import uuid
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models.functions import Substr

from trials.catalogue.facets import KEY_SEPARATOR
from trials.catalogue.filters import SORTS, Selection
from trials.catalogue.versions import facet_bitmaps_key
from trials.models import Trial

logger = logging.getLogger(__name__)

# Writes that leave the catalogue version alone (a condition's area edited: the keys of its
# trials are refreshed, no trial's updated_at moves) are seen when the cache forgets the
# index's generation: after this long (as the cached counts, counts.FACET_CACHE_SECONDS),
# or when the cache is cleared. Every process sharing the cache then reads it again once.
GENERATION_SECONDS = 600
# The list's orders the index holds (positions are in SORTS["updated"]). Not by title: the
# database's collation decides that order, and sorting every title once per version costs
# seconds where the title index serves a page in milliseconds.
ORDERS = ("updated", "enrollment")


@dataclass(frozen=True)
class Bitmaps:
    version: str
    generation: str  # the cache's token for this version when they were read
    ids: np.ndarray  # position -> trial id; positions in the list's default order
    ranks: dict[str, np.ndarray]  # other order of the list -> position -> place in it
    key_names: tuple[str, ...]  # key number -> stored facet key, sorted
    holders: np.ndarray  # the positions of each key's holders, key after key
    key_of_holder: np.ndarray  # the key number of each entry of ``holders``
    starts: np.ndarray  # key number -> where its holders begin in ``holders`` (and the end)
    years: dict[str, np.ndarray]  # start year ("2019") -> the positions started in it
    # The selected trials of a filter set's SQL part (by its statement), for the few most
    # recent: every question of facets alone has the same one, the published trials.
    matched: dict[tuple, tuple[np.ndarray, np.ndarray | None]] = field(
        default_factory=dict, compare=False
    )
    axes: dict[str, dict[str, np.ndarray]] = field(default_factory=dict, compare=False)

    @property
    def size(self) -> int:
        return len(self.ids)

    @cached_property
    def key_numbers(self) -> dict[str, int]:
        return {key: number for number, key in enumerate(self.key_names)}

    @cached_property
    def id_order(self) -> tuple[np.ndarray, np.ndarray]:
        """The trial ids sorted, and the position of each: ids to positions by bisection."""
        order = np.argsort(self.ids, kind="stable")
        return self.ids[order], order

    @cached_property
    def trial_keys(self) -> np.ndarray:
        """The key numbers each trial holds, trial after trial (``trial_starts`` says
        where each position's begin)."""
        return self.key_of_holder[self._by_trial]

    @cached_property
    def trial_starts(self) -> np.ndarray:
        return np.searchsorted(self.holders[self._by_trial], np.arange(self.size + 1))

    @cached_property
    def _by_trial(self) -> np.ndarray:
        return np.argsort(self.holders, kind="stable")

    def key_span(self, facet: str) -> tuple[int, int]:
        """The key numbers of a facet's stored keys, first and past the last (the keys are
        sorted, so a facet's are together)."""
        prefix = facet + KEY_SEPARATOR
        first = bisect.bisect_left(self.key_names, prefix)
        end = bisect.bisect_left(self.key_names, prefix + "\U0010ffff", first)
        return first, end

    def holding(self, key: str) -> np.ndarray:
        """The positions of the trials holding ``key`` (none for an unknown key)."""
        number = self.key_numbers.get(key)
        if number is None:
            return self.holders[:0]
        return self.holders[self.starts[number] : self.starts[number + 1]]

    def selecting(self, positions: np.ndarray) -> np.ndarray:
        selected = np.zeros(self.size, dtype=bool)
        selected[positions] = True
        return selected

    def positions_of(self, trial_ids: np.ndarray) -> np.ndarray | None:
        """The positions of these trial ids; None when one is not in the index."""
        sorted_ids, order = self.id_order
        places = np.searchsorted(sorted_ids, trial_ids)
        if places.size and (
            places.max() >= sorted_ids.size or (sorted_ids[places] != trial_ids).any()
        ):
            return None
        return order[places]

    def axis(self, name: str) -> dict[str, np.ndarray]:
        """Value -> its trials (as a selection) of a facet or of "year", for the
        landscape's crosses; split once per version and axis."""
        if name not in self.axes:
            if name == "year":
                groups = self.years
            else:
                first, end = self.key_span(name)
                groups = {
                    key.partition(KEY_SEPARATOR)[2]: self.holding(key)
                    for key in self.key_names[first:end]
                    if not key.endswith(KEY_SEPARATOR)  # an empty value
                }
            self.axes[name] = {value: self.selecting(p) for value, p in groups.items()}
        return self.axes[name]


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


@dataclass(frozen=True)
class _Read:
    """What the index is built from: per position (the list's default order) the trial id
    and enrollment (None unstated); per stored key and per start year, their positions."""

    ids: np.ndarray
    enrollments: list
    keys: dict[str, np.ndarray]
    years: dict[str, np.ndarray]


def _read_rows(using: str) -> _Read:
    """Every trial's row, its stored keys taken apart here."""
    trials = (
        Trial.objects.using(using)
        .annotate(year=Substr("start_date", 1, 4))
        .order_by(*SORTS["updated"])
        .values_list("id", "facet_keys", "year", "enrollment")
    )
    with connections[using].cursor() as cursor:
        cursor.execute(*trials.query.sql_with_params())
        rows = cursor.fetchall()
    holders: dict[str, list[int]] = {}
    started: dict[str, list[int]] = {}
    for position, (_trial_id, keys, year, _enrollment) in enumerate(rows):
        for key in (json.loads(keys) if isinstance(keys, str) else keys) or ():
            holders.setdefault(key, []).append(position)
        if year:
            started.setdefault(year, []).append(position)
    return _Read(
        ids=np.array([row[0] for row in rows], dtype=np.int64),
        enrollments=[row[3] for row in rows],
        keys={key: np.array(p, dtype=np.int32) for key, p in holders.items()},
        years={year: np.array(p, dtype=np.int32) for year, p in started.items()},
    )


def _places_by_enrollment(ids: np.ndarray, enrollments: list, using: str) -> np.ndarray:
    """Each position's place in SORTS["enrollment"] (largest first, then the newest id), with
    missing enrollments where the database sorts NULL: first when it holds NULL largest
    (PostgreSQL), else last (SQLite)."""
    missing = np.inf if connections[using].features.nulls_order_largest else -np.inf
    values = np.array([missing if n is None else n for n in enrollments], dtype=float)
    order = np.lexsort((-ids, -values))
    places = np.empty(len(ids), dtype=np.int32)
    places[order] = np.arange(len(ids), dtype=np.int32)
    return places


def _build(version: str, generation: str, using: str) -> Bitmaps:
    read = _read_rows(using)
    key_names = tuple(sorted(read.keys))
    holders = [read.keys[key] for key in key_names]
    sizes = np.array([len(p) for p in holders], dtype=np.int64)
    built = Bitmaps(
        version=version,
        generation=generation,
        ids=read.ids,
        ranks={
            "enrollment": _places_by_enrollment(read.ids, read.enrollments, using),
        },
        key_names=key_names,
        holders=np.concatenate(holders) if holders else np.zeros(0, dtype=np.int32),
        key_of_holder=np.repeat(np.arange(len(key_names), dtype=np.int32), sizes),
        starts=np.concatenate(([0], np.cumsum(sizes))),
        years=read.years,
    )
    built.trial_keys, built.trial_starts  # noqa: B018 - computed with the rest, not mid-question
    return built


def bitmaps(version: str, using: str) -> Bitmaps:
    """The index of the catalogue as ``version`` stands (built on first need)."""
    generation = _generation(version)

    def current(built: Bitmaps | None) -> bool:
        return built is not None and (built.version, built.generation) == (version, generation)

    built = _latest.get(using)
    if not current(built):
        with _building:  # threads of one process build it once
            built = _latest.get(using)
            if not current(built):
                built = _latest[using] = _build(version, generation, using)
    return built


@contextmanager
def _matches_through_index(connection):
    """PostgreSQL finds a search's matches through the GIN index of ``search_vector``, not in
    a sequential scan. For a word most trials hold ("cells") the planner prefers the scan,
    which tests every row against the query and so decompresses every trial's vector from
    TOAST (at 100,000 trials 430,000 buffers, 790 ms); the index's bitmap reads just the
    heap pages (19,000 buffers, 320 ms, same machine and load). Set for the one statement:
    inside an outer transaction the previous value is put back."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)"
        )
        previous = cursor.fetchone()[0]
        yield
        cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])


@dataclass(frozen=True)
class Selected:
    """The trials of a question off the index: a boolean per position, and the search's
    rank per position where the question is a search (else None)."""

    built: Bitmaps
    trials: np.ndarray
    ranks: np.ndarray | None


def _read_matches(connection, statement, ranked: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """The ids (and ranks) the statement selects. PostgreSQL packs them into one binary
    value each, read straight into arrays: 43,000 rows of a common word, fetched and
    converted row by row, took longer than finding them."""
    sql, params = statement
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            packed_ranks = "string_agg(float8send(matched.rank::float8), '')" if ranked else "NULL"
            cursor.execute(
                f"SELECT string_agg(int8send(matched.pk::int8), ''), {packed_ranks}"  # noqa: S608
                f" FROM ({sql}) matched",
                params,
            )
            packed_ids, packed_ranks = cursor.fetchone()
            ids = np.frombuffer(packed_ids or b"", dtype=">i8").astype(np.int64)
            if not ranked:
                return ids, None
            return ids, np.frombuffer(packed_ranks or b"", dtype=">f8").astype(float)
        cursor.execute(sql, params)
        found = cursor.fetchall()
    ids = np.fromiter((row[0] for row in found), dtype=np.int64, count=len(found))
    if not ranked:
        return ids, None
    return ids, np.fromiter((row[1] for row in found), dtype=float, count=len(found))


def _rows_selected(built: Bitmaps, trials) -> tuple[np.ndarray, np.ndarray | None] | None:
    """The selection of ``trials`` and, for a search, their ranks, in one statement (the
    ranking reads each match once, for the counts and every page); None when a trial is not
    in the index."""
    ranked = "rank" in trials.query.annotations
    try:
        rows = trials.order_by().values("pk", *(["rank"] if ranked else []))
        statement = rows.query.sql_with_params()
    except EmptyResultSet:  # nothing can match
        return np.zeros(built.size, dtype=bool), None
    remembered = built.matched.pop(statement, None)
    if remembered is not None:
        built.matched[statement] = remembered  # the most recently used are kept
        return remembered
    connection = connections[trials.db]
    with _matches_through_index(connection) if ranked else nullcontext():
        ids, found_ranks = _read_matches(connection, statement, ranked)
    positions = built.positions_of(ids)
    if positions is None:
        return None
    selected = built.selecting(positions)
    ranks = None
    if ranked:
        ranks = np.zeros(built.size)
        ranks[positions] = found_ranks
        ranks.flags.writeable = False
    selected.flags.writeable = False  # shared by every question with this statement
    if len(built.matched) >= REMEMBERED_STATEMENTS:
        built.matched.pop(next(iter(built.matched)), None)
    built.matched[statement] = (selected, ranks)
    return selected, ranks


def select(selection: Selection, version: str) -> Selected | None:
    """The selected trials off the index; None when a trial of the SQL part is not in the
    index (written after the version was read)."""
    built = bitmaps(version, selection.db)
    found = _rows_selected(built, selection.rest)
    if found is None:
        return None
    matched, ranks = found
    for keys in selection.facet_keys:
        chosen = np.concatenate([built.holding(key) for key in keys])
        matched = matched & built.selecting(chosen)
    return Selected(built, matched, ranks)


def selected_trials(selection: Selection, version: str) -> tuple[Bitmaps, np.ndarray] | None:
    """The index and the selected trials (a boolean per position); None when a trial of the
    SQL part is not in the index."""
    found = select(selection, version)
    return None if found is None else (found.built, found.trials)


def count_keys(selection: Selection, version: str, names=None) -> dict[str, int] | None:
    """Stored facet key -> how many of the selected trials hold it, for the keys of the
    facets ``names`` (all when None); None when a trial is not in the index, for the caller
    to count in SQL."""
    selected = selected_trials(selection, version)
    if selected is None:
        return None
    built, matched = selected
    spans = [(0, len(built.key_names))] if names is None else map(built.key_span, names)
    numbers = _key_counts(built, matched)
    counted = {}
    for first, end in spans:
        for number in first + np.flatnonzero(numbers[first:end]):
            counted[built.key_names[number]] = int(numbers[number])
    return counted


# A selection of fewer than one trial in this many has its trials' keys read one trial after
# another; a larger one, every trial's keys kept where the trial is selected.
FEW_TRIALS_FACTOR = 8


def _key_counts(built: Bitmaps, matched: np.ndarray) -> np.ndarray:
    """How many of the selected trials hold each key, by key number: one bincount of the
    keys the selected trials hold (about 17 a trial)."""
    chosen = np.flatnonzero(matched)
    if chosen.size * FEW_TRIALS_FACTOR < built.size:
        starts = built.trial_starts[chosen]
        lengths = built.trial_starts[chosen + 1] - starts
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        held = built.trial_keys[offsets + np.arange(lengths.sum())]
    else:
        held = built.trial_keys[np.repeat(matched, np.diff(built.trial_starts))]
    return np.bincount(held, minlength=len(built.key_names))


def count(selection: Selection, version: str) -> int | None:
    """How many trials are selected; None when a trial is not in the index."""
    selected = selected_trials(selection, version)
    return None if selected is None else int(selected[1].sum())


def page_ids(selection: Selection, version: str, order: str, bottom: int, top: int):
    """The ids of the selected trials from ``bottom`` to ``top`` in one of the list's
    ``ORDERS`` or by relevance (rank, then the default order, as ``SORTS`` says); None
    when a trial is not in the index."""
    found = select(selection, version)
    if found is None or (order == "relevance" and found.ranks is None):
        return None
    built = found.built
    chosen = np.flatnonzero(found.trials)
    if order == "relevance":
        chosen = chosen[np.lexsort((chosen, -found.ranks[chosen]))]
    elif order != "updated":
        chosen = chosen[np.argsort(built.ranks[order][chosen], kind="stable")]
    return built.ids[chosen[bottom:top]].tolist()


def page_picker(filterset, version: str, order: str):
    """``DeferredJoinPaginator``'s ``pick_ids`` for a filter set's trials in ``order``; None
    for an order the index does not hold."""
    if order not in (*ORDERS, "relevance"):
        return None
    selection = filterset.selection_without(None)
    return lambda bottom, top: page_ids(selection, version, order, bottom, top)


def warm() -> None:
    """Read the index for each database public pages read (the primary and any replica)
    before a server process takes requests, so that the first question after a start does
    not wait for it (about a second at 100,000 trials). Where the database or the cache
    cannot be reached, the first request that needs the index reads it."""
    from config.database import replica_aliases
    from trials.catalogue.versions import catalogue_version

    try:
        version = catalogue_version()
        for using in ("default", *replica_aliases()):
            bitmaps(version, using)
    except Exception:
        logger.warning("The facet index was not read at start", exc_info=True)
