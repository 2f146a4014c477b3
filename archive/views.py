"""The news side's pages: articles, provinces and the saved source documents."""

from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils import timezone

from conferences.models import Conference, ConferenceSource

from .filters import ArticleFilter
from .lib import citation, jsonld
from .lib.caching import cached, public_page
from .lib.pagination import latest, paginate
from .lib.passages import PassageMarker
from .models import Article, Province, SourceDocument, Status, evidence_models

ARTICLES_PER_PAGE = 20


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


def current_units(provinces):
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


def article_list(request):
    filterset = ArticleFilter(
        request.GET or None, queryset=Article.objects.published().for_listing()
    )
    status, page, page_error = 200, None, ""
    if filterset.is_bound and not filterset.is_valid():
        status = 400
    else:
        page, page_error = paginate(request, filterset.qs, ARTICLES_PER_PAGE)
        status = 200 if page is not None else 404
    context = {
        "filter": filterset,
        "chips": filterset.chips(),
        "page_obj": page,
        "page_error": page_error,
    }
    return render(request, "archive/article_list.html", context, status=status)


def article_json_ld(request, article, conferences):
    data = jsonld.document(request, "NewsArticle", article, headline=article.title)
    data["inLanguage"] = "vi"
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
        data["about"] = [jsonld.thing(request, "Event", c) for c in conferences]
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


def cited_passages(article, *, with_drafts=False):
    """The passages of `article` that public facts quote (any fact, with drafts), in one
    query across every kind of fact."""
    queries = []
    for model in evidence_models():
        rows = model.objects.cited() if with_drafts else model.objects.public()
        queries.append(rows.filter(article=article).order_by().values_list("passage", flat=True))
    first, *others = queries
    return list(first.union(*others).order_by())  # without the first model's default order


def marked_text(article, passages):
    """The article's title, lead, paragraphs and captions with the quoted passages marked,
    and the passages quoted from the saved page instead (a teaser beside the body)."""
    marker = PassageMarker(passages)
    return {
        "title": marker.mark(article.title),
        "lead": marker.mark(article.lead),
        "paragraphs": [marker.mark(p) for p in article.paragraphs],
        "captions": {image.pk: marker.mark(image.caption) for image in article.images.all()},
        "beside": marker.unplaced(),
    }


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
    issued = None
    if article.outlet_published_at:
        day = timezone.localtime(article.outlet_published_at).date()
        issued = (day.year, day.month, day.day)
    return {
        "article": article,
        "reports": reports,
        "text": marked_text(article, cited_passages(article, with_drafts=with_drafts)),
        "citation": citation.for_record(
            request,
            article,
            article.title,
            issued=issued,
            publisher=article.outlet.name if article.outlet else "",
        ),
        "json_ld": article_json_ld(request, article, conferences),
    }


@public_page
def province_list(request):
    provinces = provinces_with_counts()
    context = {
        "current_units": current_units(provinces),
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
    json_ld = jsonld.document(request, "AdministrativeArea", province)
    if province.successor_id:
        json_ld["containedInPlace"] = jsonld.thing(
            request, "AdministrativeArea", province.successor
        )
    context = {
        "province": province,
        "conferences": conferences,
        "more_conferences": more,
        "json_ld": json_ld,
    }
    return render(request, "archive/province_detail.html", context)


def favicon(request):
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def source_document(request, file_name):
    """A saved page as evidence, never as a live page on the archive's origin: plain text
    in a sandbox whatever type it was saved with (an HTML or script document could
    otherwise act with a signed-in editor's rights). Readers get the documents of
    published articles; staff every one."""
    documents = SourceDocument.objects.all()
    if not request.user.has_perm("archive.view_sourcedocument"):
        documents = documents.public()
    document = get_object_or_404(documents, file_name=file_name)
    response = HttpResponse(document.content, content_type="text/plain; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
