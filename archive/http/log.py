"""Log records about a request say which one: method, path, user and client address."""

import logging

from .client import client_address


class RequestContextFilter(logging.Filter):
    """Adds `request_context` (" [GET /path user=3 ip=…]" or "") to every record, for the
    formatter; Django's request and security loggers attach the request to the record."""

    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_context = describe(request) if request is not None else ""
        return True


def describe(request):
    try:
        user = getattr(request, "user", None)
        who = f"user={user.pk}" if user is not None and user.is_authenticated else "anonymous"
    except Exception:  # the user cannot be loaded: the database may be what failed
        who = "user=?"
    path = getattr(request, "path", "")
    method = getattr(request, "method", "")
    address = client_address(request) if hasattr(request, "META") else ""
    return f" [{method} {path} {who} ip={address}]"
