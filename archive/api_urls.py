from django.urls import path

from . import api, api_schema

app_name = "api"

urlpatterns = [
    path("", api.index, name="index"),
    path("openapi.json", api_schema.openapi, name="openapi"),
    path("conferences/", api.conference_list, name="conference-list"),
    path("conferences/<slug:slug>/", api.conference_detail, name="conference-detail"),
    path("officials/", api.official_list, name="official-list"),
    path("officials/<slug:slug>/", api.official_detail, name="official-detail"),
    path("organizations/", api.organization_list, name="organization-list"),
    path("organizations/<slug:slug>/", api.organization_detail, name="organization-detail"),
    path("articles/", api.article_list, name="article-list"),
    path("articles/<slug:slug>/", api.article_detail, name="article-detail"),
    path("provinces/", api.province_list, name="province-list"),
    path("provinces/<slug:slug>/", api.province_detail, name="province-detail"),
    path("topics/", api.topic_list, name="topic-list"),
    path("topics/<slug:slug>/", api.topic_detail, name="topic-detail"),
    # Anything else under /api/ answers in JSON too.
    path("<path:rest>", api.not_found),
]
