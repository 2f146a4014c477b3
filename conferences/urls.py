from django.urls import path

from . import views

app_name = "conferences"

urlpatterns = [
    path("conferences/", views.conference_list, name="list"),
    path("conferences/<slug:slug>/", views.conference_detail, name="detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
]
