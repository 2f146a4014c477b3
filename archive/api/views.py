"""A read-only JSON API over the public records; `schema.py` describes it (OpenAPI 3.1).

Plain views that return dicts; `api_view` turns them into JSON responses and turns bad
input into a 400 and a missing record into a 404, both as `{"error": ..., "field": ...}`.
Drafts never appear, and a fact is shown only with a published source to check it against.
"""

import re
from functools import wraps

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from archive.lib.dates import format_partial_date
from archive.models import Article, Outlet, Province, Status
from conferences.filters import ConferenceFilter
from conferences.models import (
    Conference,
    ConferenceSource,
    ConferenceTopic,
    Figure,
    Format,
    Organizer,
    Participation,
    Topic,
)
from people.models import Official, Organization, Position, Rank

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Any plausible year is a valid filter, not only the years that have a conference.
YEARS = range(1900, 2101)
MAX_QUERY_LENGTH = 200  # as the public list's search box


class ApiError(Exception):
    def __init__(self, message, field=None, status=400):
        super().__init__(message)
        self.message, self.field, self.status = message, field, status


def error_response(message, field=None, status=400):
    return JsonResponse(
        {"error": message, "field": field}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def api_view(view):
    """GET/HEAD only; the view returns a dict or raises ApiError or Http404."""

    @csrf_exempt  # read-only: other methods get the API's JSON 405, not CSRF's HTML 403
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in ("GET", "HEAD"):
            try:
                reject_repeated_parameters(request)
                response = JsonResponse(
                    view(request, *args, **kwargs), json_dumps_params={"ensure_ascii": False}
                )
            except ApiError as error:
                response = error_response(error.message, error.field, error.status)
            except Http404:
                response = error_response(_("Không tìm thấy."), status=404)
        else:
            response = error_response(_("API chỉ đọc: chỉ nhận GET."), status=405)
            response["Allow"] = "GET, HEAD"
        # Public, read-only data: any site may fetch it.
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


# --- Query parameters -----------------------------------------------------------------


def reject_repeated_parameters(request):
    """Every parameter takes one value: `?page=1&page=2` is ambiguous, so it is refused
    rather than silently reading the last one."""
    for name, values in request.GET.lists():
        if len(values) > 1:
            raise ApiError(_("Tham số chỉ được nêu một lần."), field=name)


def int_param(request, name, default, minimum, maximum=None):
    raw = request.GET.get(name, "")
    if not raw:
        return default
    # Plain digits only: int() would also take "\x1f5" or " 5".
    if not re.fullmatch(r"-?[0-9]+", raw):
        raise ApiError(_("“%(name)s” phải là số nguyên.") % {"name": name}, name)
    value = int(raw)
    if maximum is None and value < minimum:
        raise ApiError(
            _("“%(name)s” phải từ %(min)s trở lên.") % {"name": name, "min": minimum}, name
        )
    if maximum is not None and not minimum <= value <= maximum:
        raise ApiError(
            _("“%(name)s” phải từ %(min)s đến %(max)s.")
            % {"name": name, "min": minimum, "max": maximum},
            name,
        )
    return value


def slug_param(request, name, queryset):
    """The row whose slug the parameter names, None when absent; unknown → 400."""
    slug = request.GET.get(name, "").strip()
    if not slug:
        return None
    try:
        return queryset.get(slug=slug)
    except queryset.model.DoesNotExist:
        raise ApiError(
            _("Không có %(what)s nào có slug “%(slug)s”.")
            % {"what": queryset.model._meta.verbose_name, "slug": slug},
            name,
        ) from None


def search_param(request):
    query = request.GET.get("q", "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise ApiError(_("“q” dài tối đa %(max)s ký tự.") % {"max": MAX_QUERY_LENGTH}, "q")
    return query


def paginate(request, queryset, serialize):
    """The list envelope; a page beyond the last is a 400, not an empty list."""
    page_size = int_param(request, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    number = int_param(request, "page", 1, minimum=1)
    paginator = Paginator(queryset, page_size)
    if number > paginator.num_pages:
        raise ApiError(
            _("Trang %(page)s vượt quá trang cuối (%(last)s).")
            % {"page": number, "last": paginator.num_pages},
            "page",
        )
    page = paginator.page(number)

    def page_url(n):
        params = request.GET.copy()
        params["page"] = n
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": paginator.count,
        "page": number,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "next": page_url(number + 1) if page.has_next() else None,
        "previous": page_url(number - 1) if page.has_previous() else None,
        "results": [serialize(request, obj) for obj in page.object_list],
    }


# --- Querysets: what is public, fetched in a bounded number of queries ---------------


def conferences_for_listing():
    return Conference.objects.published().for_listing()


def filter_conferences(request):
    """The public list's own filters and sorts; invalid input is a 400 naming the field."""
    filterset = ConferenceFilter(request.GET, queryset=conferences_for_listing(), years=YEARS)
    if not filterset.is_valid():
        field, messages = next(iter(filterset.errors.items()))
        raise ApiError(messages[0], field)
    return filterset.qs


def with_conference(queryset):
    """Rows that point to a conference: published ones only, ready for `conference_item`."""
    return queryset.filter(conference__status=Status.PUBLISHED).select_related(
        "conference__province__successor"
    )


# --- Serialisers ----------------------------------------------------------------------


def absolute(request, path):
    return request.build_absolute_uri(path)


def iso(value):
    return value.isoformat() if value else None


def partial_date(value, precision):
    return {
        "date": iso(value),
        "precision": precision,
        "display": format_partial_date(value, precision),
    }


def link(request, obj, api_name):
    return {
        "url": absolute(request, reverse(api_name, kwargs={"slug": obj.slug})),
        "html_url": absolute(request, obj.get_absolute_url()),
    }


def province_ref(request, province):
    if province is None:
        return None
    successor = province.successor
    return {
        "slug": province.slug,
        "name": province.name,
        "label": str(province.label_on()),
        "is_current": province.is_current,
        "now_part_of": (
            {
                "slug": successor.slug,
                "name": successor.name,
                **link(request, successor, "api:province-detail"),
            }
            if successor
            else None
        ),
        **link(request, province, "api:province-detail"),
    }


def official_ref(request, official):
    if official is None:
        return None
    return {
        "slug": official.slug,
        "full_name": official.full_name,
        **link(request, official, "api:official-detail"),
    }


def organization_ref(request, organization):
    if organization is None:
        return None
    return {
        "slug": organization.slug,
        "name": organization.name,
        "abbreviation": organization.abbreviation,
        "kind": organization.kind,
        **link(request, organization, "api:organization-detail"),
    }


def topic_ref(request, topic):
    return {"slug": topic.slug, "name": topic.name, **link(request, topic, "api:topic-detail")}


def outlet_ref(outlet):
    if outlet is None:
        return None
    return {"slug": outlet.slug, "name": outlet.name, "website": outlet.website}


def article_item(request, article):
    return {
        "slug": article.slug,
        "title": article.title,
        "title_supplied": article.title_supplied,
        "outlet": outlet_ref(article.outlet),
        "outlet_published_at": iso(article.outlet_published_at),
        "outlet_published_precision": article.outlet_published_precision,
        "byline": article.byline,
        "original_url": article.url,
        **link(request, article, "api:article-detail"),
    }


def source(request, evidence):
    """Where a fact is written: the article and the passage, verbatim."""
    return {"article": article_item(request, evidence.article), "passage": evidence.passage}


def conference_item(request, conference):
    return {
        "slug": conference.slug,
        "name": conference.name,
        "kind": conference.kind,
        "scope": conference.scope,
        "format": conference.format,
        "date": {
            **partial_date(conference.start_date, conference.date_precision),
            "end_date": iso(conference.end_date),
            "as_printed": conference.date_as_printed,
        },
        "province": province_ref(request, conference.province),
        "venue": conference.venue,
        **link(request, conference, "api:conference-detail"),
    }


def figures(request, conference):
    """Each kind of figure: the archive's value and what each source said."""
    agreed = {
        Figure.Kind.ATTENDEES: (conference.attendees, conference.attendees_qualifier or None),
        Figure.Kind.CONNECTION_POINTS: (conference.connection_points, None),
        Figure.Kind.PROVINCES: (conference.provinces_participating, None),
        Figure.Kind.FORMAT: (
            None if conference.format == Format.UNKNOWN else conference.format,
            None,
        ),
    }
    result = []
    for kind, (value, qualifier) in agreed.items():
        claims = [figure for figure in conference.figures.all() if figure.kind == kind]
        if value is None and not claims:
            continue
        numbers = {figure.value for figure in claims if figure.value is not None}
        result.append(
            {
                "kind": kind.value,
                "value": value,
                "qualifier": qualifier,
                "range": {"min": min(numbers), "max": max(numbers)} if len(numbers) > 1 else None,
                "claims": [
                    {
                        "value": figure.format if kind == Figure.Kind.FORMAT else figure.value,
                        "qualifier": None if kind == Figure.Kind.FORMAT else figure.qualifier,
                        "as_printed": figure.as_printed,
                        "source": source(request, figure),
                    }
                    for figure in claims
                ],
            }
        )
    return result


def participation_fields(request, participation):
    return {
        "role": participation.role,
        "rank_as_printed": participation.rank_as_printed,
        "title_as_printed": participation.title_as_printed,
        "source": source(request, participation),
    }


def observed(observation):
    return partial_date(observation.observed_on, observation.observed_precision)


def position_fields(request, position):
    return {
        "title": position.title,
        "as_printed": position.as_printed,
        "is_former": position.is_former,
        "observed": observed(position),
        "source": source(request, position),
    }


# --- Views ----------------------------------------------------------------------------


@api_view
def index(request):
    def url(name):
        return absolute(request, reverse(name))

    return {
        "name": _("Lưu trữ hội nghị tập huấn nhân quyền"),
        "description": _("API JSON chỉ đọc; mô tả đầy đủ theo OpenAPI 3.1."),
        "openapi": url("api:openapi"),
        "endpoints": {
            "conferences": url("api:conference-list"),
            "officials": url("api:official-list"),
            "organizations": url("api:organization-list"),
            "articles": url("api:article-list"),
            "provinces": url("api:province-list"),
            "topics": url("api:topic-list"),
        },
        "feeds": {"conferences": url("feed-conferences"), "articles": url("feed-articles")},
        "sitemap": url("sitemap"),
    }


@api_view
def not_found(request, rest):
    raise Http404


@api_view
def conference_list(request):
    return paginate(request, filter_conferences(request), conference_item)


@api_view
def conference_detail(request, slug):
    conferences = Conference.objects.published().select_related("province__successor")
    conferences = conferences.prefetch_related(
        Prefetch("figures", Figure.objects.public()),
        Prefetch("organizers", Organizer.objects.public().select_related("organization")),
        Prefetch(
            "participations",
            Participation.objects.public().select_related("official", "organization"),
        ),
        Prefetch("conference_topics", ConferenceTopic.objects.public().select_related("topic")),
        Prefetch("sources", ConferenceSource.objects.public()),
    )
    conference = get_object_or_404(conferences, slug=slug)
    return {
        **conference_item(request, conference),
        "summary": conference.summary,
        "scope_as_printed": conference.scope_as_printed,
        "figures": figures(request, conference),
        "organizers": [
            {
                "organization": organization_ref(request, row.organization),
                "role": row.role,
                "as_printed": row.as_printed,
                "source": source(request, row),
            }
            for row in conference.organizers.all()
        ],
        "participations": [
            {
                "official": official_ref(request, row.official),
                "organization": organization_ref(request, row.organization),
                **participation_fields(request, row),
            }
            for row in conference.participations.all()
        ],
        "topics": [
            {
                "topic": topic_ref(request, row.topic),
                "as_printed": row.as_printed,
                "source": source(request, row),
            }
            for row in conference.conference_topics.all()
        ],
        "sources": [
            {**source(request, row), "relation": row.relation} for row in conference.sources.all()
        ],
    }


@api_view
def official_list(request):
    officials = Official.objects.public()
    if query := search_param(request):
        officials = officials.search(query)
    return paginate(request, officials, official_ref)


@api_view
def official_detail(request, slug):
    officials = Official.objects.public().prefetch_related(
        Prefetch("ranks", Rank.objects.public()),
        Prefetch("positions", Position.objects.public().select_related("organization")),
        Prefetch(
            "participations",
            with_conference(Participation.objects.public()).order_by(
                "conference__start_date", "pk"
            ),
        ),
    )
    official = get_object_or_404(officials, slug=slug)
    return {
        **official_ref(request, official),
        "biography": official.biography,
        "photo": absolute(request, official.photo.url) if official.photo else None,
        "ranks": [
            {"rank": row.rank, "observed": observed(row), "source": source(request, row)}
            for row in official.ranks.all()
        ],
        "positions": [
            {
                "organization": organization_ref(request, row.organization),
                **position_fields(request, row),
            }
            for row in official.positions.all()
        ],
        "participations": [
            {
                "conference": conference_item(request, row.conference),
                **participation_fields(request, row),
            }
            for row in official.participations.all()
        ],
    }


@api_view
def organization_list(request):
    organizations = Organization.objects.public()
    if query := search_param(request):
        organizations = organizations.search(query)
    return paginate(request, organizations, organization_ref)


@api_view
def organization_detail(request, slug):
    organizations = (
        Organization.objects.public()
        .select_related("parent", "successor", "province__successor")
        .prefetch_related(
            "aliases",
            Prefetch("children", Organization.objects.public()),
            Prefetch("predecessors", Organization.objects.public()),
            Prefetch("positions", Position.objects.public().select_related("official")),
            Prefetch("organizer_roles", with_conference(Organizer.objects.public())),
            Prefetch("participations", with_conference(Participation.objects.public())),
        )
    )
    organization = get_object_or_404(organizations, slug=slug)
    return {
        **organization_ref(request, organization),
        "description": organization.description,
        "aliases": [alias.name for alias in organization.aliases.all()],
        "parent": organization_ref(request, organization.parent),
        "children": [organization_ref(request, o) for o in organization.children.all()],
        "province": province_ref(request, organization.province),
        "successor": organization_ref(request, organization.successor),
        "succeeded_on": iso(organization.succeeded_on),
        "predecessors": [organization_ref(request, o) for o in organization.predecessors.all()],
        "positions": [
            {"official": official_ref(request, row.official), **position_fields(request, row)}
            for row in organization.positions.all()
        ],
        "organized": [
            {
                "conference": conference_item(request, row.conference),
                "role": row.role,
                "as_printed": row.as_printed,
                "source": source(request, row),
            }
            for row in organization.organizer_roles.all()
        ],
        "participations": [
            {
                "conference": conference_item(request, row.conference),
                **participation_fields(request, row),
            }
            for row in organization.participations.all()
        ],
    }


@api_view
def article_list(request):
    articles = Article.objects.published().for_listing().defer("body", "search_text")
    if outlet := slug_param(request, "outlet", Outlet.objects.all()):
        articles = articles.filter(outlet=outlet)
    if query := search_param(request):
        articles = articles.search(query)
    return paginate(request, articles, article_item)


@api_view
def article_detail(request, slug):
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
    article = get_object_or_404(articles, slug=slug)
    document = article.source_document
    return {
        **article_item(request, article),
        "lead": article.lead,
        "paragraphs": article.paragraphs,
        "images": [
            {
                "order": image.order,
                "caption": image.caption,
                "credit": image.credit,
                "image_url": absolute(request, image.image.url) if image.image else None,
            }
            for image in article.images.all()
        ],
        "conferences": [
            {
                "conference": conference_item(request, row.conference),
                "relation": row.relation,
                "passage": row.passage,
            }
            for row in article.public_sources
        ],
        "source_document": (
            {
                "file_name": document.file_name,
                "sha256": document.sha256,
                "retrieved_at": iso(document.retrieved_at),
                "url": absolute(request, document.get_absolute_url()),
            }
            if document
            else None
        ),
    }


def province_item(request, province):
    return {
        **province_ref(request, province),
        "full_name": province.full_name,
        "kind": province.kind,
        "region": province.region,
        "code": province.code,
        "is_former": province.is_former,
    }


@api_view
def province_list(request):
    return paginate(request, Province.objects.select_related("successor"), province_item)


@api_view
def province_detail(request, slug):
    provinces = Province.objects.select_related("successor").prefetch_related("predecessors")
    province = get_object_or_404(provinces, slug=slug)
    conferences = conferences_for_listing().in_province(province)
    return {
        **province_item(request, province),
        "aliases": province.aliases,
        "former_units": [
            {"slug": p.slug, "name": p.name, **link(request, p, "api:province-detail")}
            for p in province.predecessors.all()
        ],
        "conferences": [conference_item(request, c) for c in conferences],
    }


@api_view
def topic_list(request):
    return paginate(request, Topic.objects.public(), topic_ref)


@api_view
def topic_detail(request, slug):
    topic = get_object_or_404(Topic.objects.public(), slug=slug)
    conferences = conferences_for_listing().cited_by_public("conference_topics", topic=topic)
    return {
        **topic_ref(request, topic),
        "description": topic.description,
        "conferences": [conference_item(request, c) for c in conferences],
    }
