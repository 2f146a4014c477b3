"""Error handlers. 500: a database that is down or restarting is a 503 (try again
shortly), anything else a 500; neither page touches the database or runs context
processors. Under /api/ every error is the API's JSON envelope."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults

from archive.api import errors as api_errors

# Raised when the server cannot reach or lost the connection to the database.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER = "30"  # seconds


def server_error(request):
    unavailable = isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE)
    status = 503 if unavailable else 500
    if is_api(request):
        message = _("Tạm thời không phục vụ được") if unavailable else _("Lỗi máy chủ")
        response = api_errors.error_response(message, status=status)
    else:
        template = "503.html" if unavailable else "500.html"
        response = HttpResponse(loader.get_template(template).render(), status=status)
    if unavailable:
        response["Retry-After"] = RETRY_AFTER
    return response


def page_not_found(request, exception):
    """JSON under /api/ (a path no API route matches, such as one with a line break),
    the site's 404 page everywhere else."""
    if is_api(request):
        return api_errors.not_found()
    return defaults.page_not_found(request, exception)


def is_api(request):
    return request.path.startswith(reverse("api:index"))
