from django.urls import path

from . import schema, views

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", schema.openapi, name="openapi"),
    path("conferences/", views.conference_list, name="conference-list"),
    path("conferences/<slug:slug>/", views.conference_detail, name="conference-detail"),
    path("officials/", views.official_list, name="official-list"),
    path("officials/<slug:slug>/", views.official_detail, name="official-detail"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization-detail"),
    path("articles/", views.article_list, name="article-list"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("provinces/", views.province_list, name="province-list"),
    path("provinces/<slug:slug>/", views.province_detail, name="province-detail"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    # Anything else under /api/ answers in JSON too.
    path("<path:rest>", views.not_found),
]
