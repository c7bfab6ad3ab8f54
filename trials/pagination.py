"""Pagination whose deep pages stay as fast as the first (a "deferred join").

``OFFSET 9975`` over full rows makes the database fetch and skip 9,975 wide rows. Deep
pages instead pick their ids in a subquery, which walks the sort index alone (an
index-only scan), and only those rows are then read: one statement either way.
"""

from django.core.paginator import Paginator


class DeferredJoinPaginator(Paginator):
    deferred_from = 500  # offsets below this are cheap enough as they are

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < self.deferred_from:
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)
