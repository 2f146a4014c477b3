"""Request-wide behaviour of the site."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from archive.lib import caching


class LanguageMiddleware:
    """Vietnamese unless the reader chose English with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: the
    archive is Vietnamese first, and many Vietnamese readers run English-language browsers.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Not left active: the thread's next request (or test) starts from the default.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


def version_per_request(get_response):
    """The archive's version (ETags, cache keys) is read from the database once per
    request (archive.lib.caching)."""

    def middleware(request):
        with caching.request_scope():
            return get_response(request)

    return middleware
