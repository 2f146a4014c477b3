"""The sitemap: every public page, drafts never; each app lists its own records."""

from django.urls import reverse

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
