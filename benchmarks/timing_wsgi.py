"""The site's WSGI application, timed: each response carries `Server-Timing: app;dur=<ms>`,
the time from receiving the request to starting the response. Used only by the benchmark
(`gunicorn benchmarks.timing_wsgi:application`), so production serving is unchanged."""

import time

from archive.wsgi import application as django_application


def application(environ, start_response):
    started = time.perf_counter()

    def timed_start_response(status, headers, exc_info=None):
        elapsed = (time.perf_counter() - started) * 1000
        headers.append(("Server-Timing", f"app;dur={elapsed:.3f}"))
        return start_response(status, headers, exc_info)

    return django_application(environ, timed_start_response)
