"""The site's own pages: home and search across all records."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from archive.filters import all_provinces
from archive.lib.caching import cached, public_page
from archive.lib.text import strip_name_prefix
from archive.models import Article
from archive.views import current_units, provinces_with_counts
from conferences.filters import conference_years
from conferences.models import Conference
from people.models import Official, Organization

from .search import SEARCH_LIMIT, SearchForm, search_results


def home_counts():
    return {
        "conference_count": Conference.objects.published().count(),
        "article_count": Article.objects.published().count(),
        "official_count": Official.objects.public().count(),
        "organization_count": Organization.objects.public().count(),
    }


@public_page
def home(request):
    provinces = provinces_with_counts()
    context = {
        "latest_conferences": Conference.objects.published().for_listing()[:6],
        **cached("home-counts", home_counts),
        "provinces": [p for p in current_units(provinces) if p.total],
        "years": conference_years(),
    }
    return render(request, "archive/home.html", context)


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
