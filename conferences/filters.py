"""The conference list's filters; their names are the query parameters people share."""

import django_filters
from django import forms
from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from archive.filters import ChipsMixin, all_provinces, province_choices, year_choices
from archive.lib.caching import cached
from archive.lib.widgets import QuickSelect
from archive.site import terms
from people.models import Official, Organization

from .models import Conference, Format, Scope, Topic


def conference_year_counts():
    """[(year, published conferences that year)], newest first (one query, cached)."""

    def counts():
        rows = (
            Conference.objects.published()
            .filter(start_date__isnull=False)
            .annotate(year=ExtractYear("start_date"))
            .values_list("year")
            .annotate(count=Count("pk"))
            .order_by("-year")
        )
        return list(rows)

    return cached("conference-year-counts", counts)


def conference_years():
    """Years that have a published conference, newest first."""
    return [year for year, _count in conference_year_counts()]


class ConferenceFilter(ChipsMixin, django_filters.FilterSet):
    SORTS = {
        "-date": [F("start_date").desc(nulls_last=True), "search_text"],
        "date": [F("start_date").asc(nulls_last=True), "search_text"],
        # search_text starts with the folded name: an accent-insensitive name order.
        "name": ["search_text"],
    }

    EVIDENCE = {
        "organizer": ("organizers", "organization"),
        "official": ("participations", "official"),
        "topic": ("conference_topics", "topic"),
    }

    q = django_filters.CharFilter(
        label=_("Từ khóa"), method="filter_q", max_length=200, widget=forms.TextInput
    )
    province = django_filters.ChoiceFilter(
        label=_("Tỉnh, thành phố"),
        method="filter_province",
        empty_label=None,
        widget=QuickSelect,
    )
    year = django_filters.ChoiceFilter(
        label=_("Năm"), method="filter_year", empty_label=None, widget=QuickSelect
    )
    organizer = django_filters.ModelChoiceFilter(
        label=_("Đơn vị tổ chức"),
        queryset=Organization.objects.public(),
        to_field_name="slug",
        method="filter_through_evidence",
        widget=forms.HiddenInput,
    )
    official = django_filters.ModelChoiceFilter(
        label=_("Quan chức"),
        queryset=Official.objects.public(),
        to_field_name="slug",
        method="filter_through_evidence",
        widget=forms.HiddenInput,
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Chuyên đề"),
        queryset=Topic.objects.public(),
        to_field_name="slug",
        method="filter_through_evidence",
        widget=forms.HiddenInput,
    )
    format = django_filters.ChoiceFilter(
        label=_("Hình thức"),
        choices=[c for c in Format.choices if c[0] != Format.UNKNOWN],
        empty_label=_("Mọi hình thức"),
        widget=QuickSelect,
    )
    scope = django_filters.ChoiceFilter(
        label=_("Phạm vi"),
        choices=[c for c in Scope.choices if c[0] != Scope.UNKNOWN],
        empty_label=_("Mọi phạm vi"),
        widget=QuickSelect,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sắp xếp"),
        method="sort_by",
        empty_label=None,
        widget=QuickSelect,
        choices=[
            ("-date", _("Mới nhất trước")),
            ("date", _("Cũ nhất trước")),
            ("name", _("Theo tên (A–Z)")),
        ],
    )

    class Meta:
        model = Conference
        fields = []

    def __init__(self, data=None, *args, provinces=None, years=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        # One query each for the province and year choices; the slug lookup reuses them.
        self.provinces = {p.slug: p for p in (provinces or all_provinces())}
        self.filters["province"].extra["choices"] = province_choices(self.provinces.values())
        years = conference_years() if years is None else years
        self.filters["year"].extra["choices"] = year_choices(years, (data or {}).get("year"))

    def filter_queryset(self, queryset):
        # Newest first unless `sort` asks otherwise.
        return super().filter_queryset(queryset.order_by(*self.SORTS["-date"]))

    def filter_q(self, queryset, name, value):
        return terms.read(value).search(queryset)

    def filter_province(self, queryset, name, value):
        return queryset.in_province(self.provinces[value])

    def filter_year(self, queryset, name, value):
        return queryset.in_year(int(value))

    def filter_through_evidence(self, queryset, name, value):
        # The same related row must name `value` and come from a published article.
        relation, field = self.EVIDENCE[name]
        return queryset.cited_by_public(relation, **{field: value})

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*self.SORTS[value])

    def merged_province(self):
        """The chosen province when it is a unit merged away in 2025, else None."""
        if self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("province"):
            province = self.provinces[self.form.cleaned_data["province"]]
            return province if province.successor_id else None
        return None
