"""Every use of Django's private API, in one module.

The catalogue relies on a few undocumented parts of the ORM to read a trial's child rows in
one statement (``db/bundle.py``) and to write rows in batches (``db/batch.py``): the
prefetch caches, the per-instance related-object cache, a QuerySet's fetch hooks and
``Model._state``. They are wrapped here, and ``tests/db/test_internals.py`` checks each one
against the installed Django, so an upgrade that changes them fails loudly in one place.
"""

from collections.abc import Callable
from itertools import islice

from django.db import models
from django.db.models import sql
from django.db.models.query import ModelIterable


def cache_related_rows(owner: models.Model, accessor: str, instances: list) -> None:
    """Make ``owner.<accessor>.all()`` answer ``instances`` without a query, as
    ``prefetch_related`` would."""
    queryset = getattr(owner, accessor).all()
    queryset._result_cache = instances
    queryset._prefetch_done = True
    owner.__dict__.setdefault("_prefetched_objects_cache", {})[accessor] = queryset


def cache_related_object(instance: models.Model, name: str, value: models.Model) -> None:
    """Make ``instance.<name>`` (a forward foreign key) answer ``value`` without a query."""
    instance._state.fields_cache[name] = value


def mark_saved(instance: models.Model, using: str) -> None:
    """Tell Django that ``instance`` now exists in database ``using`` (saved in bulk)."""
    instance._state.adding = False
    instance._state.db = using


def database_of(instance: models.Model) -> str | None:
    """The database alias ``instance`` was read from or saved to."""
    return instance._state.db


Loader = Callable[[list], None]


class LoadingQuerySet(models.QuerySet):
    """A QuerySet that hands every batch of model instances it fetches to a loader.

    ``loading(loader)`` returns a clone whose fetched instances (whole result sets and
    ``iterator()`` chunks alike) pass through ``loader`` once, e.g. to fill their related
    caches in one statement. Values and other non-model iterables are left alone.
    """

    _loader: Loader | None = None

    def loading(self, loader: Loader):
        clone = self._chain()
        clone._loader = loader
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._loader = self._loader
        return clone

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._loads():
            self._loader(self._result_cache)

    def _iterator(self, use_chunked_fetch, chunk_size):
        rows = super()._iterator(use_chunked_fetch, chunk_size)
        if not self._loads():
            yield from rows
            return
        while chunk := list(islice(rows, chunk_size or 2000)):
            self._loader(chunk)
            yield from chunk

    def _loads(self) -> bool:
        return self._loader is not None and self._iterable_class is ModelIterable


def prepare_related_fields(instance: models.Model) -> None:
    """As ``bulk_create`` does before inserting: take the keys of related instances that
    were saved after they were assigned."""
    instance._prepare_related_fields_for_save(operation_name="bulk_create")


def insert_sql(model: type[models.Model], fields, objs, using: str) -> tuple[str, list]:
    """The INSERT the ORM would send for ``objs`` (one statement, several rows)."""
    query = sql.InsertQuery(model)
    query.insert_values(fields, objs)
    [(statement, params)] = query.get_compiler(using=using).as_sql()
    return statement, list(params)


def update_sql(queryset: models.QuerySet, values: dict, using: str) -> tuple[str, list]:
    """The UPDATE ``queryset.update(**values)`` would send."""
    query = queryset.query.chain(sql.UpdateQuery)
    query.add_update_values(values)
    return query.get_compiler(using=using).as_sql()


def delete_sql(queryset: models.QuerySet, using: str) -> tuple[str, list]:
    """One DELETE of the queryset's rows: no signals, no cascades."""
    query = queryset.query.clone()
    query.__class__ = sql.DeleteQuery
    return query.get_compiler(using=using).as_sql()


def raw_delete(queryset: models.QuerySet, using: str) -> None:
    """Delete the queryset's rows now, with one statement: no signals, no cascades."""
    queryset._raw_delete(using)


def select_sql(queryset: models.QuerySet, using: str) -> tuple[str, tuple]:
    """The SELECT the queryset would send."""
    return queryset.query.get_compiler(using=using).as_sql()
