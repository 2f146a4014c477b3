"""Response headers Django does not set itself, and a guard against NUL characters."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from archive.api.errors import error_response


def permissions_policy(get_response):
    """Switch off browser features the archive never uses (camera, geolocation, ...)."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def reject_nul_bytes(get_response):
    """A NUL character is never valid in a path or query parameter here, and PostgreSQL
    refuses it in any query: answer 400 before a view passes one to the database."""

    def middleware(request):
        names = [name for name, values in request.GET.lists() if "\x00" in name + "".join(values)]
        if names or "\x00" in request.path:
            message = _("Yêu cầu chứa ký tự NUL (0x00).")
            if request.path.startswith(reverse("api:index")):
                return error_response(message, names[0] if names else None)
            raise BadRequest(message)
        return get_response(request)

    return middleware
