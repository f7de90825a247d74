"""Counting the submission list without reading every row.

A plain COUNT(*) reads the whole table, and the admin asks for one on every page. On PostgreSQL the
unfiltered list uses the planner's row estimate; a filtered list counts at most ``CAP`` rows. Either
way the page says "about" or "more than" rather than pretending to be exact.

The capped count is of the filtered ids alone: no ordering, no joins for the list's columns and no
per-row file count. Which ``CAP + 1`` rows are counted does not change the answer, and without the
list's order PostgreSQL counts from the filter's own index (an index-only scan on ``role``, say)
instead of walking the newest-first index and reading each row to test it.
"""

from typing import Any

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

from evidence.triage.figures import row_estimate

CAP = 10_000


class CappedCountPaginator(Paginator[Any]):
    object_list: QuerySet[Any]  # the admin's list pages only ever paginate a queryset
    count_prefix = ""  # "about" or "more than" when the count is not exact

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor == "postgresql" and not queryset.query.where:
            estimate = row_estimate(queryset)
            if estimate > CAP:
                self.count_prefix = "about"
                return estimate
        count = queryset.order_by().values("pk")[: CAP + 1].count()
        if count > CAP:
            self.count_prefix = "more than"
            return CAP
        return count
