"""Sitemap sections for officials and organisations."""

from django.contrib.sitemaps import Sitemap

from .models import Official, Organization


class OfficialSitemap(Sitemap):
    priority = 0.6

    def items(self):
        return Official.objects.public().only("slug").order_by("pk")


class OrganizationSitemap(Sitemap):
    priority = 0.5

    def items(self):
        return Organization.objects.public().only("slug").order_by("pk")
