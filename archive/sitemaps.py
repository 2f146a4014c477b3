"""Sitemap sections for articles and provinces, and what every section shares."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet

from .lib.pagination import CachedCountPaginator
from .models import Article, Province


class LanguagePairs:
    """(item, language) for every item and language, as Django's i18n sitemaps list them,
    read a page at a time: Django's own list holds every row of the table at once."""

    def __init__(self, items, languages):
        self.items = items
        self.languages = list(languages)

    def count(self):
        if isinstance(self.items, QuerySet):
            rows = CachedCountPaginator(self.items, 1).count  # cached until the next save
        else:
            rows = len(self.items)
        return rows * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        n = len(self.languages)
        start, stop, _step = index.indices(self.count())
        rows = self.items[start // n : -(-stop // n)]
        pairs = [(row, language) for row in rows for language in self.languages]
        skip = start - start // n * n
        return pairs[skip : skip + stop - start]


class ArchiveSitemap(Sitemap):
    """One section of the sitemap: every page in both languages, each entry naming the
    other (hreflang), `lastmod` from the rows' `updated_at` where they have one, paged at
    the protocol's 50,000 addresses (sitemap-<section>.xml?p=N, listed by the index)."""

    i18n = True
    alternates = True
    x_default = True

    def _items(self):
        return LanguagePairs(self.items(), self._languages())

    def get_latest_lastmod(self):
        items = self.items()
        if not self.dated(items):
            return None
        return items.aggregate(latest=Max("updated_at"))["latest"]

    def lastmod(self, item):
        return getattr(item, "updated_at", None)

    @staticmethod
    def dated(items):
        return isinstance(items, QuerySet) and any(
            f.name == "updated_at" for f in items.model._meta.concrete_fields
        )


class ArticleSitemap(ArchiveSitemap):
    priority = 0.6

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("pk")


class ProvinceSitemap(ArchiveSitemap):
    priority = 0.5

    def items(self):
        return Province.objects.only("slug").order_by("pk")
