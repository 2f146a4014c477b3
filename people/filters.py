"""The official and organisation lists' filters; their names are the query parameters
people share, as on the conference list."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from archive.filters import ChipsMixin, all_provinces, province_choices, year_choices
from archive.lib.caching import cached
from archive.lib.text import fold
from archive.lib.widgets import QuickSelect
from conferences.filters import conference_years
from conferences.models import Participation

from .models import Official, Organization, Position, Rank


def rank_spellings():
    """{folded rank: [the ways public records print it]} (cached)."""

    def spellings():
        printed = Rank.objects.public().order_by().values_list("rank", flat=True).distinct()
        found = {}
        for rank in sorted(printed):
            found.setdefault(fold(rank), []).append(rank)
        return found

    return cached("rank-spellings", spellings)


def rank_choices():
    """Each rank once, whatever the capitals."""
    ranks = sorted(rank_spellings().items())
    return [("", _("Mọi cấp hàm"))] + [(printed[0], printed[0]) for _key, printed in ranks]


class OfficialFilter(ChipsMixin, django_filters.FilterSet):
    """Officials by name, rank, the organisation they held a position at, and the role,
    province and year of a conference they took part in (one participation meeting all
    three)."""

    PARTICIPATION = ("role", "province", "year")

    q = django_filters.CharFilter(
        label=_("Tên"), method="filter_q", max_length=200, widget=forms.TextInput
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Tổ chức"),
        queryset=Organization.objects.public(),
        to_field_name="slug",
        method="filter_organization",
        widget=forms.HiddenInput,
    )
    rank = django_filters.ChoiceFilter(
        label=_("Cấp hàm"), method="filter_rank", empty_label=None, widget=QuickSelect
    )
    role = django_filters.ChoiceFilter(
        label=_("Vai trò tại hội nghị"),
        choices=Participation.Role.choices,
        empty_label=_("Mọi vai trò"),
        method="filter_participation",
        widget=QuickSelect,
    )
    province = django_filters.ChoiceFilter(
        label=_("Tỉnh, thành phố của hội nghị"),
        method="filter_participation",
        empty_label=None,
        widget=QuickSelect,
    )
    year = django_filters.ChoiceFilter(
        label=_("Năm của hội nghị"),
        method="filter_participation",
        empty_label=None,
        widget=QuickSelect,
    )

    class Meta:
        model = Official
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.provinces = {p.slug: p for p in all_provinces()}
        self.filters["province"].extra["choices"] = province_choices(self.provinces.values())
        self.filters["year"].extra["choices"] = year_choices(
            conference_years(), (data or {}).get("year")
        )
        self.filters["rank"].extra["choices"] = rank_choices()

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_organization(self, queryset, name, value):
        positions = Position.objects.public().filter(organization=value, official=OuterRef("pk"))
        return queryset.filter(Exists(positions))

    def filter_rank(self, queryset, name, value):
        spellings = rank_spellings().get(fold(value), [value])
        ranks = Rank.objects.public().filter(official=OuterRef("pk"), rank__in=spellings)
        return queryset.filter(Exists(ranks))

    def filter_participation(self, queryset, name, value):
        # Role, province and year apply together, to one participation: done once, below.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if not any(data.get(name) for name in self.PARTICIPATION):
            return queryset
        rows = Participation.objects.public().filter(official=OuterRef("pk"))
        if data.get("role"):
            rows = rows.filter(role=data["role"])
        if data.get("province"):
            rows = rows.filter(self.provinces[data["province"]].covering("conference__province"))
        if data.get("year"):
            rows = rows.filter(conference__start_date__year=int(data["year"]))
        return queryset.filter(Exists(rows))


class OrganizationFilter(ChipsMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tên"), method="filter_q", max_length=200, widget=forms.TextInput
    )
    kind = django_filters.ChoiceFilter(
        label=_("Loại"),
        choices=Organization.Kind.choices,
        empty_label=_("Mọi loại"),
        widget=QuickSelect,
    )
    parent = django_filters.ModelChoiceFilter(
        label=_("Trực thuộc"),
        queryset=Organization.objects.public(),
        to_field_name="slug",
        widget=forms.HiddenInput,
    )
    province = django_filters.ChoiceFilter(
        label=_("Tỉnh, thành phố"),
        method="filter_province",
        empty_label=None,
        widget=QuickSelect,
    )

    class Meta:
        model = Organization
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.provinces = {p.slug: p for p in all_provinces()}
        self.filters["province"].extra["choices"] = province_choices(self.provinces.values())

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_province(self, queryset, name, value):
        return queryset.filter(self.provinces[value].covering("province"))
