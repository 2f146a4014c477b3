"""Filters of the news side: the article list's; and what every list's filters share —
province and year choices, one rule for a well-formed year, the chips."""

import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from conferences.models import ConferenceSource

from .lib.caching import cached
from .lib.widgets import QuickSelect
from .models import Article, Outlet, Province, Status
from .site import terms

# A year a filter accepts: with no result it is an empty list, not an invalid choice.
YEAR = re.compile(r"(19|20)[0-9]{2}")


def province_choices(provinces):
    """Grouped <select> choices: today's 34 units, then the units merged away in 2025; a
    former unit with the name of today's unit is told apart ("Bắc Ninh (cũ, đến 30/6/2025)")."""
    current = [(p.slug, p.name) for p in provinces if p.is_current]
    former = [(p.slug, str(p.choice_label())) for p in provinces if not p.is_current]
    return [
        ("", _("Mọi tỉnh, thành phố")),
        (_("Đơn vị hiện nay (gồm cả đơn vị cũ đã sáp nhập)"), current),
        (_("Đơn vị trước 1/7/2025"), former),
    ]


def year_choices(years, requested=None):
    """<select> choices: the years that have records, and a well-formed year asked for that
    has none (its list is empty, not an error)."""
    years = list(years)
    if requested and YEAR.fullmatch(str(requested)) and int(requested) not in years:
        years = sorted([*years, int(requested)], reverse=True)
    return [("", _("Mọi năm"))] + [(str(y), str(y)) for y in years]


class ChipsMixin:
    """For a FilterSet: `chips()`, the filters in use as (label, shown value, parameter),
    each removable; and `provinces`, the province choices by slug."""

    def chips(self):
        if not self.is_bound:
            return []
        data = self.form.cleaned_data if self.form.is_valid() else {}
        chips = []
        for name, value in data.items():
            if name == "sort" or value in (None, ""):
                continue
            field = self.form.fields[name]
            if name == "province":
                shown = self.provinces[value].choice_label()
            elif hasattr(field, "choices") and not hasattr(field, "queryset"):
                shown = dict(field.choices).get(value, value)
            else:
                shown = value
            chips.append((field.label, shown, name))
        return chips


def all_provinces():
    return cached(
        "all-provinces", lambda: list(Province.objects.select_related("successor").by_name())
    )


def outlet_choices():
    return list(Outlet.objects.values_list("slug", "name"))


def article_years():
    dates = Article.objects.published().dates("outlet_published_at", "year", order="DESC")
    return [d.year for d in dates]


class ArticleFilter(ChipsMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Từ khóa"), method="filter_q", max_length=200, widget=forms.TextInput
    )
    outlet = django_filters.ChoiceFilter(
        label=_("Cơ quan báo chí"),
        field_name="outlet__slug",
        empty_label=_("Mọi cơ quan báo chí"),
        widget=QuickSelect,
    )
    year = django_filters.ChoiceFilter(
        label=_("Năm đăng"),
        field_name="outlet_published_at__year",
        empty_label=None,
        widget=QuickSelect,
    )

    province = django_filters.ChoiceFilter(
        label=_("Tỉnh, thành phố của hội nghị"),
        method="filter_province",
        empty_label=None,
        widget=QuickSelect,
    )

    class Meta:
        model = Article
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # The choice lists come from the cache: no query for them on a warm page.
        self.filters["outlet"].extra["choices"] = cached("outlet-choices", outlet_choices)
        self.filters["year"].extra["choices"] = year_choices(
            cached("article-years", article_years), (data or {}).get("year")
        )
        self.provinces = {p.slug: p for p in all_provinces()}
        self.filters["province"].extra["choices"] = province_choices(self.provinces.values())

    def filter_q(self, queryset, name, value):
        return terms.read(value).search(queryset)

    def filter_province(self, queryset, name, value):
        # Articles that report a published conference held there.
        conferences = self.provinces[value].covering("conference__province")
        return queryset.filter(
            Exists(
                ConferenceSource.objects.filter(
                    conferences, article=OuterRef("pk"), conference__status=Status.PUBLISHED
                )
            )
        )
