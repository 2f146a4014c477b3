"""Staff-only reports (login and staff role required)."""

from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.report, name="report"),
    path("report.csv", views.report_csv, name="report-csv"),
    path("report.xlsx", views.report_xlsx, name="report-xlsx"),
    path("report.json", views.report_json, name="report-json"),
    path("conferences.csv", views.conferences_csv, name="conferences-csv"),
]
