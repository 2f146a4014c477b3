"""Sitemap sections for conferences and topics."""

from archive.sitemaps import ArchiveSitemap

from .models import Conference, Topic


class ConferenceSitemap(ArchiveSitemap):
    url_name = "conferences:detail"
    priority = 0.8

    def items(self):
        return Conference.objects.published().only("slug", "updated_at").order_by("pk")


class TopicSitemap(ArchiveSitemap):
    url_name = "conferences:topic-detail"
    priority = 0.5

    def items(self):
        return Topic.objects.public().only("slug", "updated_at").order_by("pk")
