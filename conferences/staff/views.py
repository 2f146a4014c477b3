"""Staff reports: thin views over `conferences.staff.reports`."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import render, resolve_url
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from archive.lib import exports
from archive.lib.caching import cached
from archive.lib.text import vi_slugify
from conferences.models import Conference

from . import reports
from .charts import report_charts


def staff_required(view):
    """Anonymous users go to the login page; signed-in users who are not staff get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
        if not (user.is_active and (user.is_staff or user.is_superuser)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@staff_required
def report(request):
    form = reports.ReportForm(request.GET)
    status = 200
    if not form.is_valid():
        # Show what was wrong above the unfiltered report rather than guessing.
        status = 400
        shown = reports.ReportForm({})
        shown.is_valid()
    else:
        shown = form
    report = reports.cached_report(shown)
    data = shown.cleaned_data
    nationwide = not (data.get("province") or data.get("region"))
    # The table and charts are the same for every member of staff: kept with the report.
    table, charts = cached(
        f"report-html:{get_language()}:{shown.cache_key()}",
        lambda: (
            render_to_string("staff/report_table.html", {"report": report}),
            "\n".join(
                render_to_string("staff/chart.html", {"chart": chart})
                for chart in report_charts(report, nationwide)
            ),
        ),
    )
    context = {
        "form": form,
        "report": report,
        "table": mark_safe(table),
        "charts": mark_safe(charts),
        "export_query": request.GET.urlencode() if status == 200 else "",
    }
    return render(request, "staff/report.html", context, status=status)


def _valid_form_or_400(request):
    form = reports.ReportForm(request.GET)
    if form.is_valid():
        return form, None
    errors = "\n".join(
        f"{form.fields[name].label} ({name}): {' '.join(messages)}"
        if name in form.fields
        else " ".join(messages)
        for name, messages in form.errors.items()
    )
    return None, HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")


def _report_file(form, extension):
    report = reports.cached_report(form)
    return report, form.file_name(vi_slugify(report.measure_label), extension)


@staff_required
def report_csv(request):
    form, error = _valid_form_or_400(request)
    if error:
        return error
    report, filename = _report_file(form, "csv")
    return exports.csv_response(filename, report.export_header(), report.export_rows())


@staff_required
def report_xlsx(request):
    form, error = _valid_form_or_400(request)
    if error:
        return error
    report, filename = _report_file(form, "xlsx")
    page = request.build_absolute_uri(f"{reverse('staff:report')}?{request.GET.urlencode()}")
    sheets = [
        (report.measure_label, report.export_header(), report.export_rows()),
        (_("Bộ lọc"), [_("Mục"), _("Giá trị")], report.description(page)),
    ]
    return exports.xlsx_response(filename, sheets)


@staff_required
def report_json(request):
    form, error = _valid_form_or_400(request)
    if error:
        return error
    report, filename = _report_file(form, "json")
    return exports.attachment(
        reports.report_json(report), "application/json; charset=utf-8", filename
    )


@staff_required
def conferences_csv(request):
    form, error = _valid_form_or_400(request)
    if error:
        return error
    conferences = form.filter(Conference.objects.all()).order_by("start_date", "name")
    lines = reports.conference_lines(conferences, request.build_absolute_uri)
    filename = form.file_name(vi_slugify(_("danh sách hội nghị")), "csv")
    return exports.csv_response(filename, reports.CONFERENCE_COLUMNS, lines)
