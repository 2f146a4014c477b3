"""The admin page where editors import a saved article."""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "importer"

urlpatterns = [
    path("", admin.site.admin_view(views.import_article), name="import"),
]
