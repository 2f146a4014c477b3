"""The sitemap: every public page, drafts never.

No `lastmod`: the models record when a row was published but not when it was last
edited, and a wrong date is worse than none.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from conferences.models import Conference, Topic
from people.models import Official, Organization

from .models import Article, Province


class ConferenceSitemap(Sitemap):
    priority = 0.8

    def items(self):
        return Conference.objects.published().only("slug").order_by("pk")


class ArticleSitemap(Sitemap):
    priority = 0.6

    def items(self):
        return Article.objects.published().only("slug").order_by("pk")


class OfficialSitemap(Sitemap):
    priority = 0.6

    def items(self):
        return Official.objects.only("slug").order_by("pk")


class OrganizationSitemap(Sitemap):
    priority = 0.5

    def items(self):
        return Organization.objects.only("slug").order_by("pk")


class ProvinceSitemap(Sitemap):
    priority = 0.5

    def items(self):
        return Province.objects.only("slug").order_by("pk")


class TopicSitemap(Sitemap):
    priority = 0.5

    def items(self):
        return Topic.objects.only("slug").order_by("pk")


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
