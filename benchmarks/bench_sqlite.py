"""Check and time the public pages on SQLite, the embedded default, at the `medium` scale.

    .venv/bin/python benchmarks/bench_sqlite.py [--scale medium] [--samples 40]

Issue 8's SQLite targets: the same public pages answer correctly at `medium` (10,000
conferences), and search has a p95 of at most 500 ms there. The database is the SQLite file
of DATABASE_URL (default var/bench-<scale>.sqlite3); an empty one is built first (migrate,
load_archive, generate_synthetic.py: minutes at `medium`). Pages are requested in-process
through Django's test client with DEBUG off and the local-memory cache, which is cleared
before each request: the times are those of a page rendered from the database. Every
response must be a 200, and list and search pages must show results. Writes sqlite.json and
sqlite.md to benchmarks/results; exits non-zero if any page failed.
"""

import argparse
import contextlib
import json
import os
import random
import re
import secrets
import statistics
import sys
import time
import traceback
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="medium", help="a key of benchmarks.synthetic.SCALES")
    parser.add_argument("--samples", type=int, default=40, help="requests per endpoint")
    parser.add_argument(
        "--budget",
        type=float,
        default=300,
        help="seconds per endpoint: past them, stop sampling it (after at least 5 requests)",
    )
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--output", type=Path, default=RESULTS, help="directory for sqlite.*")
    return parser.parse_args()


ARGS = arguments()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / f'bench-{ARGS.scale}.sqlite3'}")
os.environ.update(
    DJANGO_DEBUG="0",
    DJANGO_ALLOWED_HOSTS="testserver",
    DJANGO_SECURE_SSL_REDIRECT="0",
    DJANGO_SECURE_COOKIES="0",
)
os.environ.setdefault("DJANGO_SECRET_KEY", f"benchmark-only-{secrets.token_hex(16)}")
# The embedded setup caches in local memory; a REDIS_URL from the shell would also have
# clear() flush a shared Redis, perhaps under another benchmark.
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils.html import escape  # noqa: E402

from archive.lib import caching  # noqa: E402
from archive.models import Article, Province  # noqa: E402
from benchmarks import generate_synthetic  # noqa: E402
from benchmarks.bench import SEARCHES, percentile  # noqa: E402  (no PostgreSQL needed)
from benchmarks.synthetic import SCALES  # noqa: E402
from conferences.models import Conference, Topic  # noqa: E402
from people.models import Official, Organization  # noqa: E402

# Issue 8's SQLite target (ms): search p95.
TARGETS = {"search": 500, "search, year+province": 500}
# What a page listing results links to: a detail page of one of these.
DETAIL = {
    kind: re.compile(rf'href="/{kind}/[\w-]+/"')
    for kind in ("conferences", "articles", "officials", "organizations", "provinces")
}
ANY_DETAIL = re.compile(r'href="/(conferences|articles|officials|organizations)/[\w-]+/"')
RESULT_COUNT = re.compile(r'class="result-count"[^>]*>\s*([\d.,]+)')


def search_check(html):
    """The search page states its number of results and links to the rows it shows: all
    of them, or the first of each group and the group's own list for the rest."""
    count = RESULT_COUNT.search(html)
    if not count:
        return "no result count"
    total = int(re.sub(r"\D", "", count.group(1)))
    links = len(ANY_DETAIL.findall(html))
    if links >= total:
        return None
    if links and "?q=" in html and "Xem và lật trang" in html:
        return None
    return f"{total} results but {links} links to them and no link to the rest"


def ensure_database(scale):
    """Build the archive at `scale` in an empty database; refuse one of another size."""
    want = SCALES[scale].conferences
    call_command("migrate", verbosity=0)
    have = Conference.objects.count()
    if have == 0:
        print(f"Building the {scale} archive in {settings.DATABASES['default']['NAME']} ...")
        started = time.perf_counter()
        call_command("load_archive", verbosity=0)
        generate_synthetic.main(["--scale", scale])
        print(f"Built in {time.perf_counter() - started:.0f} s.", flush=True)
        have = Conference.objects.count()
    if not want <= have <= want + 100:
        sys.exit(
            f"{settings.DATABASES['default']['NAME']} holds {have:,} conferences, not the "
            f"{want:,} of `{scale}`: use another DATABASE_URL, or delete the file to rebuild."
        )


def ensure_static():
    """DEBUG off uses the manifest of collectstatic (which also updates the storage in this
    process); (re)build it if it is missing or older than a file under static/."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    newest = max(p.stat().st_mtime for d in settings.STATICFILES_DIRS for p in Path(d).rglob("*"))
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        call_command("collectstatic", interactive=False, verbosity=0)


def endpoints(rng, samples):
    """{name: [(url, check)]}: varied URLs drawn from the data; `check(html)` returns what
    is wrong with a 200 page, or None."""
    published = Conference.objects.published()
    articles = Article.objects.published()
    combos = list(
        published.filter(province__isnull=False, start_date__isnull=False)
        .values_list("province__slug", "start_date__year")
        .distinct()
    )
    outlet_years = list(
        articles.filter(outlet__isnull=False, outlet_published_at__isnull=False)
        .values_list("outlet__slug", "outlet_published_at__year")
        .distinct()
    )
    years = sorted({year for _slug, year in combos})
    conference_pages = -(-published.count() // 20)
    article_pages = -(-articles.count() // 20)

    def pick(values, n=samples):
        return [rng.choice(values) for _ in range(n)]

    def q(path, **params):
        return f"{path}?{urlencode(params)}"

    def links(kind):
        def check(html):
            return None if DETAIL[kind].search(html) else f"no link to a page under /{kind}/"

        return check

    def shows(text):
        def check(html):
            return None if escape(text) in html else f"does not show {text!r}"

        return check

    def detail(queryset, label, n=samples):
        ids = list(queryset.values_list("pk", flat=True)[:50_000])
        chosen = rng.sample(ids, min(n, len(ids)))
        rows = queryset.model.objects.filter(pk__in=chosen)
        return [(row.get_absolute_url(), shows(getattr(row, label))) for row in rows]

    def deep(path, pages, check):
        """The last page, one past the middle, the first read id-first, then any."""
        numbers = [pages, pages // 2 + 1, 11, *pick(range(2, pages), samples - 3)]
        return [(q(path, page=n), check) for n in numbers[:samples]]

    # Every query in turn, accented and unaccented, in a shuffled order.
    queries = [text for pair in SEARCHES for text in pair]
    queries = [queries[i % len(queries)] for i in range(samples)]
    rng.shuffle(queries)

    conference_links, article_links = links("conferences"), links("articles")
    return {
        "home": [("/", conference_links)] * samples,
        "conference list, unfiltered": [
            (q("/conferences/", page=p), conference_links) for p in (1, 2, 3) * samples
        ][:samples],
        "conference list, province+year": [
            (q("/conferences/", province=p, year=y), conference_links) for p, y in pick(combos)
        ],
        "conference list, deep page": deep("/conferences/", conference_pages, conference_links),
        "conference list, page_size=50": [
            (q("/conferences/", year=y, page_size=50), conference_links) for y in pick(years)
        ],
        "article list, unfiltered": [
            (q("/articles/", page=p), article_links) for p in (1, 2, 3) * samples
        ][:samples],
        "article list, outlet+year": [
            (q("/articles/", outlet=o, year=y), article_links) for o, y in pick(outlet_years)
        ],
        "article list, deep page": deep("/articles/", article_pages, article_links),
        "conference detail": detail(published, "name"),
        "article detail": detail(articles, "title"),
        "official list": [
            (q("/officials/", page=p), links("officials"))
            for p in pick(range(1, -(-Official.objects.count() // 50) + 1))
        ],
        "official detail": detail(Official.objects.all(), "full_name"),
        "organization list": [
            (q("/organizations/", page=p), links("organizations"))
            for p in pick(range(1, -(-Organization.objects.count() // 50) + 1))
        ],
        "organization detail": detail(Organization.objects.all(), "name"),
        "province list": [("/provinces/", links("provinces"))] * samples,
        "province detail": detail(Province.objects.all(), "name"),
        "topic detail": detail(Topic.objects.all(), "name"),
        "search": [(q("/search/", q=text), search_check) for text in queries],
        "search, year+province": [
            (q("/search/", q=text, year=y, province=p), search_check)
            for text, (p, y) in zip(queries, pick(combos), strict=True)
        ],
        # Issue 18: an index of sections, each paged at 50,000 addresses (both languages).
        "sitemap index": [("/sitemap.xml", sitemap_index_check)] * min(samples, 5),
        "sitemap page (50,000 addresses)": [
            (f"/sitemap-articles.xml?p={n}", sitemap_page_check)
            for n in pick(range(1, -(-articles.count() * 2 // 50_000) + 1), min(samples, 5))
        ],
    }


def sitemap_index_check(xml):
    sections = re.findall(r"<loc>[^<]*/sitemap-(\w+)\.xml", xml)
    return None if "articles" in sections and "conferences" in sections else "no sections"


def sitemap_page_check(xml):
    count = xml.count("<url>")
    return None if 0 < count <= 50_000 else f"{count} addresses in one sitemap"


def request(client, url, check):
    """(ms, html, problem or None) for one uncached GET of `url`."""
    caching.clear()
    started = time.perf_counter()
    try:
        response = client.get(url)
    except Exception as error:  # the test client re-raises a view's exception
        ms = (time.perf_counter() - started) * 1000
        return ms, "", f"raised {error!r}: {traceback.format_exc(limit=-3).strip()}"
    ms = (time.perf_counter() - started) * 1000
    html = response.content.decode()
    if response.status_code != 200:
        return ms, html, f"answered {response.status_code}"
    return ms, html, check and check(html)


def queries_of(client, url):
    """The SQL of one uncached rendering: (count, total ms, slowest (ms, sql))."""
    caching.clear()
    # A page that raises is already reported as a failure.
    with CaptureQueriesContext(connection) as ctx, contextlib.suppress(Exception):
        client.get(url)
    timed = [(float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries]
    return len(timed), sum(ms for ms, _sql in timed), max(timed, default=(0.0, ""))


def main():
    if connection.vendor != "sqlite":
        sys.exit("bench_sqlite.py measures SQLite: set DATABASE_URL=sqlite:///...")
    ensure_database(ARGS.scale)
    ensure_static()
    rng = random.Random(ARGS.seed)
    paths = endpoints(rng, ARGS.samples)
    scale = {
        "conferences": Conference.objects.count(),
        "articles": Article.objects.count(),
        "officials": Official.objects.count(),
    }
    print(f"data: {scale}", flush=True)
    client = Client(raise_request_exception=True)
    for urls in paths.values():  # warm-up: imports, templates, the OS page cache
        request(client, urls[0][0], None)

    results = {
        "database": str(settings.DATABASES["default"]["NAME"]),
        "scale": scale,
        "samples": ARGS.samples,
        "cpus": os.cpu_count(),
        "load_average": {"start": round(os.getloadavg()[0], 1)},
        "endpoints": {},
        "failures": [],
    }
    for name, urls in paths.items():
        times, timed, started = [], [], time.perf_counter()
        for url, check in urls:
            if len(times) >= 5 and time.perf_counter() - started > ARGS.budget:
                print(f"{name}: over the {ARGS.budget:.0f} s budget after {len(times)} requests")
                break
            ms, html, problem = request(client, url, check)
            times.append(ms)
            sample = {"url": url, "ms": round(ms, 1)}
            if found := RESULT_COUNT.search(html):
                sample["results"] = int(re.sub(r"\D", "", found.group(1)))
            timed.append(sample)
            if problem:
                results["failures"].append({"endpoint": name, "url": url, "problem": problem})
                print(f"FAIL {name}: {url}: {problem}", flush=True)
        slowest_url = max(timed, key=lambda sample: sample["ms"])["url"]
        count, sql_ms, (slowest_ms, slowest_sql) = queries_of(client, slowest_url)
        target = TARGETS.get(name)
        p95 = percentile(times, 95)
        results["endpoints"][name] = {
            "requests": len(times),
            "planned": len(urls),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(p95, 1),
            "max_ms": round(max(times), 1),
            "target_p95_ms": target,
            "met": None if target is None else p95 <= target,
            "slowest_url": slowest_url,
            "queries": count,
            "sql_ms": round(sql_ms, 1),
            "slowest_query_ms": round(slowest_ms, 1),
            "slowest_query": slowest_sql,
            "requests_made": timed,
        }
        row = results["endpoints"][name]
        print(f"{name}: p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms", flush=True)

    results["load_average"]["end"] = round(os.getloadavg()[0], 1)
    ARGS.output.mkdir(parents=True, exist_ok=True)
    (ARGS.output / "sqlite.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    )
    report = markdown(results)
    (ARGS.output / "sqlite.md").write_text(report)
    print(report)
    if results["failures"]:
        sys.exit(f"{len(results['failures'])} of the requests failed (see above).")


def markdown(results):
    scale, load = results["scale"], results["load_average"]
    total = sum(row["requests"] for row in results["endpoints"].values())
    lines = [
        "# SQLite benchmark",
        "",
        f"`python benchmarks/bench_sqlite.py --scale {ARGS.scale} --samples "
        f"{results['samples']}` on {results['cpus']} CPUs (load average {load['start']} at the "
        f"start, {load['end']} at the end). Data: {scale['conferences']:,} "
        f"conferences, {scale['articles']:,} articles, {scale['officials']:,} officials, in "
        "SQLite. In-process through Django's test client, DEBUG off, the cache cleared before "
        "each request (the cost of a page rendered from the database). Queries and SQL ms: "
        "the slowest URL of the endpoint, rendered once more. An endpoint stops sampling "
        f"after {ARGS.budget:.0f} s (and at least 5 requests).",
        "",
        "| endpoint | requests | p50 ms | p95 ms | target p95 ms | met | queries | SQL ms |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for name, row in results["endpoints"].items():
        target = row["target_p95_ms"]
        met = "" if target is None else ("yes" if row["met"] else "**no**")
        lines.append(
            f"| {name} | {row['requests']} | {row['p50_ms']} | {row['p95_ms']} "
            f"| {target or '–'} | {met} | {row['queries']} | {row['sql_ms']} |"
        )
    failures = results["failures"]
    lines += [
        "",
        f"Correctness: {total - len(failures)} of {total} requests answered 200 with the "
        "expected content (list and search pages link to results, detail pages show the "
        "row's name)." + ("" if failures else " No failures."),
    ]
    if failures:
        lines += ["", "Failures:", ""]
        lines += [f"- {f['endpoint']}: `{f['url']}`: {f['problem']}" for f in failures]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
