from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.data.fixtures import FixtureError, export_archive


class Command(BaseCommand):
    help = "Write the database back to the fixture files, in the format load_archive reads."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=settings.BASE_DIR / "fixtures",
            help="Folder to write the fixture files to (default: fixtures/).",
        )

    def handle(self, *args, output, **options):
        try:
            paths = export_archive(output)
        except FixtureError as error:
            raise CommandError(f"Nothing was written: {error}") from None
        if options["verbosity"] >= 1:
            for path in paths:
                self.stdout.write(f"wrote {path}")
