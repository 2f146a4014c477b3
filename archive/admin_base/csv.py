"""CSV export of admin change lists, readable by Excel and safe to open there."""

import csv

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The cell text for `value`; text a spreadsheet would run as a formula gets a
    leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_response(rows, headers, file_stem):
    """An attachment named `<file_stem>-<date>.csv`: UTF-8 with a BOM so that Excel
    shows Vietnamese letters."""
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_stem}-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return response


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
        return csv_response(self.csv_rows(queryset), headers, self.model._meta.model_name)

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
