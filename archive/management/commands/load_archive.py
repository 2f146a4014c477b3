from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.data.fixtures import FixtureError, load_archive


class Command(BaseCommand):
    help = (
        "Load provinces, sources, outlets, articles, organisations, topics, officials and "
        "conferences from the fixture files, in one transaction. Running it again changes "
        "nothing unless the files changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            default=settings.BASE_DIR / "fixtures",
            help="Folder holding the fixture files (default: fixtures/).",
        )

    def handle(self, *args, fixtures, **options):
        try:
            stats = load_archive(fixtures)
        except FixtureError as error:
            raise CommandError(f"Nothing was loaded: {error}") from None
        if options["verbosity"] >= 1:
            if not stats:
                self.stdout.write("The archive is up to date with the fixtures.")
            for what, count in sorted(stats.items()):
                self.stdout.write(f"{what}: {count}")
