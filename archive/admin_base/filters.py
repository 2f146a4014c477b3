"""List filters the admin change lists share: province (before and after the 2025 merger),
year, and related records in use.

What a filter offers (the years, provinces or records the rows use) takes a pass over the
whole table, so it is computed from the model's plain manager (none of the change list's
joins and annotations) and kept in the archive's cache until the next save
(archive.lib.caching)."""

import re

from django.contrib import admin
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from archive.lib.caching import cached
from archive.models import Province


def filter_distinct(queryset, field_path, lookup, value):
    """`queryset.filter(<field_path>__<lookup>=value)`, without repeating rows when the
    path reaches across a one-to-many relation (an official's participations).

    Across such a relation, the rows are those whose primary key is among the distinct
    keys found from the relation's side (`official IN (SELECT DISTINCT official_id FROM
    participation ... WHERE ...)`): one pass over the matching related rows, where a
    join would repeat rows and PostgreSQL's semi-join may probe every listed row in
    turn for a rare match."""
    condition = {f"{field_path}__{lookup}": value}
    meta = queryset.model._meta
    if not lookup_spawns_duplicates(meta, field_path):
        return queryset.filter(**condition)
    first, _, rest = field_path.partition("__")
    relation = meta.get_field(first)
    if relation.one_to_many and rest and relation.field.target_field.primary_key:
        related = relation.related_model._base_manager.filter(**{f"{rest}__{lookup}": value})
        keys = related.order_by().values(relation.field.attname).distinct()
    else:
        keys = queryset.model._base_manager.filter(**condition).order_by().values("pk")
        keys = keys.distinct()
    return queryset.filter(pk__in=keys)


def values_in_use(model, field_path):
    """The distinct non-null values of `field_path` over all rows of `model` (ids for a
    relation), sorted; cached until the archive changes."""

    def compute():
        rows = model._default_manager.order_by().filter(**{f"{field_path}__isnull": False})
        return sorted(set(rows.values_list(field_path, flat=True).distinct()))

    return cached(f"admin-filter:{model._meta.label_lower}:{field_path}", compute)


class RelatedInUseFilter(admin.RelatedOnlyFieldListFilter):
    """Django's RelatedOnlyFieldListFilter (only the records some row points to), with
    those records found over the plain table, and the choices kept in the cache, not
    queried through the change list's queryset on every view."""

    def field_choices(self, field, request, model_admin):
        model = model_admin.model

        def compute():
            used = values_in_use(model, self.field_path)
            ordering = self.field_admin_ordering(field, request, model_admin)
            return field.get_choices(
                include_blank=False, limit_choices_to={"pk__in": used}, ordering=ordering
            )

        key = f"admin-filter:{model._meta.label_lower}:{self.field_path}:{get_language()}"
        return cached(key, compute)


class _ProvinceFilter(admin.SimpleListFilter):
    """Offers only the provinces the listed rows use; `field_path` names the FK."""

    field_path = "province"

    def lookups(self, request, model_admin):
        model = model_admin.model
        key = f"admin-filter:{model._meta.label_lower}:{self.field_path}:{self.parameter_name}"
        return cached(key, lambda: self.provinces(set(values_in_use(model, self.field_path))))

    def provinces(self, used):
        """(slug, name) of the provinces to offer, given the ids of those in use."""
        raise NotImplementedError

    def province(self):
        return Province.objects.filter(slug=self.value()).first()


class CurrentProvinceFilter(_ProvinceFilter):
    """A unit in force today, with the former units merged into it ("Phú Thọ" lists
    the rows of old Vĩnh Phúc and Hòa Bình too)."""

    title = _("tỉnh, thành phố hiện nay (gồm đơn vị cũ)")
    parameter_name = "province"

    def provinces(self, used):
        provinces = Province.objects.current().filter(Q(pk__in=used) | Q(predecessors__in=used))
        return [(p.slug, p.name) for p in provinces.distinct().by_name()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        province = self.province()
        if province is None:
            return queryset.none()
        # By id: one indexed IN on the foreign key rather than an OR across a join.
        units = list(province.covered_units().values_list("pk", flat=True))
        return filter_distinct(queryset, self.field_path, "in", units)


class FormerProvinceFilter(_ProvinceFilter):
    """A unit as it was until 30 June 2025, exactly ("Vĩnh Phúc" only)."""

    title = _("tỉnh, thành phố trước 1/7/2025 (đúng đơn vị)")
    parameter_name = "former_province"

    def provinces(self, used):
        return [(p.slug, p.name) for p in Province.objects.former().filter(pk__in=used).by_name()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        province = self.province()
        if province is None:
            return queryset.none()
        return filter_distinct(queryset, self.field_path, "exact", province.pk)


# Four ASCII digits: str.isdigit() also accepts "²" and "٠", and a year outside 1000–9999
# overflows Python's dates (year 1 in this time zone starts in year 0 UTC).
YEAR = re.compile(r"[1-9][0-9]{3}")


class YearFilter(admin.SimpleListFilter):
    """The years the listed rows' `field_path` date falls in, newest first; a value that is
    not a year lists nothing."""

    title = _("năm")
    parameter_name = "year"
    field_path = "start_date"

    def lookups(self, request, model_admin):
        model = model_admin.model

        def compute():
            years = (
                model._default_manager.order_by()
                .filter(**{f"{self.field_path}__isnull": False})
                .annotate(filter_year=ExtractYear(self.field_path))
                .values_list("filter_year", flat=True)
                .distinct()
            )
            return sorted(set(years), reverse=True)

        years = cached(f"admin-filter:{model._meta.label_lower}:{self.field_path}:years", compute)
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not YEAR.fullmatch(value):
            return queryset.none()
        return filter_distinct(queryset, self.field_path, "year", int(value))


def province_filters(field_path):
    """Both province filters for a model whose province FK is at `field_path`."""
    attrs = {"field_path": field_path}
    return [
        type("CurrentProvinceFilter", (CurrentProvinceFilter,), attrs),
        type("FormerProvinceFilter", (FormerProvinceFilter,), attrs),
    ]


def year_filter(field_path):
    return type("YearFilter", (YearFilter,), {"field_path": field_path})
