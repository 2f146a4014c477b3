from django.shortcuts import get_object_or_404, render
from django.views.generic import ListView

from .models import Official, Organization


class OfficialListView(ListView):
    model = Official
    paginate_by = 50


def official_detail(request, slug):
    official = get_object_or_404(Official, slug=slug)
    return render(request, "people/official_detail.html", {"official": official})


class OrganizationListView(ListView):
    model = Organization
    paginate_by = 50


def organization_detail(request, slug):
    organization = get_object_or_404(Organization.objects.select_related("parent"), slug=slug)
    return render(request, "people/organization_detail.html", {"organization": organization})
