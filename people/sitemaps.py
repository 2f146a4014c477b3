"""Sitemap sections for officials and organisations."""

from archive.sitemaps import ArchiveSitemap

from .models import Official, Organization


class OfficialSitemap(ArchiveSitemap):
    url_name = "people:official-detail"
    priority = 0.6

    def items(self):
        return Official.objects.public().only("slug", "updated_at").order_by("pk")


class OrganizationSitemap(ArchiveSitemap):
    url_name = "people:organization-detail"
    priority = 0.5

    def items(self):
        return Organization.objects.public().only("slug", "updated_at").order_by("pk")
