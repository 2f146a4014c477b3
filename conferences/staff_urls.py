"""Staff-only reports (login and staff role required)."""

from django.urls import path  # noqa: F401

app_name = "staff"

urlpatterns = []
