"""The client's address, as the TLS proxy in front of the site saw it (login throttling,
log lines)."""

from django.conf import settings
from ipware import get_client_ip


def client_address(request):
    """Behind `TRUSTED_PROXIES` proxies, the X-Forwarded-For entry the outermost one
    appended: entries before it were written by the client and prove nothing. Without a
    proxy (or a request that bypassed it), the connecting address."""
    if settings.TRUSTED_PROXIES:
        # django-ipware counts the proxies listed after the client in the header; the
        # proxy nearest the site is the connecting address, not listed.
        address, _routable = get_client_ip(
            request,
            proxy_count=settings.TRUSTED_PROXIES - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR", "")
