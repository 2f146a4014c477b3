"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.urls import path

from archive.urls import handler404, handler500, urlpatterns  # noqa: F401 (the handlers)


def fail(error):
    def view(request):
        raise error

    return view


urlpatterns = [
    *i18n_patterns(
        path("__fail__/500/", fail(RuntimeError("boom"))),
        path("__fail__/503/", fail(OperationalError("could not connect to server at 10.0.0.5"))),
        path("__fail__/403/", fail(PermissionDenied)),
        path("__fail__/400/", fail(SuspiciousOperation("tampered"))),
        path("api/__fail__/500/", fail(RuntimeError("boom"))),
        prefix_default_language=False,
    ),
    *urlpatterns,
]
