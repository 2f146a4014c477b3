from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Lưu trữ: bài báo và địa phương")

    def ready(self):
        # Saves made outside a request (commands, the importer) retire cached pages too.
        from .lib import caching  # noqa: F401
