"""Site-level pages (home, search) and the news side (articles, provinces, sources)."""

import re

import django_filters
from django import forms
from django.conf import settings
from django.core.paginator import InvalidPage
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conferences.filters import QuickSelect, all_provinces, conference_years, province_choices
from conferences.models import Conference, ConferenceSource, in_province
from people.models import Official, Organization, OrganizationAlias

from .caching import cached, public_page
from .models import Article, Outlet, Province, SourceDocument, Status
from .pagination import CachedCountPaginator
from .text import fold, strip_name_prefix

ARTICLES_PER_PAGE = 20
CURSOR = re.compile(r"[0-9]{1,18}")
SEARCH_LIMIT = 20
RANK_WINDOW = 200
# Detail pages show the latest conferences only; the filtered list has them all.
LATEST = 50


# --- Helpers shared with the other apps' views ------------------------------------------


def page_size(request, default):
    """`?page_size=N` (1 to 100) where given, else `default`."""
    try:
        size = int(request.GET.get("page_size", default))
    except ValueError:
        return default
    return size if 1 <= size <= 100 else default


def paginate(request, queryset, per_page):
    """(page, "") or, for a page number that is not a number or past the end, (None, why).
    The total is cached until the archive changes. The next and previous links carry the
    edge row of the page they come from (`after`, `before`), so that any page reached by
    them is read from that row on; a cursor that is malformed or no longer in the list
    falls back to the page number."""
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


def cited_evidence(model):
    """Rows of an Evidence model with their article and outlet (staff previews show all)."""
    return model._default_manager.select_related("article__outlet")


def published_evidence(model):
    """Rows of an Evidence model whose source article is public."""
    return cited_evidence(model).filter(article__status=Status.PUBLISHED)


def provinces_with_counts():
    """Every province with `conference_count` (published, held there); one query, cached."""
    return cached(
        "provinces-with-counts",
        lambda: list(
            Province.objects.select_related("successor")
            .annotate(
                conference_count=Count(
                    "conferences", filter=Q(conferences__status=Status.PUBLISHED), distinct=True
                )
            )
            .by_name()
        ),
    )


def _current_units(provinces):
    """Current units, each with `.former_units` and a `.total` counting them in."""
    merged = {}
    for province in provinces:
        if province.successor_id:
            merged.setdefault(province.successor_id, []).append(province)
    current = [p for p in provinces if p.is_current]
    for unit in current:
        unit.former_units = merged.get(unit.pk, [])
        unit.total = unit.conference_count + sum(p.conference_count for p in unit.former_units)
    return current


# --- Pages ------------------------------------------------------------------------------


def home_counts():
    return {
        "conference_count": Conference.objects.published().count(),
        "article_count": Article.objects.published().count(),
        "official_count": Official.objects.count(),
        "organization_count": Organization.objects.count(),
    }


@public_page
def home(request):
    provinces = provinces_with_counts()
    context = {
        "latest_conferences": Conference.objects.published().for_listing()[:6],
        **cached("home-counts", home_counts),
        "provinces": [p for p in _current_units(provinces) if p.total],
        "years": conference_years(),
    }
    return render(request, "archive/home.html", context)


class ArticleFilter(django_filters.FilterSet):
    outlet = django_filters.ChoiceFilter(
        label=gettext_lazy("Cơ quan báo chí"),
        field_name="outlet__slug",
        empty_label=gettext_lazy("Mọi cơ quan báo chí"),
        widget=QuickSelect,
    )
    year = django_filters.ChoiceFilter(
        label=gettext_lazy("Năm đăng"),
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
        self.filters["year"].extra["choices"] = [("", gettext_lazy("Mọi năm"))] + [
            (str(year), str(year)) for year in cached("article-years", article_years)
        ]


def outlet_choices():
    return list(Outlet.objects.values_list("slug", "name"))


def article_years():
    dates = Article.objects.published().dates("outlet_published_at", "year", order="DESC")
    return [d.year for d in dates]


def article_list(request):
    filterset = ArticleFilter(
        request.GET or None, queryset=Article.objects.published().for_listing()
    )
    status, page, page_error = 200, None, ""
    if filterset.is_bound and not filterset.is_valid():
        status = 400
    else:
        page, page_error = paginate(request, filterset.qs, ARTICLES_PER_PAGE)
        status = 200 if page else 404
    context = {"filter": filterset, "page_obj": page, "page_error": page_error}
    return render(request, "archive/article_list.html", context, status=status)


def article_json_ld(request, article, conferences):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "inLanguage": "vi",
    }
    if article.lead:
        data["description"] = article.lead
    if article.outlet_published_at:
        data["datePublished"] = article.outlet_published_at.isoformat()
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    if article.outlet:
        data["publisher"] = {"@type": "Organization", "name": article.outlet.name}
    if article.url:
        data["isBasedOn"] = article.url
    if conferences:
        data["about"] = [
            {
                "@type": "Event",
                "name": c.name,
                "url": request.build_absolute_uri(c.get_absolute_url()),
            }
            for c in conferences
        ]
    return data


@public_page
def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.published()
        .select_related("outlet", "source_document")
        .defer("source_document__content", "search_text")
        .prefetch_related("images"),
        slug=slug,
    )
    return render(request, "archive/article_detail.html", article_context(request, article))


def article_context(request, article, *, with_drafts=False):
    """What the article page shows; the staff preview also lists draft conferences."""
    reports = ConferenceSource.objects.filter(article=article)
    if not with_drafts:
        reports = reports.filter(conference__status=Status.PUBLISHED)
    reports = list(
        reports.select_related("conference__province__successor").order_by(
            "relation", "conference__start_date"
        )
    )
    conferences = [source.conference for source in reports]
    return {
        "article": article,
        "reports": reports,
        "json_ld": article_json_ld(request, article, conferences),
    }


@public_page
def province_list(request):
    provinces = provinces_with_counts()
    context = {
        "current_units": _current_units(provinces),
        "merged_units": [p for p in provinces if p.successor_id],
    }
    return render(request, "archive/province_list.html", context)


@public_page
def province_detail(request, slug):
    province = get_object_or_404(
        Province.objects.select_related("successor").prefetch_related(
            Prefetch("predecessors", queryset=Province.objects.by_name())
        ),
        slug=slug,
    )
    conferences, more = latest(Conference.objects.published().for_listing().in_province(province))
    json_ld = {
        "@context": "https://schema.org",
        "@type": "AdministrativeArea",
        "name": province.name,
        "url": request.build_absolute_uri(province.get_absolute_url()),
    }
    if province.successor_id:
        json_ld["containedInPlace"] = {
            "@type": "AdministrativeArea",
            "name": province.successor.name,
            "url": request.build_absolute_uri(province.successor.get_absolute_url()),
        }
    context = {
        "province": province,
        "conferences": conferences,
        "more_conferences": more,
        "json_ld": json_ld,
    }
    return render(request, "archive/province_detail.html", context)


def source_document(request, file_name):
    document = get_object_or_404(SourceDocument, file_name=file_name)
    return HttpResponse(document.content, content_type=f"{document.content_type}; charset=utf-8")


# --- Search -----------------------------------------------------------------------------


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Tìm"), max_length=200, required=False)
    year = forms.TypedChoiceField(
        label=gettext_lazy("Năm"), coerce=int, required=False, widget=QuickSelect
    )
    province = forms.ChoiceField(
        label=gettext_lazy("Tỉnh, thành phố"), required=False, widget=QuickSelect
    )

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
                    in_province(province, via="conference__"),
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
            Official.objects.search(query),
            Q(name_folded=name),
            Q(name_folded__startswith=name) | Q(sort_key__startswith=name),
            "sort_key",
        ),
        "organizations": _ranked(
            Organization.objects.search(query).prefetch_related("aliases"),
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


def search(request):
    form = SearchForm(request.GET or None, provinces=all_provinces(), years=conference_years())
    results, status = None, 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        province = form.provinces.get(data["province"])
        found = search_results(data["q"].strip(), data["year"], province)
        labels = {
            "conferences": _("Hội nghị"),
            "officials": _("Quan chức"),
            "organizations": _("Tổ chức"),
            "articles": _("Bài báo"),
        }
        results = [
            {
                "key": key,
                "label": labels[key],
                "rows": rows[:SEARCH_LIMIT],
                "more": len(rows) > SEARCH_LIMIT,
            }
            for key, rows in found.items()
        ]
    query = form.cleaned_data.get("q", "").strip() if form.is_bound and form.is_valid() else ""
    context = {
        "form": form,
        "query": query,
        "name_query": strip_name_prefix(query),
        "results": results,
        "total": sum(len(group["rows"]) for group in results or []),
    }
    return render(request, "archive/search.html", context, status=status)


def switch_language(request, language):
    """Remember the reader's language in a cookie and go back to the page they were on.

    A plain link (GET) rather than Django's POST-only set_language: anonymous pages then
    carry no form, no CSRF token and set no cookie until the reader asks for one.
    """
    if language not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
