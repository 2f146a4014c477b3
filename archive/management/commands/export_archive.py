from django.conf import settings
from django.core.management.base import BaseCommand

from archive.data.fixtures import export_archive


class Command(BaseCommand):
    help = "Write the database back to the fixture files, in the format load_archive reads."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=settings.BASE_DIR / "fixtures",
            help="Folder to write the fixture files to (default: fixtures/).",
        )

    def handle(self, *args, output, **options):
        paths = export_archive(output)
        if options["verbosity"] >= 1:
            for path in paths:
                self.stdout.write(f"wrote {path}")
