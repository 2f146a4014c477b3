"""Browser tests drive Chromium from pytest's event loop while Django runs sync code."""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
