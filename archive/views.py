"""Site-level pages (home, search) and the news side (articles, provinces, sources)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.generic import ListView

from conferences.models import Conference
from people.models import Official, Organization

from .models import Article, Province, SourceDocument


def home(request):
    context = {
        "latest_conferences": Conference.objects.published().for_listing()[:5],
        "conference_count": Conference.objects.published().count(),
        "article_count": Article.objects.published().count(),
        "official_count": Official.objects.count(),
    }
    return render(request, "archive/home.html", context)


class ArticleListView(ListView):
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing()


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.published().select_related("outlet"), slug=slug)
    return render(request, "archive/article_detail.html", {"article": article})


def province_list(request):
    provinces = Province.objects.select_related("successor")
    return render(request, "archive/province_list.html", {"provinces": provinces})


def province_detail(request, slug):
    province = get_object_or_404(Province.objects.select_related("successor"), slug=slug)
    conferences = Conference.objects.published().for_listing().in_province(province)
    return render(
        request,
        "archive/province_detail.html",
        {"province": province, "conferences": conferences},
    )


def source_document(request, file_name):
    document = get_object_or_404(SourceDocument, file_name=file_name)
    return HttpResponse(document.content, content_type=f"{document.content_type}; charset=utf-8")


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = {}
    if query:
        results = {
            "conferences": Conference.objects.published().search(query)[:20],
            "officials": Official.objects.search(query)[:20],
            "organizations": Organization.objects.search(query)[:20],
            "articles": Article.objects.published().search(query)[:20],
        }
    return render(request, "archive/search.html", {"query": query, "results": results})
