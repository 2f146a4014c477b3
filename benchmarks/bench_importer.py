"""Import 1,000 saved articles in one batch; write the timings to results/importer.md.

    DJANGO_DEBUG=1 .venv/bin/python benchmarks/bench_importer.py [--count 1000]

Not run by the tests. It uses a throwaway SQLite database (or DATABASE_URL if set), loads
the curated archive, and feeds the command variants of the five seeds: other days, other
provinces, other figures, so that each file is a distinct article.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="bench-importer-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from archive.models import Article  # noqa: E402
from conferences.importer import Archive, analyse  # noqa: E402
from conferences.importer.vocab import FORMER_PROVINCES  # noqa: E402

PROVINCES = ["Lai Châu", "Vĩnh Phúc", "Bình Định", "Hòa Bình", "Quảng Ninh"]


def variants(count):
    seeds = sorted((ROOT / "fixtures" / "sources").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    rng = random.Random(7)
    names = list(FORMER_PROVINCES)
    out = TMP / "pages"
    out.mkdir()
    for i in range(count):
        text = texts[i % len(texts)]
        province = rng.choice(names)
        for old in PROVINCES:
            text = text.replace(old, province)
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        for old in ("23/8", "12/4", "7/8", "03/10/2024"):
            text = text.replace(old, f"{day}/{month}" + ("/2024" if "2024" in old else ""))
        text = text.replace("3.100", f"{rng.randint(1, 9)}.{rng.randint(100, 999)}")
        text = text.replace("174246.html", f"{i}.html") + f"\n\n<!-- bản {i} -->\n"
        path = out / f"{i:04}.txt"
        path.write_text(text, encoding="utf-8")
        yield path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    count = parser.parse_args().count
    call_command("migrate", verbosity=0)
    call_command("load_archive", verbosity=0)
    paths = list(variants(count))

    start = time.perf_counter()
    archive = Archive()
    for path in paths:
        analyse(path.read_bytes(), file_name=path.name, archive=archive)
    analyse_seconds = time.perf_counter() - start

    start = time.perf_counter()
    call_command("import_article", *map(str, paths), verbosity=0)
    import_seconds = time.perf_counter() - start
    imported = Article.objects.drafts().count()

    single = sorted(paths[:200], key=lambda p: p.name)
    timings = []
    for path in single:
        t = time.perf_counter()
        analyse(path.read_bytes(), file_name=path.name, archive=archive)
        timings.append(time.perf_counter() - t)
    timings.sort()

    per_analyse, per_import = 1000 * analyse_seconds / count, 1000 * import_seconds / count
    median = 1000 * timings[len(timings) // 2]
    load = os.getloadavg()[0]
    report = f"""# Importer benchmark

`python benchmarks/bench_importer.py --count {count}` on {connection.vendor},
{os.cpu_count()} CPUs, load average {load:.1f} at the end (other work shares the machine).
Variants of the five seed pages (other days, provinces and figures), each a distinct article.

| step | files | total | per file |
|---|---:|---:|---:|
| read, extract, match (dry run) | {count} | {analyse_seconds:.1f} s | {per_analyse:.1f} ms |
| `import_article` writing drafts | {count} | {import_seconds:.1f} s | {per_import:.1f} ms |

Drafts written: {imported}. One article, analysed alone: median {median:.1f} ms,
slowest {1000 * timings[-1]:.1f} ms (of {len(timings)}).
Targets: median under 100 ms per article; 1,000 articles analysed in under two minutes.
"""
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "importer.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
