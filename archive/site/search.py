"""Search across the archive: conferences, officials, organisations and articles.

Conferences and articles, the large tables, are matched by words through their stored
indexes (`archive.lib.search.Matches`) and rank the newest RANK_WINDOW matches; names are
short and matched by substring.
"""

from django import forms
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from archive.filters import province_choices
from archive.lib.text import fold, strip_name_prefix
from archive.lib.widgets import QuickSelect
from archive.models import Article, Status
from conferences.models import Conference, ConferenceSource
from people.models import Official, Organization, OrganizationAlias

SEARCH_LIMIT = 20
RANK_WINDOW = 200


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), max_length=200, required=False)
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False, widget=QuickSelect)
    province = forms.ChoiceField(label=_("Tỉnh, thành phố"), required=False, widget=QuickSelect)

    def __init__(self, *args, provinces, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.provinces = {p.slug: p for p in provinces}
        self.fields["province"].choices = province_choices(provinces)
        self.fields["year"].choices = [("", _("Mọi năm"))] + [(str(y), str(y)) for y in years]


def _ranked(queryset, exact, prefix, *order):
    """Exact matches first, then prefix matches, then the rest."""
    return queryset.annotate(
        rank=Case(
            When(exact, then=Value(0)),
            When(prefix, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", *order)


def _newest(matches, *order):
    """The first RANK_WINDOW `matches` in `order`, as a query that does not search again:
    a common word then costs a short walk down an index, not a sort of every row that
    holds it."""
    return matches.model.objects.filter(pk__in=matches.order_by(*order).values("pk")[:RANK_WINDOW])


def search_results(query, year=None, province=None):
    """Matches for `query` by type, best first; year and province narrow conferences and
    articles (through the conferences they report). Conferences and articles, the large
    tables, rank the newest RANK_WINDOW matches."""
    folded = fold(query)
    name = fold(strip_name_prefix(query))
    conferences = Conference.objects.published().search(query)
    articles = Article.objects.published().search(query)
    if year:
        conferences = conferences.in_year(year)
        articles = articles.filter(outlet_published_at__year=year)
    if province:
        conferences = conferences.in_province(province)
        articles = articles.filter(
            Exists(
                # Joined from the article's few sources, not probed per conference.
                ConferenceSource.objects.filter(
                    province.covering("conference__province"),
                    article=OuterRef("pk"),
                    conference__status=Status.PUBLISHED,
                )
            )
        )
    by_date = (F("start_date").desc(nulls_last=True), "pk")
    by_outlet_date = (F("outlet_published_at").desc(nulls_last=True), "pk")
    results = {
        "conferences": _ranked(
            _newest(conferences, *by_date).select_related("province__successor"),
            Q(search_text=folded) | Q(search_text__startswith=f"{folded} |"),
            Q(search_text__startswith=folded),
            *by_date,
        ),
        "officials": _ranked(
            Official.objects.public().search(query),
            Q(name_folded=name),
            Q(name_folded__startswith=name) | Q(sort_key__startswith=name),
            "sort_key",
        ),
        "organizations": _ranked(
            Organization.objects.public().search(query).prefetch_related("aliases"),
            Q(name_folded=folded)
            | Exists(
                OrganizationAlias.objects.filter(organization=OuterRef("pk"), name_folded=folded)
            ),
            Q(name_folded__startswith=folded),
            "name_folded",
        ),
        "articles": _ranked(
            _newest(articles, *by_outlet_date).select_related("outlet"),
            Q(search_text=folded),
            Q(search_text__startswith=folded),
            *by_outlet_date,
        ),
    }
    return {key: list(rows[: SEARCH_LIMIT + 1]) for key, rows in results.items()}
