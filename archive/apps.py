from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Lưu trữ: bài báo và địa phương")

    def ready(self):
        # Saves made outside a request (commands, the importer) retire cached pages too.
        from .lib import caching  # noqa: F401

        post_migrate.connect(analyze_sqlite, sender=self)


def analyze_sqlite(using="default", **kwargs):
    """Fresh planner statistics on SQLite after migrating. A migration that rebuilds a table
    drops its statistics, and without them SQLite drove each per-row check of the public
    organisations from every published article (a count took 74 s at `medium`, 19 ms
    with them). PostgreSQL keeps its own up to date."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA analysis_limit=1000")  # sampled: fast on any size
            cursor.execute("ANALYZE")
