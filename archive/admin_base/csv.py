"""CSV export of admin change lists, readable by Excel and safe to open there."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.lib.exports import csv_response


class CsvExportMixin:
    """Adds an "export CSV" action and a button exporting the filtered change list.

    `csv_fields` is a list of (header, attribute name or callable taking the object).
    `get_csv_queryset` may add select_related/prefetch for those columns.
    """

    csv_fields = ()

    def get_csv_queryset(self, queryset):
        return queryset

    def csv_rows(self, queryset):
        getters = [
            field if callable(field) else (lambda obj, name=field: _resolve(obj, name))
            for _header, field in self.csv_fields
        ]
        for obj in self.get_csv_queryset(queryset).iterator(chunk_size=500):
            yield [getter(obj) for getter in getters]

    def export_csv_response(self, queryset):
        headers = [header for header, _field in self.csv_fields]
        filename = f"{self.model._meta.model_name}-{timezone.localdate().isoformat()}.csv"
        return csv_response(filename, headers, self.csv_rows(queryset))

    @admin.action(description=_("Xuất CSV các mục đã chọn"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self.export_csv_response(queryset)

    def export_csv_view(self, request):
        """The change list as filtered and searched by the query string, all pages."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return self.export_csv_response(changelist.get_queryset(request))

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_export_csv"
        view = self.admin_site.admin_view(self.export_csv_view)
        return [path("export.csv", view, name=name), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_export_csv")
        query = request.GET.urlencode()
        extra_context = {
            "csv_export_url": f"{url}?{query}" if query else url,
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)


def _resolve(obj, name):
    """`obj.name`, following "a__b" through relations (empty past a missing one);
    a method such as `get_status_display` is called."""
    for part in name.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj() if callable(obj) else obj
