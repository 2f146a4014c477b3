from django.contrib import admin
from django.urls import include, path

from . import views

archive_patterns = [
    path("", views.home, name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("provinces/", views.province_list, name="province-list"),
    path("provinces/<slug:slug>/", views.province_detail, name="province-detail"),
    path("sources/<str:file_name>", views.source_document, name="source-document"),
    path("search/", views.search, name="search"),
]

urlpatterns = [
    path("", include((archive_patterns, "archive"))),
    path("", include("conferences.urls")),
    path("", include("people.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("conferences.staff_urls")),
    path("admin/import-article/", include("conferences.importer.urls")),
    path("admin/", admin.site.urls),
]
