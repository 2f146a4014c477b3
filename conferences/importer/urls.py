"""The admin page where editors import a saved article."""

from django.urls import path  # noqa: F401

app_name = "importer"

urlpatterns = []
