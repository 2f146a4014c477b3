"""The site's own pages: home and search across all records."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from archive.filters import all_provinces
from archive.lib.caching import cached, public_page
from archive.models import Article
from archive.views import current_units, provinces_with_counts
from conferences.filters import conference_year_counts, conference_years
from conferences.models import Conference
from people.models import Official, Organization

from .search import SearchForm, search_results


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
        "years": conference_year_counts(),
    }
    return render(request, "archive/home.html", context)


def search(request):
    provinces = all_provinces()
    form = SearchForm(request.GET or None, provinces=provinces, years=conference_years())
    results, terms, status = None, None, 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        query = data["q"].strip()
        province = form.provinces.get(data["province"])
        found, terms = search_results(query, data["year"], province, provinces)
        labels = {
            "provinces": _("Địa phương"),
            "conferences": _("Hội nghị"),
            "officials": _("Quan chức"),
            "organizations": _("Tổ chức"),
            "articles": _("Bài báo"),
        }
        results = [
            {"key": key, "label": labels[key], **group, "list_url": group_list_url(key, data)}
            for key, group in found.items()
        ]
    query = form.cleaned_data.get("q", "").strip() if form.is_bound and form.is_valid() else ""
    context = {
        "form": form,
        "query": query,
        "highlight_query": terms.highlighted if terms else query,
        "is_name": bool(terms and terms.is_name),
        "results": results,
        "total": sum(group["count"] for group in results or []),
    }
    return render(request, "archive/search.html", context, status=status)


def group_list_url(key, data):
    """The list a search group opens as, filtered by the same query (and the year and
    province where that list has them): paged, with its count."""
    names = {
        "conferences": ("conferences:list", ("q", "year", "province")),
        "articles": ("archive:article-list", ("q", "year", "province")),
        "officials": ("people:official-list", ("q",)),
        "organizations": ("people:organization-list", ("q",)),
    }
    if key not in names:
        return None
    name, params = names[key]
    query = {p: data[p] for p in params if data.get(p)}
    return f"{reverse(name)}?{urlencode(query)}"
