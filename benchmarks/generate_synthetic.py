"""Add a synthetic archive for benchmarks, on top of the loaded fixtures:

    .venv/bin/python benchmarks/generate_synthetic.py --scale small|medium|large [--seed N]

small = 1k conferences / 10k articles, medium = 10k / 100k, large = 100k / 1M (tiny =
40 / 400 for tests). Deterministic for a seed. Load the provinces first
(`manage.py load_archive`); `DATABASE_URL` chooses the database, as for manage.py.
"""

import argparse
import os
import sys
import time
from pathlib import Path


def main(argv=None):
    from benchmarks.synthetic import SCALES, generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    started = time.monotonic()

    def progress(message):
        if not args.quiet:
            print(f"[{time.monotonic() - started:7.1f}s] {message}")

    try:
        counts = generate(args.scale, args.seed, progress)
    except ValueError as error:
        parser.exit(1, f"{error}\n")
    if not args.quiet:
        for label, count in sorted(counts.items()):
            print(f"{label}: {count:,}")
        print(f"Done in {time.monotonic() - started:.1f}s.")
    return counts


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    main()
