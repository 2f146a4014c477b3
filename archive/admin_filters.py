"""List filters the admin change lists share: province (before and after the 2025 merger)
and year."""

from django.contrib import admin
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from .models import Province


def filter_distinct(queryset, condition):
    """`queryset.filter(condition)`, without repeating rows when the condition reaches
    across a one-to-many relation (an official's participations)."""
    matching = queryset.model._base_manager.filter(condition).values("pk")
    return queryset.filter(pk__in=matching)


class _ProvinceFilter(admin.SimpleListFilter):
    """Offers only the provinces the listed rows use; `field_path` names the FK."""

    field_path = "province"

    def used_province_ids(self, model_admin, request):
        qs = model_admin.get_queryset(request).filter(**{f"{self.field_path}__isnull": False})
        return set(qs.order_by().values_list(self.field_path, flat=True).distinct())

    def province(self):
        return Province.objects.filter(slug=self.value()).select_related("successor").first()


class CurrentProvinceFilter(_ProvinceFilter):
    """A unit in force today, with the former units merged into it ("Phú Thọ" lists
    the rows of old Vĩnh Phúc and Hòa Bình too)."""

    title = _("tỉnh, thành phố hiện nay (gồm đơn vị cũ)")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        used = self.used_province_ids(model_admin, request)
        provinces = Province.objects.current().filter(Q(pk__in=used) | Q(predecessors__in=used))
        return [(p.slug, p.name) for p in provinces.distinct().by_name()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        province = self.province()
        if province is None:
            return queryset.none()
        return queryset.filter(
            Q(**{self.field_path: province}) | Q(**{f"{self.field_path}__successor": province})
        )


class FormerProvinceFilter(_ProvinceFilter):
    """A unit as it was until 30 June 2025, exactly ("Vĩnh Phúc" only)."""

    title = _("tỉnh, thành phố trước 1/7/2025 (đúng đơn vị)")
    parameter_name = "former_province"

    def lookups(self, request, model_admin):
        used = self.used_province_ids(model_admin, request)
        return [(p.slug, p.name) for p in Province.objects.former().filter(pk__in=used).by_name()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return filter_distinct(queryset, Q(**{f"{self.field_path}__slug": self.value()}))


class YearFilter(admin.SimpleListFilter):
    """The years the listed rows' `field_path` date falls in, newest first."""

    title = _("năm")
    parameter_name = "year"
    field_path = "start_date"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .filter(**{f"{self.field_path}__isnull": False})
            .annotate(filter_year=ExtractYear(self.field_path))
            .order_by("-filter_year")
            .values_list("filter_year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return filter_distinct(queryset, Q(**{f"{self.field_path}__year": int(value)}))


def province_filters(field_path):
    """Both province filters for a model whose province FK is at `field_path`."""
    attrs = {"field_path": field_path}
    return [
        type("CurrentProvinceFilter", (CurrentProvinceFilter,), attrs),
        type("FormerProvinceFilter", (FormerProvinceFilter,), attrs),
    ]


def year_filter(field_path):
    return type("YearFilter", (YearFilter,), {"field_path": field_path})
