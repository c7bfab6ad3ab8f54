"""Pagination whose deep pages stay as fast as the first (a "deferred join"), and whose
pages' trial ids can be cached until the catalogue changes.

``OFFSET 9975`` over full rows makes the database fetch and skip 9,975 wide rows. Deep
pages instead pick their ids in a subquery, which walks the sort index alone (an
index-only scan), and only those rows are then read: one statement either way.

With ``catalogue_version`` set, the ids of a page are kept in the cache under the query
that picks them and that version: a repeated search or filter (ranking a quarter of the
catalogue costs tens of milliseconds) then reads just its 25 rows by primary key.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator

PAGE_CACHE_SECONDS = 600


class DeferredJoinPaginator(Paginator):
    deferred_from = 500  # offsets below this are cheap enough as they are
    catalogue_version: str | None = None

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < self.deferred_from and self.catalogue_version is None:
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        if self.catalogue_version is not None:
            ids = self._cached(ids)
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)

    def _cached(self, ids) -> list[int]:
        try:
            sql, params = ids.query.sql_with_params()
        except EmptyResultSet:  # nothing can match (an empty page, an impossible filter)
            return []
        text = f"{self.catalogue_version}|{ids.db}|{sql}|{params!r}"
        key = "page-ids:" + hashlib.sha256(text.encode()).hexdigest()
        return cache.get_or_set(key, lambda: [row["pk"] for row in ids], PAGE_CACHE_SECONDS)
