"""Filters of the news side: the article list's, and the province choices every list uses."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .lib.caching import cached
from .lib.widgets import QuickSelect
from .models import Article, Outlet, Province


def province_choices(provinces):
    """Grouped <select> choices: today's 34 units, then the units merged away in 2025."""
    current = [(p.slug, p.name) for p in provinces if p.is_current]
    former = [(p.slug, str(p.label_on())) for p in provinces if not p.is_current]
    return [
        ("", _("Mọi tỉnh, thành phố")),
        (_("Đơn vị hiện nay (gồm cả đơn vị cũ đã sáp nhập)"), current),
        (_("Đơn vị trước 1/7/2025"), former),
    ]


def all_provinces():
    return cached(
        "all-provinces", lambda: list(Province.objects.select_related("successor").by_name())
    )


def outlet_choices():
    return list(Outlet.objects.values_list("slug", "name"))


def article_years():
    dates = Article.objects.published().dates("outlet_published_at", "year", order="DESC")
    return [d.year for d in dates]


class ArticleFilter(django_filters.FilterSet):
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

    class Meta:
        model = Article
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Both choice lists come from the cache: no query for them on a warm page.
        self.filters["outlet"].extra["choices"] = cached("outlet-choices", outlet_choices)
        self.filters["year"].extra["choices"] = [("", _("Mọi năm"))] + [
            (str(year), str(year)) for year in cached("article-years", article_years)
        ]
