"""Profile the first views of the filtered staff report, in process:

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/profile_staff_report.py [--samples N]

The URLs are those of `bench.py`'s "staff report, filtered" (same seed): a warm-up of the
first ten, as there, then each URL once. Per request: wall time, CPU time of this process
(less disturbed than wall time when other work shares the cores), SQL time and queries.
Prints the p50/p95 and the slowest 5 % with their split, then a profile of those slow
requests run again as first views (the cache emptied before each); `--output FILE` also
writes the summary as Markdown.
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=120)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive.lib import caching
    from benchmarks import bench
    from conferences.models import Conference

    urls = bench.endpoints(random.Random(args.seed), args.samples, "127.0.0.1")[
        "staff report, filtered"
    ]
    caching.clear()
    client = bench.staff_client("127.0.0.1")
    for url in urls[:10]:
        client.get(url)
    rows = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpu = (time.process_time() - cpu) * 1000
            wall = (time.perf_counter() - wall) * 1000
        assert response.status_code == 200, url
        sql = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        rows.append({"url": url, "wall": wall, "cpu": cpu, "sql": sql, "queries": len(queries)})

    def p(key, q):
        return bench.percentile([row[key] for row in rows], q)

    slow = sorted(rows, key=lambda row: row["wall"], reverse=True)[: max(1, len(rows) // 20)]
    lines = [
        f"{Conference.objects.count():,} conferences; {len(rows)} first views of the filtered "
        f"report (bench.py's URLs, seed {args.seed}), in process, DEBUG off.",
        "",
        "| | p50 ms | p95 ms |",
        "| --- | ---: | ---: |",
        f"| wall | {statistics.median(r['wall'] for r in rows):.1f} | {p('wall', 95):.1f} |",
        f"| CPU of the process | {statistics.median(r['cpu'] for r in rows):.1f} "
        f"| {p('cpu', 95):.1f} |",
        f"| SQL | {statistics.median(r['sql'] for r in rows):.1f} | {p('sql', 95):.1f} |",
        "",
        "The slowest 5 %:",
        "",
        "| URL | wall ms | CPU ms | SQL ms | queries |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| `{r['url']}` | {r['wall']:.1f} | {r['cpu']:.1f} | {r['sql']:.1f} | {r['queries']} |"
        for r in slow
    ]
    summary = "\n".join(lines) + "\n"
    print(summary)
    if args.output:
        args.output.write_text(summary)

    profile = cProfile.Profile()
    for row in slow:
        caching.clear()
        client.get(urls[0])  # the session, the user and the shared lists, as in a served site
        profile.enable()
        client.get(row["url"])
        profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
    stats.print_stats(r"conferences/staff|archive/lib|template/loader|psycopg/cursor", 25)
    print(out.getvalue())


if __name__ == "__main__":
    import django

    django.setup()
    main()
