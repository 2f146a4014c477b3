"""Error handlers. 500: a database that is down or restarting is a 503 (try again
shortly), anything else a 500; neither page touches the database or runs context
processors. 404: JSON for the API."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.urls import reverse
from django.views import defaults

from archive.api import errors as api_errors

# Raised when the server cannot reach or lost the connection to the database.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def page_not_found(request, exception):
    """JSON under /api/ (a path no API route matches, such as one with a line break),
    the site's 404 page everywhere else."""
    if request.path.startswith(reverse("api:index")):
        return api_errors.not_found()
    return defaults.page_not_found(request, exception)
