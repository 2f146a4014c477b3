"""Staff reports: thin views over `conferences.staff.reports`."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render, resolve_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from archive.lib.caching import cached
from conferences.models import Conference

from . import reports
from .charts import chart_svg, report_charts


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
    # The table and charts are the same for every member of staff: kept with the report.
    table, charts = cached(
        f"report-html:{get_language()}:{shown.cache_key()}",
        lambda: (
            reports.table_html(report),
            "".join(chart_svg(chart) + "\n" for chart in report_charts(report)),
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
    errors = "\n".join(f"{name}: {' '.join(messages)}" for name, messages in form.errors.items())
    return None, HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")


def _attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
def report_csv(request):
    form, error = _valid_form_or_400(request)
    if error:
        return error
    lines = reports.report_csv_lines(reports.cached_report(form))
    return _attachment(reports.write_csv(lines), "text/csv; charset=utf-8", "bao-cao.csv")


@staff_required
def report_json(request):
    form, error = _valid_form_or_400(request)
    if error:
        return error
    content = reports.report_json(reports.cached_report(form))
    return _attachment(content, "application/json; charset=utf-8", "bao-cao.json")


@staff_required
def conferences_csv(request):
    form, error = _valid_form_or_400(request)
    if error:
        return error
    conferences = form.filter(Conference.objects.all()).order_by("start_date", "name")
    lines = reports.conference_csv_lines(conferences, request.build_absolute_uri)
    return _attachment(reports.write_csv(lines), "text/csv; charset=utf-8", "hoi-nghi.csv")
