"""Facet counts for the list page: for each facet, the options with their trial counts.

A facet counts within every *other* active filter (choosing a status does not hide the
other statuses). The facets are counted together in one statement per distinct filter
set, labels included, and cached until the catalogue changes; options with no trials are
shown only when they are selected, so a visitor can always remove a filter.
"""

import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connections, transaction

from trials.catalogue import facet_bitmaps
from trials.catalogue.facets import FACETS, KEY_SEPARATOR, Facet
from trials.catalogue.filters import Selection, TrialFilter
from trials.catalogue.versions import facet_labels_key, facet_set_key, facets_key, total_key

FACET_CACHE_SECONDS = 600
# Counts cut short by the time limit are kept as long as complete ones: recounting them
# would run into the same limit, so every repeat of a broad question paid the limit again.
# They are counted afresh when the catalogue changes or the entry expires.
PARTIAL_CACHE_SECONDS = FACET_CACHE_SECONDS
# Options listed per facet (the most frequent, plus any selected one): a long tail of
# thousands of conditions would make the page heavy; the search box reaches the rest.
MAX_OPTIONS = 25


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int | None  # None when the facet's counts were omitted
    selected: bool


class Options(list):
    """A facet's options; ``omitted`` when counting them ran past the time limit, and then
    (of the status facet) ``total``, the capped count of the trials."""

    def __init__(self, options=(), *, omitted: bool = False, total: int | None = None):
        super().__init__(options)
        self.omitted = omitted
        self.total = total


CAPPED_TOTAL = "_capped_total"


def facet_counts(
    filterset: TrialFilter, version: str, *, limit: int | None = MAX_OPTIONS
) -> list[tuple[Facet, Options]]:
    """Every facet with its options, most trials first, counted within the other filters
    (as the catalogue ``version`` stands).

    ``limit`` options per facet (plus the selected ones); None keeps them all (the landscape).
    A facet whose counts took longer than ``settings.FACET_TIMEOUT_MS`` lists only its
    selected values, without counts, and its ``options.omitted`` is true.
    """
    filterset.is_valid()
    results = []
    counted = _cached_counts(filterset, version)
    for facet in FACETS:
        if counted[facet.name] is None:
            selected = filterset.form.cleaned_data.get(facet.name) or []
            labels = facet.labels(set(selected)) if selected else {}
            options = [Option(v, labels[v], None, True) for v in selected if v in labels]
            results.append((facet, Options(options, omitted=True, total=counted.get(CAPPED_TOTAL))))
            continue
        counts = {value: entry for value, entry in counted[facet.name].items() if value}
        selected = set(filterset.form.cleaned_data.get(facet.name) or [])
        unlabelled = {v for v, (label, _n) in counts.items() if not label} | (
            selected - set(counts)
        )
        labels = facet.labels(unlabelled) if unlabelled else {}
        options = [
            Option(value, label or labels.get(value, value), n, value in selected)
            for value, (label, n) in counts.items()
        ]
        options += [
            Option(value, labels[value], 0, True)
            for value in selected - set(counts)
            if value in labels
        ]
        options.sort(key=lambda o: (-o.count, o.label.lower()))
        shown = options[:limit]
        shown += [o for o in options[limit:] if o.selected] if limit is not None else []
        results.append((facet, Options(shown)))
    return results


def _counts(filterset: TrialFilter, version: str) -> dict[str, dict[str, tuple[str, int]] | None]:
    """Counts per facet; None for the facets whose statement ran past the time limit.

    A facet is counted over the trials of every filter but its own: the facets of no active
    filter over the trials of every filter, each active one over the trials of the others.
    Each such set of filters is counted for just its facets, and cached on its own.
    """
    data = filterset.form.cleaned_data
    active = [facet for facet in FACETS if data.get(facet.name)]
    shared = [facet for facet in FACETS if not data.get(facet.name)]
    groups = ([(None, shared)] if shared else []) + [(f.name, [f]) for f in active]
    counted: dict = {}
    pending = []
    for without, facets in groups:
        every = cache.get(facet_set_key(version, data, without, _names(facets)))
        if every is None:
            pending.append((without, facets))
        else:
            counted |= {facet.name: every[facet.name] for facet in facets}
    if pending:  # read once per catalogue version, never cut short by the time limit
        facet_bitmaps.bitmaps(version, filterset.queryset.db)
    limit = getattr(settings, "FACET_TIMEOUT_MS", 0)
    deadline = time.monotonic() + limit / 1000 if limit else None
    try:
        with _time_limit(filterset.queryset.db) if pending else nullcontext():
            while pending:
                if deadline and time.monotonic() > deadline:
                    raise FacetTimeout  # no statement starts once the page's time is up
                without, facets = pending[0]
                every = _count_keys(filterset.selection_without(without), version, facets)
                key = facet_set_key(version, data, without, _names(facets))
                cache.set(key, every, FACET_CACHE_SECONDS)
                counted |= {facet.name: every[facet.name] for facet in facets}
                pending = pending[1:]
    except FacetTimeout:
        # One limit for the page, not per statement: what is left is omitted too.
        counted |= {facet.name: None for _without, facets in pending for facet in facets}
    return counted


def _cached_counts(filterset: TrialFilter, version: str) -> dict[str, dict[str, tuple[str, int]]]:
    """Facet counts from the cache while the catalogue is unchanged.

    The key holds the catalogue's version (the latest change of any trial: imports,
    curators' edits and publication all touch ``updated_at``), so a write is seen at once
    by every process that shares the database, whatever the cache backend. A deletion bumps
    the cache's generation counter: seen at once by every process sharing a Redis cache,
    within FACET_CACHE_SECONDS by others (a per-process cache).
    """
    key = facets_key(version, filterset.form.cleaned_data)
    counted = cache.get(key)
    if counted is None:
        counted = _counts(filterset, version)
        complete = all(value is not None for value in counted.values())
        if counted["status"] is None:  # no total from the status counts: count, capped
            counted[CAPPED_TOTAL] = capped_count(filterset.queryset_without(None))
        cache.set(key, counted, FACET_CACHE_SECONDS if complete else PARTIAL_CACHE_SECONDS)
    return counted


class FacetTimeout(Exception):
    pass


@contextmanager
def _time_limit(using: str):
    """Cancel the statements run inside once ``settings.FACET_TIMEOUT_MS`` has passed.

    PostgreSQL: ``SET LOCAL statement_timeout`` in a transaction. Inside an outer transaction
    that is a savepoint, and a setting made in a savepoint that is released lasts until the
    outer transaction ends, so the previous limit is put back. SQLite: a progress handler
    that interrupts the statement once the deadline has passed.
    """
    limit = getattr(settings, "FACET_TIMEOUT_MS", 0)
    if not limit:
        yield
        return
    connection = connections[using]
    if connection.vendor == "postgresql":
        nested = connection.in_atomic_block
        try:
            with transaction.atomic(using=using):
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT current_setting('statement_timeout'),"
                        " set_config('statement_timeout', %s, true)",
                        [str(limit)],
                    )
                    previous = cursor.fetchone()[0]
                yield
                if nested:  # a rolled-back savepoint undoes the setting by itself
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SELECT set_config('statement_timeout', %s, true)", [previous]
                        )
        except OperationalError as error:
            raise FacetTimeout from error
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        deadline = time.monotonic() + limit / 1000
        raw = connection.connection
        raw.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
        try:
            yield
        except OperationalError as error:
            if "interrupted" not in str(error):
                raise
            raise FacetTimeout from error
        finally:
            raw.set_progress_handler(None, 0)
    else:
        yield


def _names(facets: list[Facet]) -> list[str]:
    return [facet.name for facet in facets]


def _count_keys(
    selection: Selection, version: str, facets: list[Facet] = FACETS
) -> dict[str, dict[str, tuple[str, int]]]:
    """Count ``facets`` over one filtered set of trials in one pass over the matched trials'
    stored facet keys, whatever the number of facets."""
    counts: dict[str, dict[str, int]] = {facet.name: {} for facet in facets}
    for stored, count in _stored_key_counts(selection, version, _names(facets)).items():
        name, _, value = stored.partition(KEY_SEPARATOR)
        if name in counts and value:
            counts[name][value] = count
    counts = {facet.name: facet.option_counts(counts[facet.name]) for facet in facets}
    labels = _labels(version, counts)
    return {
        name: {value: (labels[name].get(value) or value, n) for value, n in values.items()}
        for name, values in counts.items()
    }


def _stored_key_counts(selection: Selection, version: str, names=None) -> dict[str, int]:
    """Stored facet key -> how many of the selected trials hold it (of the facets ``names``,
    or all), off the index kept per catalogue version (``facet_bitmaps``); in SQL for a
    trial written since it was read."""
    counted = facet_bitmaps.count_keys(selection, version, names)
    if counted is not None:
        return counted
    connection = connections[selection.db]  # a replica for public pages
    base_sql, params = (
        selection.trials.order_by().values("pk", "facet_keys").query.sql_with_params()
    )
    if connection.vendor == "postgresql":  # unnest in the select list: the cheapest form
        source, key = (
            f"(SELECT unnest(matched.facet_keys) AS k FROM ({base_sql}) matched) keys",
            "k",
        )
    else:
        source, key = f"({base_sql}) matched, json_each(matched.facet_keys) AS item", "item.value"
    statement = f"SELECT {key}, count(*) FROM {source} GROUP BY {key}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return dict(cursor.fetchall())


def _labels(version: str, counts: dict[str, dict[str, int]]) -> dict[str, dict[str, str]]:
    """Labels of the counted values. The labels kept in tables (conditions, vocabulary
    terms) are read in one query per catalogue version, all of them, and cached."""
    key = facet_labels_key(version)
    stored = cache.get(key)
    if stored is None:
        stored = {facet.name: {} for facet in FACETS if facet.label_rows}
        first, *rest = [facet.label_rows(None) for facet in FACETS if facet.label_rows]
        for name, value, text in first.union(*rest, all=True).order_by():
            stored[name][value] = text or value
        cache.set(key, stored, FACET_CACHE_SECONDS)
    return {
        facet.name: stored[facet.name]
        if facet.label_rows
        else facet.labels(set(counts[facet.name]))
        for facet in FACETS
        if facet.name in counts
    }


def total_from_facets(facets: list[tuple[Facet, Options]]) -> int | None:
    """The number of trials the whole filter selects, read off the status facet.

    Every trial has exactly one status, so the status counts (taken within all other filters)
    add up to the total: of the selected statuses, or of all when none is selected. This
    spares the list page a COUNT query. None when the status counts were omitted.
    """
    for facet, options in facets:
        if facet.name == "status":
            if options.omitted:
                return options.total
            selected = [o.count for o in options if o.selected]
            return sum(selected) if selected else sum(o.count for o in options)
    raise LookupError("the status facet is missing")


def cached_total(filterset: TrialFilter, version: str) -> int:
    """The exact number of trials the filters select, counted once per catalogue version
    (the API's ``count``: a repeated question does not count its trials again)."""
    key = total_key(version, filterset.form.cleaned_data)
    return cache.get_or_set(key, lambda: _total(filterset, version), FACET_CACHE_SECONDS)


def _total(filterset: TrialFilter, version: str) -> int:
    selection = filterset.selection_without(None)
    counted = facet_bitmaps.count(selection, version)
    if counted is not None:
        return counted
    return selection.trials.order_by().count()


# Where counting the facets ran out of time, the total is counted only this far (the list
# pages through the first 10,000 trials anyway): counting 40,000 matches of a common word
# reads 40,000 rows, stopping after 10,001 a quarter of them.
COUNT_CAP = 10_000


def capped_count(queryset) -> int:
    """The number of trials, counted up to COUNT_CAP + 1 (shown as "10,000+" beyond)."""
    return queryset.order_by().values("pk")[: COUNT_CAP + 1].count()


def total_label(total: int, *, capped: bool) -> str:
    """The total as a page shows it: "10,000+" for a capped count that reached the cap."""
    return f"{COUNT_CAP:,}+" if capped and total > COUNT_CAP else f"{total:,}"


def total_is_capped(facets: list[tuple[Facet, Options]]) -> bool:
    """Whether ``total_from_facets`` is a capped count (the status counts were omitted)."""
    return any(facet.name == "status" and options.omitted for facet, options in facets)


def omitted_notice(facets) -> str | None:
    names = [facet.label for facet, options in facets if options.omitted]
    if not names:
        return None
    return (
        f"Counting trials took too long, so the counts of {', '.join(names)} are omitted"
        " and the total may be approximate."
    )
