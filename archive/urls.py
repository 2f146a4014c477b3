from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from conferences.feeds import LatestConferencesFeed

from . import views
from .feeds import LatestArticlesFeed
from .http import health, media
from .site import sitemaps as site_sitemaps
from .site import views as site_views

archive_patterns = [
    path("", site_views.home, name="home"),
    path("search/", site_views.search, name="search"),
    path("articles/", views.article_list, name="article-list"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("provinces/", views.province_list, name="province-list"),
    path("provinces/<slug:slug>/", views.province_detail, name="province-detail"),
    # <path:>: a name stored before names were validated may hold "/"; its links still work.
    path("sources/<path:file_name>", views.source_document, name="source-document"),
]

# Pages in both languages: Vietnamese at /…, English at /en/… (archive.http.middleware).
localized_patterns = [
    path("", include((archive_patterns, "archive"))),
    path("", include("conferences.urls")),
    path("", include("people.urls")),
    path("feeds/conferences/", LatestConferencesFeed(), name="feed-conferences"),
    path("feeds/articles/", LatestArticlesFeed(), name="feed-articles"),
    path("staff/", include("conferences.staff.urls")),
    path("admin/import-article/", include("conferences.importer.urls")),
    path("admin/", admin.site.urls),
    # The API's messages in English at /en/api/ (the data is the same).
    path("api/", include("archive.api.urls")),
]

urlpatterns = [
    # An index of per-section sitemaps, each paged at the protocol's 50,000 addresses.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": site_sitemaps.sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", site_sitemaps.section, name="sitemap-section"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots-txt",
    ),
    path("healthz", health.healthz, name="healthz"),
    path(f"{settings.MEDIA_URL.lstrip('/')}<path:name>", media.media, name="media"),
    # Browsers and crawlers ask for /favicon.ico whatever the page links to.
    path("favicon.ico", views.favicon, name="favicon"),
    *i18n_patterns(*localized_patterns, prefix_default_language=False),
]

# 500 and 503 pages that need neither the database nor context processors; API 404s in JSON.
handler404 = "archive.http.errors.page_not_found"
handler500 = "archive.http.errors.server_error"
