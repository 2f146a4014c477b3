"""Sitemap sections for conferences and topics."""

from django.contrib.sitemaps import Sitemap

from .models import Conference, Topic


class ConferenceSitemap(Sitemap):
    priority = 0.8

    def items(self):
        return Conference.objects.published().only("slug").order_by("pk")


class TopicSitemap(Sitemap):
    priority = 0.5

    def items(self):
        return Topic.objects.public().only("slug").order_by("pk")
