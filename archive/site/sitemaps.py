"""The sitemap: every public page, drafts never; each app lists its own records."""

from django.conf import settings
from django.contrib.sitemaps.views import x_robots_tag
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from archive.sitemaps import ArchiveSitemap, ArticleSitemap, ProvinceSitemap
from conferences.sitemaps import ConferenceSitemap, TopicSitemap
from people.sitemaps import OfficialSitemap, OrganizationSitemap


class StaticSitemap(ArchiveSitemap):
    """The home page and the list pages."""

    priority = 0.7

    def items(self):
        return [
            "archive:home",
            "conferences:list",
            "people:official-list",
            "people:organization-list",
            "archive:article-list",
            "archive:province-list",
        ]

    def location(self, item):
        return reverse(item)


sitemaps = {
    "static": StaticSitemap,
    "conferences": ConferenceSitemap,
    "articles": ArticleSitemap,
    "officials": OfficialSitemap,
    "organizations": OrganizationSitemap,
    "provinces": ProvinceSitemap,
    "topics": TopicSitemap,
}


HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


@x_robots_tag
def section(request, section):
    """One page of a section: what Django's sitemap view and template write, built as
    text (a template took seconds for 50,000 entries with their alternates)."""
    if section not in sitemaps:
        raise Http404
    sitemap = sitemaps[section]()
    try:
        page = sitemap.paginator.page(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404 from None
    origin = f"{request.scheme}://{request.get_host()}"
    languages = sitemap._languages()
    parts, addresses = [HEAD], {}
    for item, language in page.object_list:
        key = id(item)
        if key not in addresses:
            addresses = {
                key: {code: escape(origin + sitemap.address(item, code)) for code in languages}
            }
        here = addresses[key]
        parts.append(f"<url><loc>{here[language]}</loc>")
        if lastmod := sitemap.lastmod(item):
            parts.append(f"<lastmod>{timezone.localtime(lastmod).date().isoformat()}</lastmod>")
        if sitemap.priority is not None:
            parts.append(f"<priority>{sitemap.priority}</priority>")
        for code in languages:
            parts.append(f'<xhtml:link rel="alternate" hreflang="{code}" href="{here[code]}"/>')
        default = here[settings.LANGUAGE_CODE]
        parts.append(f'<xhtml:link rel="alternate" hreflang="x-default" href="{default}"/></url>\n')
    parts.append("</urlset>\n")
    return HttpResponse("".join(parts), content_type="application/xml")
