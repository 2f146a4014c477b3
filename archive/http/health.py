"""/healthz for a load balancer: 200 while the site can serve, 503 when it cannot.

The database is required (503 `{"status": "unavailable"}` without it); the cache is not:
with Redis down the site serves uncached, so the answer is 200 with `"cache": "down"`.
The body says only that: no versions, host names or error messages.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database does not answer.", exc_info=True)
        return JsonResponse({"status": "unavailable"}, status=503)
    # Local memory is always there; archive.lib.redis_cache says whether Redis answers.
    cache_up = getattr(cache, "available", lambda: True)()
    return JsonResponse({"status": "ok", "cache": "ok" if cache_up else "down"})
