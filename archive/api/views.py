"""A read-only JSON API over the public records, described by OpenAPI 3.1 at
/api/openapi.json.

The shapes are declared once in `schemas.py` and the query parameters in `params.py`;
django-ninja turns both into the responses and the description. A view only picks the
records, in a bounded number of queries. Drafts never appear, and a fact is shown only
with a published source to check it against. A detail lists the latest `LATEST` rows of
a long list and links to all of them, paged.
"""

from functools import cache

from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query

from archive.lib.pagination import LATEST
from archive.models import Article, Outlet, Province
from conferences.filters import ConferenceFilter
from conferences.models import Conference, ConferenceSource, Organizer, Participation, Topic
from people.models import Official, Organization, Position, Rank
from people.views import find_public

from . import params, schemas
from .base import ReadOnlyAPI
from .errors import ApiError, Error

api = ReadOnlyAPI(
    title="Lưu trữ hội nghị tập huấn nhân quyền — API",
    version="1.0.0",
    description=(
        "Read-only JSON API over the archive's published records. Every fact comes with "
        "its source: the article and the passage that states it, verbatim. Drafts never "
        f"appear. A record's long lists show the latest {LATEST} rows and link to all of "
        'them, paged. Errors: `{"error": ..., "field": ...}`.'
    ),
    urls_namespace="api",
)

LIST_ERRORS = {400: Error}
DETAIL_ERRORS = {404: Error}
# A merged record's old address answers with the survivor's (people.models.MergedAway).
MOVED = {301: None}
SUBLIST_ERRORS = {400: Error, 404: Error}


# --- Querysets: what is public, fetched in a bounded number of queries ---------------


def conferences_for_listing():
    return Conference.objects.published().for_listing()


def with_conference(rows):
    """Public rows (so about a published conference), newest conference first, with what
    `schemas.Conference` shows."""
    return (
        rows.public()
        .select_related("conference__province__successor")
        .order_by(F("conference__start_date").desc(nulls_last=True), "-pk")
    )


def positions_at(organization):
    return (
        Position.objects.public()
        .filter(organization=organization)
        .select_related("official")
        .order_by(F("observed_on").desc(nulls_last=True), "-pk")
    )


def moved_to(url_name, record):
    """301 to `record`'s address under `url_name`: the API side of people.views.find_public."""
    response = HttpResponsePermanentRedirect(reverse(f"api:{url_name}", args=[record.slug]))
    response["Access-Control-Allow-Origin"] = "*"
    return response


def paginate(request, queryset, paging):
    """The list envelope; a page beyond the last is a 400, not an empty list."""
    paginator = Paginator(queryset, paging.page_size)
    number = paging.page
    if number > paginator.num_pages:
        raise ApiError(
            _("Trang %(page)s vượt quá trang cuối (%(last)s).")
            % {"page": number, "last": paginator.num_pages},
            "page",
        )
    page = paginator.page(number)

    def page_url(n):
        query = request.GET.copy()
        query["page"] = n
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "page": number,
        "page_size": paging.page_size,
        "num_pages": paginator.num_pages,
        "next": page_url(number + 1) if page.has_next() else None,
        "previous": page_url(number - 1) if page.has_previous() else None,
        "results": list(page.object_list),
    }


# --- The index and the description --------------------------------------------------


@api.get("/", response=schemas.Index, url_name="index", summary="Links to every endpoint.")
def index(request):
    def url(name):
        return request.build_absolute_uri(reverse(name))

    return {
        "name": _("Lưu trữ hội nghị tập huấn nhân quyền"),
        "description": _("API JSON chỉ đọc; mô tả đầy đủ theo OpenAPI 3.1."),
        "openapi": url("api:openapi"),
        "endpoints": {name: url(route) for name, route in schemas.ENDPOINTS.items()},
        "feeds": {"conferences": url("feed-conferences"), "articles": url("feed-articles")},
        "sitemap": url("sitemap"),
    }


@api.get("/openapi.json", response=dict, url_name="openapi", summary="This description.")
def openapi(request):
    return openapi_document()


@cache
def openapi_document():
    return api.openapi_document()


# --- Conferences ----------------------------------------------------------------------


@api.get(
    "/conferences/",
    response={200: schemas.paged(schemas.Conference), **LIST_ERRORS},
    url_name="conference-list",
    summary="Published conferences, newest first, filtered like the public list.",
)
def conference_list(request, query: Query[params.ConferenceQuery]):
    filterset = ConferenceFilter(
        request.GET, queryset=conferences_for_listing(), years=params.YEARS
    )
    if not filterset.is_valid():
        field, messages = next(iter(filterset.errors.items()))
        raise ApiError(messages[0], field)
    return paginate(request, filterset.qs, query)


@api.get(
    "/conferences/{slug:slug}/",
    response={200: schemas.ConferenceDetail, **DETAIL_ERRORS},
    url_name="conference-detail",
    summary="One published conference with its figures, people, topics and sources.",
)
def conference_detail(request, slug: str):
    return get_object_or_404(Conference.objects.published().for_detail(), slug=slug)


# --- Officials ------------------------------------------------------------------------


@api.get(
    "/officials/",
    response={200: schemas.paged(schemas.OfficialRef), **LIST_ERRORS},
    url_name="official-list",
    summary="Officials, by given name.",
)
def official_list(request, query: Query[params.Search]):
    officials = Official.objects.public()
    if query.q:
        officials = officials.search(query.q)
    return paginate(request, officials, query)


@api.get(
    "/officials/{slug:slug}/",
    response={200: schemas.OfficialDetail, **MOVED, **DETAIL_ERRORS},
    url_name="official-detail",
    summary="One official: ranks, positions and appearances at published conferences.",
)
def official_detail(request, slug: str):
    officials = Official.objects.public().prefetch_related(
        Prefetch("ranks", Rank.objects.public()),
        Prefetch("positions", Position.objects.public().select_related("organization")),
    )
    official, survivor = find_public(officials, slug)
    if survivor:
        return moved_to("official-detail", survivor)
    appearances = with_conference(Participation.objects.filter(official=official))
    official.latest_participations = list(appearances[:LATEST])
    return official


@api.get(
    "/officials/{slug:slug}/participations/",
    response={200: schemas.paged(schemas.Appearance), **SUBLIST_ERRORS},
    url_name="official-participations",
    summary="The official's appearances at published conferences, newest first.",
)
def official_participations(request, slug: str, query: Query[params.Paging]):
    official = get_object_or_404(Official.objects.public(), slug=slug)
    return paginate(
        request, with_conference(Participation.objects.filter(official=official)), query
    )


# --- Organisations --------------------------------------------------------------------


@api.get(
    "/organizations/",
    response={200: schemas.paged(schemas.OrganizationRef), **LIST_ERRORS},
    url_name="organization-list",
    summary="Organisations, by name.",
)
def organization_list(request, query: Query[params.Search]):
    organizations = Organization.objects.public()
    if query.q:
        organizations = organizations.search(query.q)
    return paginate(request, organizations, query)


@api.get(
    "/organizations/{slug:slug}/",
    response={200: schemas.OrganizationDetail, **MOVED, **DETAIL_ERRORS},
    url_name="organization-detail",
    summary="One organisation: hierarchy, aliases, people and published conferences.",
)
def organization_detail(request, slug: str):
    organizations = (
        Organization.objects.public()
        .select_related("parent", "successor", "province__successor")
        .prefetch_related(
            "aliases",
            Prefetch("children", Organization.objects.public()),
            Prefetch("predecessors", Organization.objects.public()),
        )
    )
    organization, survivor = find_public(organizations, slug)
    if survivor:
        return moved_to("organization-detail", survivor)
    organization.latest_positions = list(positions_at(organization)[:LATEST])
    organized = with_conference(Organizer.objects.filter(organization=organization))
    organization.latest_organized = list(organized[:LATEST])
    appearances = with_conference(Participation.objects.filter(organization=organization))
    organization.latest_participations = list(appearances[:LATEST])
    return organization


@api.get(
    "/organizations/{slug:slug}/positions/",
    response={200: schemas.paged(schemas.OrganizationPosition), **SUBLIST_ERRORS},
    url_name="organization-positions",
    summary="Positions held in the organisation, latest observed first.",
)
def organization_positions(request, slug: str, query: Query[params.Paging]):
    organization = get_object_or_404(Organization.objects.public(), slug=slug)
    return paginate(request, positions_at(organization), query)


@api.get(
    "/organizations/{slug:slug}/organized/",
    response={200: schemas.paged(schemas.Organized), **SUBLIST_ERRORS},
    url_name="organization-organized",
    summary="Published conferences the organisation organised, newest first.",
)
def organization_organized(request, slug: str, query: Query[params.Paging]):
    organization = get_object_or_404(Organization.objects.public(), slug=slug)
    organized = with_conference(Organizer.objects.filter(organization=organization))
    return paginate(request, organized, query)


@api.get(
    "/organizations/{slug:slug}/participations/",
    response={200: schemas.paged(schemas.Appearance), **SUBLIST_ERRORS},
    url_name="organization-participations",
    summary="Published conferences where it presented without a named person, newest first.",
)
def organization_participations(request, slug: str, query: Query[params.Paging]):
    organization = get_object_or_404(Organization.objects.public(), slug=slug)
    appearances = with_conference(Participation.objects.filter(organization=organization))
    return paginate(request, appearances, query)


# --- Articles -------------------------------------------------------------------------


@api.get(
    "/articles/",
    response={200: schemas.paged(schemas.Article), **LIST_ERRORS},
    url_name="article-list",
    summary="Published articles, newest first.",
)
def article_list(request, query: Query[params.ArticleQuery]):
    articles = Article.objects.published().for_listing().defer("body", "search_text")
    if query.outlet:
        try:
            articles = articles.filter(outlet=Outlet.objects.get(slug=query.outlet))
        except Outlet.DoesNotExist:
            raise ApiError(
                _("Không có %(what)s nào có slug “%(slug)s”.")
                % {"what": Outlet._meta.verbose_name, "slug": query.outlet},
                "outlet",
            ) from None
    if query.q:
        articles = articles.search(query.q)
    return paginate(request, articles, query)


@api.get(
    "/articles/{slug:slug}/",
    response={200: schemas.ArticleDetail, **DETAIL_ERRORS},
    url_name="article-detail",
    summary="One published article with its body, images and the conferences it reports.",
)
def article_detail(request, slug: str):
    articles = (
        Article.objects.published()
        .select_related("outlet", "source_document")
        .defer("source_document__content", "search_text")
        .prefetch_related(
            "images",
            Prefetch(
                "conferencesource_evidence",
                with_conference(ConferenceSource.objects.all()),
                to_attr="public_sources",
            ),
        )
    )
    return get_object_or_404(articles, slug=slug)


# --- Provinces and topics -------------------------------------------------------------


@api.get(
    "/provinces/",
    response={200: schemas.paged(schemas.Province), **LIST_ERRORS},
    url_name="province-list",
    summary="Provincial units before and after the 2025 merger.",
)
def province_list(request, query: Query[params.Paging]):
    return paginate(request, Province.objects.select_related("successor"), query)


@api.get(
    "/provinces/{slug:slug}/",
    response={200: schemas.ProvinceDetail, **DETAIL_ERRORS},
    url_name="province-detail",
    summary="One provincial unit with its latest published conferences.",
)
def province_detail(request, slug: str):
    provinces = Province.objects.select_related("successor").prefetch_related("predecessors")
    province = get_object_or_404(provinces, slug=slug)
    conferences = conferences_for_listing().in_province(province)
    province.latest_conferences = list(conferences[:LATEST])
    return province


@api.get(
    "/topics/",
    response={200: schemas.paged(schemas.TopicRef), **LIST_ERRORS},
    url_name="topic-list",
    summary="Topics presented at conferences.",
)
def topic_list(request, query: Query[params.Paging]):
    return paginate(request, Topic.objects.public(), query)


@api.get(
    "/topics/{slug:slug}/",
    response={200: schemas.TopicDetail, **DETAIL_ERRORS},
    url_name="topic-detail",
    summary="One topic with the latest published conferences that presented it.",
)
def topic_detail(request, slug: str):
    topic = get_object_or_404(Topic.objects.public(), slug=slug)
    conferences = conferences_for_listing().cited_by_public("conference_topics", topic=topic)
    topic.latest_conferences = list(conferences[:LATEST])
    return topic
