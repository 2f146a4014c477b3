"""The sitemap: every public page, drafts never; each app lists its own records."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from archive.sitemaps import ArticleSitemap, ProvinceSitemap
from conferences.sitemaps import ConferenceSitemap, TopicSitemap
from people.sitemaps import OfficialSitemap, OrganizationSitemap


class StaticSitemap(Sitemap):
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
