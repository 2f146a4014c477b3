"""Caching for the public pages, invalidated by any save or delete.

Every cached value sits under the archive's current *version*, a random token that any
save or delete of a model in this project replaces. A new version makes every older
entry unreachable at once (they expire on their own), so nothing has to know which page
shows which row. The version also serves as the public pages' ETag.

The version lives in the database (one row of `VERSION_TABLE`), not in the cache: every
worker process reads the same one, whatever cache each has (local memory is one per
process), and it changes in the same transaction as the rows, so no page rendered from
older rows is ever stored under a newer version. A request reads it once
(`request_scope`); the cache itself may be down (archive.lib.redis_cache), the version
and the pages still are right.
"""

import hashlib
import secrets
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

VERSION_TABLE = "archive_version"  # archive.models.ArchiveVersion
TIMEOUT = 60 * 60
APPS = {"archive", "conferences", "people"}


_local = {}  # key -> (value, expiry): recent entries without a round trip or unpickling
_request_version = ContextVar("archive_request_version", default=None)


def clear():
    """Forget everything cached, here and in the shared cache (tests start from this)."""
    cache.clear()
    _local.clear()


@contextmanager
def request_scope():
    """Within it (a request), the version is read from the database once."""
    token = _request_version.set({})
    try:
        yield
    finally:
        _request_version.reset(token)


def version():
    """The archive's version: once per request, every call outside one."""
    memo = _request_version.get()
    if memo is None:
        return _read_version()
    if "version" not in memo:
        memo["version"] = _read_version()
    return memo["version"]


def _read_version():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {VERSION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
        if row is None:  # a new or flushed database
            cursor.execute(
                f"INSERT INTO {VERSION_TABLE} (id, token) VALUES (1, %s) "
                "ON CONFLICT (id) DO NOTHING",
                [secrets.token_hex(8)],
            )
            cursor.execute(f"SELECT token FROM {VERSION_TABLE} WHERE id = 1")
            row = cursor.fetchone()
    return row[0]


def changed():
    """Start a new version: every page cached so far is out of date. Part of the caller's
    transaction: rolled back with it, visible to other workers when it commits."""
    value = secrets.token_hex(8)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {VERSION_TABLE} (id, token) VALUES (1, %s) "
            "ON CONFLICT (id) DO UPDATE SET token = excluded.token",
            [value],
        )
    if (memo := _request_version.get()) is not None:
        memo["version"] = value


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
    rendered page from the cache until the archive changes or the day does (a page cites
    itself with today's date as the date accessed). Each language has its own copy.

    The pages so decorated read no query parameters, so a page is kept under its path
    alone; a request with any parameter (`?junk=<random>`) is rendered and not stored,
    so that random query strings cannot fill the cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or request.GET
        ):
            return view(request, *args, **kwargs)
        today = timezone.localdate().isoformat()
        etag = quote_etag(f"{version()}-{request.LANGUAGE_CODE}-{today}")
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            path = f"page:{request.LANGUAGE_CODE}:{today}:{request.get_host()}:{request.path}"
            key = hashlib.sha256(path.encode()).hexdigest()
            stored = cached(key, lambda: None)
            if stored is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.cookies:
                    return response
                stored = (response.content, response["Content-Type"])
                store(key, stored)
            response = HttpResponse(stored[0], content_type=stored[1])
        response["ETag"] = etag
        patch_cache_control(response, no_cache=True)
        return response

    return wrapper
