"""The admin change lists' paginator: no COUNT(*) over a whole big table, and pages read
id-first."""

import hashlib
import json

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django.utils.functional import cached_property

from archive.lib.caching import cached


class EstimatedCountPaginator(Paginator):
    """A paginator for change lists over big tables.

    The total of an unfiltered list is PostgreSQL's estimate of its table's rows
    (`pg_class.reltuples`, kept by ANALYZE and autovacuum) instead of a COUNT(*) that
    reads the whole table. A filtered or searched list is counted when the planner
    expects fewer than `threshold` rows; past that, the total is the planner's estimate
    (so that the published articles, or the matches of a common word, are not all
    counted on each view). A table under `threshold` rows, and SQLite, are always
    counted exactly. `estimated` says when the total is an estimate; any page number is
    then accepted (a page past the real end is empty). Counts of filtered lists are kept
    in the archive's cache until the next save.

    A page of a long list is read in two steps: the ids of its rows (an index-only scan
    when an index matches the order), then those rows with their joins and annotations
    by primary key. OFFSET then skips index entries instead of whole rows, and when no
    index matches, the sort carries narrow rows, not every column of every row joined to
    its relations.
    """

    threshold = 10_000  # rows counted exactly before estimating

    estimated = False

    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        if is_whole_table(query):
            total, self.estimated = self.whole_table_count()
            return total
        try:
            sql, params = query.sql_with_params()
        except EmptyResultSet:  # .none()
            return 0
        key = hashlib.sha256(repr((self.threshold, sql, params)).encode()).hexdigest()
        total, self.estimated = cached(f"admin-count:{key}", self.filtered_count)
        return total

    def whole_table_count(self):
        """(total, estimated) for an unfiltered queryset, in one query on PostgreSQL: the
        table's estimated rows, or when that is under `threshold` rows or missing (-1:
        never analysed), COUNT(*)."""
        connection = self.connection()
        if connection.vendor != "postgresql":
            return self.object_list.count(), False
        table = connection.ops.quote_name(self.object_list.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint "
                f"ELSE (SELECT COUNT(*) FROM {table}) END, reltuples >= %s "
                "FROM pg_class WHERE oid = %s::regclass",
                [self.threshold, self.threshold, table],
            )
            total, estimated = cursor.fetchone()
        return total, estimated

    def filtered_count(self):
        """(total, estimated) for a filtered queryset: the planner's estimate when that
        is `threshold` rows or more, else a count that stops past `threshold` rows (in
        case the estimate is wrong); when it gets there, what it counted, marked as an
        estimate (on SQLite, which estimates nothing, a full count)."""
        queryset = self.object_list.order_by()
        estimate = self.planner_estimate(queryset)
        if estimate is not None and estimate >= self.threshold:
            return estimate, True
        counted = queryset.values("pk")[: self.threshold + 1].count()
        if counted <= self.threshold:
            return counted, False
        if estimate is None:  # SQLite
            return queryset.count(), False
        return counted, True

    def connection(self):
        return connections[self.object_list.db]

    def planner_estimate(self, queryset):
        """PostgreSQL's planner estimate of the queryset's rows, or None."""
        if self.connection().vendor != "postgresql":
            return None
        plan = json.loads(queryset.values("pk").explain(format="json"))
        return int(plan[0]["Plan"]["Plan Rows"])

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            if not self.estimated or int(number) < 1:
                raise
            return int(number)  # past the estimate: there may be more rows

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.estimated and top + self.orphans >= self.count:
            top = self.count
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        small = not self.estimated and self.count < self.threshold
        if small or query is None or query.distinct or not query.order_by:
            return self._get_page(queryset[bottom:top], number, self)
        ids = list(queryset.values_list("pk", flat=True)[bottom:top])
        # The rows by primary key, from `page_rows` when the change list gives it (the
        # same columns, joins and annotations without the filters, which need not run
        # twice).
        source = getattr(queryset, "page_rows", None)
        source = queryset.order_by() if source is None else source
        rows = {row.pk: row for row in source.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def is_whole_table(query):
    """Whether `query` selects every row of its table once: no WHERE, no DISTINCT, no
    GROUP BY, no slicing, no set operation."""
    return not (
        query.where
        or query.distinct
        or query.group_by
        or query.combinator
        or query.low_mark
        or query.high_mark is not None
        or query.extra
    )
