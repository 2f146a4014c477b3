"""Staff-only reports (login and staff role required)."""

from django.urls import path

from . import staff_views

app_name = "staff"

urlpatterns = [
    path("", staff_views.report, name="report"),
    path("report.csv", staff_views.report_csv, name="report-csv"),
    path("report.json", staff_views.report_json, name="report-json"),
    path("conferences.csv", staff_views.conferences_csv, name="conferences-csv"),
]
