from django.core.management.base import BaseCommand, CommandError

from archive.data.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the archive (records as natural-key JSON, source "
        "documents, uploaded files, staff accounts) with a SHA-256 manifest into FOLDER."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A new or empty folder.")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup(folder)
        except BackupError as error:
            raise CommandError(error) from None
        if options["verbosity"] >= 1:
            self.stdout.write(f"Backed up {len(manifest)} files to {folder}.")
