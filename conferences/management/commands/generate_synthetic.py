import time

from django.core.management.base import BaseCommand, CommandError

from conferences.synthetic import SCALES, generate


class Command(BaseCommand):
    help = (
        "Add a synthetic archive for benchmarks: small = 1k conferences / 10k articles, "
        "medium = 10k / 100k, large = 100k / 1M (tiny = 40 / 400 for tests). Deterministic "
        "for a seed. Load the provinces first (manage.py load_archive)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, scale, seed, verbosity, **options):
        started = time.monotonic()

        def progress(message):
            if verbosity >= 1:
                self.stdout.write(f"[{time.monotonic() - started:7.1f}s] {message}")

        try:
            counts = generate(scale, seed, progress)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if verbosity >= 1:
            for label, count in sorted(counts.items()):
                self.stdout.write(f"{label}: {count:,}")
            self.stdout.write(f"Done in {time.monotonic() - started:.1f}s.")
