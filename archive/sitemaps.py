"""Sitemap sections for articles and provinces, and what every section shares."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import translation

from .lib.caching import cached
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
    the protocol's 50,000 addresses (sitemap-<section>.xml?p=N, listed by the index;
    rendered by archive.site.sitemaps.section)."""

    i18n = True
    alternates = True
    x_default = True
    # The URL pattern of a row's page, by slug: addresses are then made by substitution,
    # not a reverse() per row and language (seconds for a page of 50,000).
    url_name = None
    SLUG = "--slug--"

    def address(self, item, language):
        """`item`'s path in `language`."""
        if self.url_name is None:
            with translation.override(language):
                return self.location(item)
        if not hasattr(self, "_patterns"):
            self._patterns = {}
        if language not in self._patterns:
            with translation.override(language):
                self._patterns[language] = reverse(self.url_name, kwargs={"slug": self.SLUG})
        return self._patterns[language].replace(self.SLUG, item.slug)

    def _items(self):
        return LanguagePairs(self.items(), self._languages())

    def get_latest_lastmod(self):
        items = self.items()
        if not self.dated(items):
            return None
        return cached(
            f"sitemap-lastmod:{type(self).__name__}",
            lambda: items.aggregate(latest=Max("updated_at"))["latest"],
        )

    def lastmod(self, item):
        return getattr(item, "updated_at", None)

    @staticmethod
    def dated(items):
        return isinstance(items, QuerySet) and any(
            f.name == "updated_at" for f in items.model._meta.concrete_fields
        )


class ArticleSitemap(ArchiveSitemap):
    priority = 0.6
    url_name = "archive:article-detail"

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("pk")


class ProvinceSitemap(ArchiveSitemap):
    priority = 0.5
    url_name = "archive:province-detail"

    def items(self):
        return Province.objects.only("slug").order_by("pk")
