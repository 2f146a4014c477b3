"""Search across the archive: provinces, conferences, officials, organisations, articles.

Conferences and articles, the large tables, are matched by words through their stored
indexes (`archive.lib.search.Matches`), narrowed to the query's phrases (a quoted part, or
the whole query when it is a name: `archive.site.terms`), and rank the newest RANK_WINDOW
matches; names are short and matched by substring. Each group shows its first
SEARCH_LIMIT rows and its count; the group's own list (`?q=` on it) pages through all.
"""

import hashlib
import re

from django import forms
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from archive.filters import province_choices, year_choices
from archive.lib.caching import cached
from archive.lib.search import has_phrase
from archive.lib.text import fold
from archive.lib.widgets import QuickSelect
from archive.models import Article, Status
from conferences.models import Conference, ConferenceSource
from people.models import Official, Organization, OrganizationAlias

from . import terms as search_terms

SEARCH_LIMIT = 20
RANK_WINDOW = 200
COUNT_CAP = 10_000  # a group's count stops there ("10.000+"); its list counts them all
UNIT_PREFIX = re.compile(r"^\s*(tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)
QUOTES = re.compile(r"[\"“”]")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), max_length=200, required=False)
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False, widget=QuickSelect)
    province = forms.ChoiceField(label=_("Tỉnh, thành phố"), required=False, widget=QuickSelect)

    def __init__(self, *args, provinces, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.provinces = {p.slug: p for p in provinces}
        self.fields["province"].choices = province_choices(provinces)
        self.fields["year"].choices = year_choices(years, self.data.get("year"))


def _ranked(queryset, levels, order):
    """Rows meeting the first of `levels` first, then the second, …, then the rest; each
    rank in `order`. A level that is None does not apply to this query."""
    levels = [condition for condition in levels if condition is not None]
    whens = [When(condition, then=Value(i)) for i, condition in enumerate(levels)]
    rank = Case(*whens, default=Value(len(levels)), output_field=IntegerField())
    return queryset.annotate(rank=rank).order_by("rank", *order)


def _newest(matches, *order):
    """The first RANK_WINDOW `matches` in `order`, as a query that does not search again:
    a common word then costs a short walk down an index, not a sort of every row that
    holds it."""
    return matches.model.objects.filter(pk__in=matches.order_by(*order).values("pk")[:RANK_WINDOW])


def matching_provinces(query, provinces):
    """(provinces whose name or other name begins with the query, those it names exactly):
    "vinh phuc" → Vĩnh Phúc, "tinh hoa binh" → Hòa Bình."""
    folded = fold(UNIT_PREFIX.sub("", query))
    if not folded:
        return [], []
    found, exact = [], []
    for province in provinces:
        names = [fold(province.name), *(fold(alias) for alias in province.aliases)]
        if folded in names:
            exact.append(province)
        if any(name.startswith(folded) for name in names):
            found.append(province)
    found.sort(key=lambda p: (p not in exact, not p.is_current, p.name_folded))
    return found, exact


def group(rows, queryset):
    """{"rows", "count", "capped"}: the first SEARCH_LIMIT rows and how many match in all,
    counted (up to COUNT_CAP) only when there are more than shown; the count is cached."""
    rows = list(rows)
    if len(rows) <= SEARCH_LIMIT:
        return {"rows": rows, "count": len(rows), "capped": False}
    pks = queryset.order_by().values("pk")
    sql = repr(pks.query.sql_with_params())
    count = cached(
        f"search-count:{hashlib.sha256(sql.encode()).hexdigest()}",
        lambda: pks[: COUNT_CAP + 1].count(),
    )
    return {
        "rows": rows[:SEARCH_LIMIT],
        "count": min(count, COUNT_CAP),
        "capped": count > COUNT_CAP,
    }


def search_results(query, year=None, province=None, provinces=()):
    """Matches for `query` by type, best first, as `group()`s; and the query's Terms. Year
    and province narrow conferences and articles (through the conferences they report).
    A province the query names ranks what happened there first."""
    plain = QUOTES.sub(" ", query)  # names are matched as typed, quoted or not
    folded = fold(plain)
    name = search_terms.name_of(plain)
    officials = _ranked(
        Official.objects.public().search(plain),
        [Q(name_folded=name), Q(name_folded__startswith=name) | Q(sort_key__startswith=name)],
        ["sort_key"],
    )
    organizations = _ranked(
        Organization.objects.public().search(plain).prefetch_related("aliases"),
        [
            Q(name_folded=folded)
            | Exists(
                OrganizationAlias.objects.filter(organization=OuterRef("pk"), name_folded=folded)
            ),
            Q(name_folded__startswith=folded),
        ],
        ["name_folded"],
    )
    official_rows = list(officials[: SEARCH_LIMIT + 1])
    organization_rows = list(organizations[: SEARCH_LIMIT + 1])
    known_names = {o.name_folded for o in official_rows} | {
        fold(n) for o in organization_rows for n in [o.name, *(a.name for a in o.aliases.all())]
    }
    terms = search_terms.read(query, known_names=known_names)

    found_provinces, named = matching_provinces(plain, provinces)
    units = set()
    for unit in named:
        units |= {p.pk for p in provinces if p.pk == unit.pk or p.successor_id == unit.pk}

    conferences = terms.search(Conference.objects.published())
    articles = terms.search(Article.objects.published())
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
    phrase = has_phrase(terms.whole_phrase) if terms.whole_phrase and not terms.is_name else None
    by_date = (F("start_date").desc(nulls_last=True), "pk")
    by_outlet_date = (F("outlet_published_at").desc(nulls_last=True), "pk")
    conference_rows = _ranked(
        _newest(conferences, *by_date).select_related("province__successor"),
        [
            Q(search_text=folded) | Q(search_text__startswith=f"{folded} |"),
            Q(province__in=units) if units else None,
            Q(search_text__startswith=folded),
            phrase,
        ],
        by_date,
    )
    reported_there = Exists(
        ConferenceSource.objects.filter(
            article=OuterRef("pk"),
            conference__province__in=units,
            conference__status=Status.PUBLISHED,
        )
    )
    article_rows = _ranked(
        _newest(articles, *by_outlet_date).select_related("outlet"),
        [
            Q(search_text=folded),
            reported_there if units else None,
            Q(search_text__startswith=folded),
            phrase,
        ],
        by_outlet_date,
    )
    results = {
        "provinces": {"rows": found_provinces, "count": len(found_provinces), "capped": False},
        "conferences": group(conference_rows[: SEARCH_LIMIT + 1], conferences),
        "officials": group(official_rows, officials),
        "organizations": group(organization_rows, organizations),
        "articles": group(article_rows[: SEARCH_LIMIT + 1], articles),
    }
    return results, terms
