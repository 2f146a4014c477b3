from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("officials/", views.OfficialListView.as_view(), name="official-list"),
    path("officials/<slug:slug>/", views.official_detail, name="official-detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization-detail"),
]
