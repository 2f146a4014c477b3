from django.core.management.base import BaseCommand, CommandError

from archive.data.backup import BackupError, restore
from archive.data.fixtures import FixtureError


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_archive into an empty, migrated database. The "
        "checksums are verified first; nothing is written unless everything loads."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by backup_archive.")

    def handle(self, *args, folder, **options):
        try:
            stats = restore(folder)
        except (BackupError, FixtureError) as error:
            raise CommandError(error) from None
        if options["verbosity"] >= 1:
            created = sum(count for label, count in stats.items() if label.endswith("created"))
            self.stdout.write(f"Restored {created} records from {folder}.")
