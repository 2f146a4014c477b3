"""Sitemap sections for articles and provinces."""

from django.contrib.sitemaps import Sitemap

from .models import Article, Province


class ArticleSitemap(Sitemap):
    priority = 0.6

    def items(self):
        return Article.objects.published().only("slug").order_by("pk")


class ProvinceSitemap(Sitemap):
    priority = 0.5

    def items(self):
        return Province.objects.only("slug").order_by("pk")
