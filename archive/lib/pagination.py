"""Pagination for big tables: cached totals, deep pages read id-first, and keyset pages
for the next/previous links."""

import hashlib
import re

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import F, OrderBy, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from .caching import cached

CURSOR = re.compile(r"[0-9]{1,18}")
# Detail pages show the latest rows of a long list; its filtered list has them all.
LATEST = 50


def page_size(request, default):
    """`?page_size=N` (1 to 100) where given, else `default`."""
    try:
        size = int(request.GET.get("page_size", default))
    except ValueError:
        return default
    return size if 1 <= size <= 100 else default


def paginate(request, queryset, per_page):
    """(page, "") or, for a page number that is not a number or past the end, (None, why).
    The next and previous links carry the edge row of the page they come from (`after`,
    `before`), so that any page reached by them is read from that row on; a cursor that
    is malformed or no longer in the list falls back to the page number."""
    paginator = CachedCountPaginator(queryset, page_size(request, per_page))
    number = request.GET.get("page") or 1
    try:
        for direction in ("after", "before"):
            cursor = request.GET.get(direction, "")
            if CURSOR.fullmatch(cursor):
                page = paginator.page_beside(number, int(cursor), before=direction == "before")
                if page is not None:
                    return page, ""
        return paginator.page(number), ""
    except InvalidPage:
        return None, _(
            "Không có trang này. Danh sách có %(count)s trang; hãy quay về trang đầu."
        ) % {"count": paginator.num_pages}


def latest(queryset):
    """(the first LATEST rows, whether there are more): a bounded list for a detail page."""
    rows = list(queryset[: LATEST + 1])
    return rows[:LATEST], len(rows) > LATEST


class KeyedPage(Page):
    """A page that knows its first and last rows, the cursors of the previous and next
    links."""

    @property
    def first_pk(self):
        return self.object_list[0].pk if self.object_list else None

    @property
    def last_pk(self):
        return self.object_list[-1].pk if self.object_list else None


class CachedCountPaginator(Paginator):
    """A paginator for big tables.

    The total comes from the cache: one COUNT(*) per distinct filter and change to the
    archive, not one per page view. A page reached by a next or previous link is read
    from its neighbour's edge row onwards (`page_beside`): an index range scan at any
    depth. A deep page asked for by number is read in two steps: the ids of its rows (an
    index-only scan when an index matches the order, from the far end of the order for
    pages past the middle), then those rows by primary key; OFFSET then skips index
    entries instead of whole rows.
    """

    DEEP = 200  # rows to skip before a page is read id-first

    @cached_property
    def count(self):
        sql, params = self.object_list.query.sql_with_params()
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        return cached(f"count:{digest}", self.object_list.count)

    def _get_page(self, *args, **kwargs):
        return KeyedPage(*args, **kwargs)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom < self.DEEP:
            return self._get_page(self._ordered()[bottom:top], number, self)
        ordered = self._ordered().values_list("pk", flat=True)
        if bottom > self.count // 2:
            ids = list(ordered.reverse()[self.count - top : self.count - bottom])[::-1]
        else:
            ids = list(ordered[bottom:top])
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)

    def page_beside(self, number, pk, *, before=False):
        """Page `number`, read as the rows right after the row `pk` (or right before it),
        or None when that row is not in the list or the order cannot be keyed."""
        number = self.validate_number(number)
        terms = order_terms(self._ordered())
        edge = terms and self.object_list.filter(pk=pk).values(*(t[0] for t in terms)).first()
        if not edge:
            return None
        if before:  # the rows after it in the reversed order
            terms = [
                (name, not desc, None if last is None else not last) for name, desc, last in terms
            ]
        ordered = self._ordered().reverse() if before else self._ordered()
        rows = []
        for segment in segments(terms, edge):
            rows += ordered.filter(segment)[: self.per_page - len(rows)]
            if len(rows) == self.per_page:
                break
        return self._get_page(rows[::-1] if before else rows, number, self)

    def _ordered(self):
        """The list in its order, ties broken by primary key."""
        order = self.object_list.query.order_by or self.object_list.model._meta.ordering
        return self.object_list.order_by(*order, "pk")


def order_terms(queryset):
    """[(field name, descending, nulls last or None when the field holds no NULLs)] for
    the queryset's order, or None for an order this module cannot key (expressions,
    related fields, a nullable field without an explicit NULL position)."""
    terms = []
    for item in queryset.query.order_by:
        if isinstance(item, str):
            item = F(item[1:]).desc() if item.startswith("-") else F(item).asc()
        elif isinstance(item, F):
            item = item.asc()
        if not isinstance(item, OrderBy) or not isinstance(item.expression, F):
            return None
        name = item.expression.name
        try:
            field = (
                queryset.model._meta.pk if name == "pk" else queryset.model._meta.get_field(name)
            )
        except FieldDoesNotExist:
            return None
        if field.is_relation:  # ordered by the related model's ordering, not its id
            return None
        last = True if item.nulls_last else False if item.nulls_first else None
        if last is None and field.null:
            return None
        terms.append((field.attname, item.descending, last))
    return terms


def segments(terms, edge):
    """The rows after `edge` (a row's values) in the order of `terms`, as conditions to
    read one after the other: each starts with a plain range on the first field, which an
    index in that order scans from the edge on (an OR with IS NULL would make PostgreSQL
    scan from the top)."""
    after = Q(pk__in=[])
    equal = Q()
    for name, desc, last in terms:
        value = edge[name]
        if value is None:
            beyond = Q(pk__in=[]) if last else Q(**{f"{name}__isnull": False})
        else:
            beyond = Q(**{f"{name}__{'lt' if desc else 'gt'}": value})
            if last:
                beyond |= Q(**{f"{name}__isnull": True})
        after |= equal & beyond
        equal &= Q(**{f"{name}__isnull": True} if value is None else {name: value})

    first, desc, last = terms[0]
    value = edge[first]
    if value is None:
        # NULLs last: only NULLs follow; NULLs first: the NULLs, then every value.
        nulls = after & Q(**{f"{first}__isnull": True})
        return [nulls] if last else [nulls, Q(**{f"{first}__isnull": False})]
    values = after & Q(**{f"{first}__{'lte' if desc else 'gte'}": value})
    return [values, Q(**{f"{first}__isnull": True})] if last else [values]
