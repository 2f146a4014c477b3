from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from . import health, views
from .feeds import LatestArticlesFeed, LatestConferencesFeed
from .sitemaps import sitemaps

archive_patterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="article-list"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("provinces/", views.province_list, name="province-list"),
    path("provinces/<slug:slug>/", views.province_detail, name="province-detail"),
    path("sources/<str:file_name>", views.source_document, name="source-document"),
    path("search/", views.search, name="search"),
    path("language/<str:language>/", views.switch_language, name="switch-language"),
]

urlpatterns = [
    path("", include((archive_patterns, "archive"))),
    path("", include("conferences.urls")),
    path("", include("people.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("conferences.staff_urls")),
    path("admin/import-article/", include("conferences.importer.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots-txt",
    ),
    path("feeds/conferences/", LatestConferencesFeed(), name="feed-conferences"),
    path("feeds/articles/", LatestArticlesFeed(), name="feed-articles"),
    path("api/", include("archive.api_urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]

# 500 and 503 pages that need neither the database nor context processors; API 404s in JSON.
handler404 = "archive.errors.page_not_found"
handler500 = "archive.errors.server_error"
