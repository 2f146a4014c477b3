"""Caching for the public pages, invalidated by any save or delete.

Every cached value sits under the archive's current *version*, a number in the cache that
any save or delete of a model in this project replaces. A new version makes every older
entry unreachable at once (they expire on their own), so nothing has to know which page
shows which row. The version also serves as the public pages' ETag.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

VERSION_KEY = "archive:version"
# A cache in local memory is one per process: another worker's save cannot reach it, so
# entries there live only seconds. A shared cache (Redis) holds them until a change.
TIMEOUT = 5 if "LocMemCache" in settings.CACHES["default"]["BACKEND"] else 60 * 60
APPS = {"archive", "conferences", "people"}


_version = [None, 0.0]  # this process's copy of the version, and when it was read
_local = {}  # key -> (value, expiry): recent entries without a round trip or unpickling


def clear():
    """Forget everything cached, here and in the shared cache (tests start from this)."""
    cache.clear()
    _version[:] = [None, 0.0]
    _local.clear()


def version():
    """The archive's version; re-read from the shared cache at most once a second, so a
    change made in another process shows within a second."""
    now = time.monotonic()
    if _version[0] is None or now - _version[1] > 1:
        value = cache.get(VERSION_KEY)
        if value is None:
            cache.add(VERSION_KEY, time.time_ns(), None)
            value = cache.get(VERSION_KEY)
        _version[:] = [value, now]
    return _version[0]


def changed():
    """Start a new version: every page cached so far is out of date."""
    value = time.time_ns()
    cache.set(VERSION_KEY, value, None)
    _version[:] = [value, time.monotonic()]


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def new_version(sender, **kwargs):
    if sender._meta.app_label in APPS:
        changed()


def cached(name, compute, timeout=TIMEOUT):
    """`compute()`, kept until the next change to the archive (None is not kept)."""
    key = f"archive:{version()}:{name}"
    value, expires = _local.get(key, (None, 0))
    if expires > time.monotonic():
        return value
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is None:
            return None
        cache.set(key, value, timeout)
    _remember(key, value)
    return value


def store(name, value, timeout=TIMEOUT):
    key = f"archive:{version()}:{name}"
    cache.set(key, value, timeout)
    _remember(key, value)


def _remember(key, value):
    if len(_local) > 500:
        _local.clear()
    _local[key] = (value, time.monotonic() + TIMEOUT)


def rendered(template_name, name, rows, **context):
    """Each row's HTML from `template_name` (the row as `name`), rendered once per change to
    the archive and language, fetched for a whole page in one cache round trip."""
    prefix = f"archive:{version()}:{template_name}:{get_language()}:{sorted(context.items())}"
    keys = {hashlib.sha256(f"{prefix}:{row.pk}".encode()).hexdigest(): row for row in rows}
    found = cache.get_many(list(keys))
    missing = {
        key: render_to_string(template_name, {name: row, **context})
        for key, row in keys.items()
        if key not in found
    }
    if missing:
        cache.set_many(missing, TIMEOUT)
    return [mark_safe(found.get(key) or missing[key]) for key in keys]


def public_page(view):
    """For anonymous GETs: answer If-None-Match with 304 before any work, and serve the
    rendered page from the cache until the archive changes."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        etag = quote_etag(f"{version()}-{request.LANGUAGE_CODE}")
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            path = f"page:{request.LANGUAGE_CODE}:{request.get_host()}:{request.get_full_path()}"
            stored = cached(hashlib.sha256(path.encode()).hexdigest(), lambda: None)
            if stored is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.cookies:
                    return response
                stored = (response.content, response["Content-Type"])
                store(hashlib.sha256(path.encode()).hexdigest(), stored)
            response = HttpResponse(stored[0], content_type=stored[1])
        response["ETag"] = etag
        patch_cache_control(response, no_cache=True)
        return response

    return wrapper
