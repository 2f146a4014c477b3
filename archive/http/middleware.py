"""Request-wide behaviour of the site."""

from django.conf import settings
from django.utils import translation

from archive.lib import caching


class LanguageMiddleware:
    """The language is in the address: English under /en/, Vietnamese everywhere else.

    What Django's LocaleMiddleware does for `i18n_patterns(prefix_default_language=False)`,
    without ever taking the language from a cookie or the browser's Accept-Language: the
    archive is Vietnamese first (many Vietnamese readers run English-language browsers),
    and a shared link opens in the language it was shared in. The language is not left
    active after the response, so the thread's next request (or test) starts from the
    default.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info)
        language = language or settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def version_per_request(get_response):
    """The archive's version (ETags, cache keys) is read from the database once per
    request (archive.lib.caching)."""

    def middleware(request):
        with caching.request_scope():
            return get_response(request)

    return middleware
