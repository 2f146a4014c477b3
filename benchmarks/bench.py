"""Benchmark the public pages, and the admin change lists and staff report, against
PostgreSQL and gunicorn on loopback.

Per endpoint: server time p50/p95 (the `Server-Timing` header of benchmarks/timing_wsgi.py),
SQL query count, T_sql (the same SQL replayed through a raw psycopg cursor), their ratio;
the cost of one more item on a list page; throughput under wrk for a cached conference
page and for the same bytes served as a static file by WhiteNoise. Public pages are
requested anonymously, the admin and staff pages with the session of a superuser
`bench-admin`. Writes latest.json and latest.md to benchmarks/results (or --output). Run
through benchmarks/run.sh.
"""

import argparse
import html
import http.client
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from archive.admin_base.base import ArchiveAdmin  # noqa: E402
from archive.models import Article, Outlet, Province  # noqa: E402
from conferences.models import Conference, Format, Organizer, Participation, Scope, Topic  # noqa: E402
from conferences.staff.reports import Measure  # noqa: E402
from people.models import Official, Organization  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
SEARCHES = [
    ("nhân quyền trẻ em", "nhan quyen tre em"),
    ("Vĩnh Phúc", "vinh phuc"),
    ("Đắk Lắk", "dak lak"),
    ("quyền tự do tín ngưỡng", "quyen tu do tin nguong"),
    ("Cục Đối ngoại", "cuc doi ngoai"),
    ("Thiếu tướng", "thieu tuong"),
    ("hội nghị tập huấn năm 2019", "hoi nghi tap huan nam 2019"),
    ("Văn phòng Thường trực", "van phong thuong truc"),
]
# Targets from issue 8 (ms): p50, p95.
TARGETS = {
    "conference list, province+year": (8, 20),
    "article list, outlet+year": (8, 20),
    "conference list, unfiltered": (None, 40),
    "conference list, deep page": (None, 40),
    "article list, unfiltered": (None, 40),
    "article list, deep page": (None, 40),
    "conference list, deep page by number": (None, 40),
    "article list, deep page by number": (None, 40),
    "search": (25, 120),
    "search, year+province": (25, 120),
    # Staff pages (ms): p95 only.
    **dict.fromkeys(
        [
            f"admin {model} list{variant}"
            for model in ("conference", "article", "official", "participation")
            for variant in ("", ", filtered")
        ],
        (None, 200),
    ),
    "admin search": (None, 300),
    "staff report": (None, 150),
    "staff report, filtered": (None, 150),
}


def as_staff(name):
    """Whether the endpoint is requested logged in as `bench-admin`."""
    return name.startswith(("admin ", "staff "))


def staff_client(host):
    """A test client logged in as the superuser `bench-admin` (created once, with no
    usable password); its session is in the database, so gunicorn accepts its cookie."""
    user, _created = get_user_model().objects.update_or_create(
        username="bench-admin",
        defaults={"is_staff": True, "is_superuser": True, "is_active": True},
        create_defaults={"is_staff": True, "is_superuser": True, "password": make_password(None)},
    )
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


class Server:
    """gunicorn serving the timed application on loopback."""

    def __init__(self, port, workers):
        self.port, self.workers, self.process = port, workers, None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "benchmarks.timing_wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],  # fmt: skip
            cwd=ROOT,
        )
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", self.port, timeout=1).request("HEAD", "/")
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


class Client_:
    """Keep-alive HTTP client that reads the server time of each response."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path, headers=None):
        started = time.perf_counter()
        try:
            self.conn.request("GET", path, headers=headers or {})
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.conn.request("GET", path, headers=headers or {})
            response = self.conn.getresponse()
        body = response.read()
        client_ms = (time.perf_counter() - started) * 1000
        timing = re.search(r"dur=([\d.]+)", response.headers.get("Server-Timing", ""))
        server_ms = float(timing.group(1)) if timing else client_ms
        return response, body, server_ms, client_ms


def endpoints(rng, samples, host):
    """{name: [paths]}: many filter and query combinations, drawn from the data."""
    published = Conference.objects.published()
    combos = list(
        published.filter(province__isnull=False, start_date__isnull=False)
        .values_list("province__slug", "start_date__year")
        .distinct()
    )
    provinces = list(Province.objects.values_list("slug", flat=True))
    current = list(Province.objects.current().values_list("slug", flat=True))
    outlets = list(Outlet.objects.values_list("slug", flat=True))
    years = sorted({year for _slug, year in combos})
    conference_pages = published.count() // 20
    article_pages = Article.objects.published().count() // 20

    def pick(values, n=samples):
        return [rng.choice(values) for _ in range(n)]

    def sample(queryset, n=samples):
        ids = list(queryset.values_list("pk", flat=True)[:50_000])
        chosen = rng.sample(ids, min(n, len(ids)))
        return [x.get_absolute_url() for x in queryset.model.objects.filter(pk__in=chosen)]

    def api_sample(queryset, route, n=samples):
        """API detail paths of `n` rows drawn as `sample` draws them."""
        ids = list(queryset.values_list("pk", flat=True)[:50_000])
        chosen = queryset.model.objects.filter(pk__in=rng.sample(ids, min(n, len(ids))))
        return [reverse(f"api:{route}", kwargs={"slug": x.slug}) for x in chosen]

    def q(path, **params):
        return f"{path}?{urlencode(params, doseq=True)}"

    def followed(path, pages):
        """Deep pages as a reader reaches them: the next link of the page before."""
        client = Client(HTTP_HOST=host)
        links = []
        for p in pages:
            page = client.get(path, {"page": p - 1}).content.decode()
            links.append(path + html.unescape(re.search(r'rel="next" href="([^"]+)"', page)[1]))
        return links

    def changelist(model):
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    def admin_pages(model):  # any page of the whole table
        last = model.objects.count() // ArchiveAdmin.list_per_page + 1
        return [q(changelist(model), p=p) for p in pick(range(1, last + 1))]

    def rotate(path, *choices):
        """Query parameters drawn in turn from each of the lists of `choices`."""
        return [q(path, **rng.choice(choices[i % len(choices)])) for i in range(samples)]

    searches = [q for pair in SEARCHES for q in pair]
    published_only = {"status__exact": "published"}
    by_year = [{"year": y} for y in years]
    by_province = [{"province": p} for p in provinces]
    roles = Participation.Role.values
    organizers = Organizer.objects.order_by().values_list("organization__slug", flat=True)
    report = reverse("staff:report")
    return {
        "home": ["/"] * samples,
        "conference list, unfiltered": [q("/conferences/", page=p) for p in range(1, 4)]
        * (samples // 3),
        "conference list, province+year": [
            q("/conferences/", province=p, year=y) for p, y in pick(combos)
        ],
        "conference list, province": [q("/conferences/", province=p) for p in pick(provinces)],
        "conference list, deep page": followed("/conferences/", pick(range(2, conference_pages))),
        "conference list, deep page by number": [
            q("/conferences/", page=p) for p in pick(range(2, conference_pages))
        ],
        "conference list, page_size=1": [
            q("/conferences/", year=y, page_size=1) for y in pick(years)
        ],
        "conference list, page_size=50": [
            q("/conferences/", year=y, page_size=50) for y in pick(years)
        ],
        "article list, unfiltered": ["/articles/"] * samples,
        "article list, outlet+year": [
            q("/articles/", outlet=o, year=y)
            for o, y in zip(pick(outlets), pick(years), strict=True)
        ],
        "article list, deep page": followed("/articles/", pick(range(2, article_pages))),
        "article list, deep page by number": [
            q("/articles/", page=p) for p in pick(range(2, article_pages))
        ],
        "conference detail": sample(published),
        "conference detail, repeated": sample(published, 5) * (samples // 5),
        "article detail": sample(Article.objects.published()),
        "official list": [q("/officials/", page=p) for p in pick(range(1, 20))],
        "official detail": sample(Official.objects.all()),
        "organization list": [q("/organizations/", page=p) for p in pick(range(1, 10))],
        "organization detail": sample(Organization.objects.all()),
        "province list": ["/provinces/"] * samples,
        "province detail": [f"/provinces/{p}/" for p in pick(provinces)],
        "topic detail": sample(Topic.objects.all()),
        "search": [q("/search/", q=s) for s in pick(searches)],
        "search, year+province": [
            q("/search/", q=s, year=y, province=p)
            for s, (p, y) in zip(pick(searches), pick(combos), strict=True)
        ],
        "api conference list": [q("/api/conferences/", page=p) for p in range(1, 4)]
        * (samples // 3),
        "api conference list, province+year": [
            q("/api/conferences/", province=p, year=y) for p, y in pick(combos)
        ],
        "api conference list, page_size=100": [
            q("/api/conferences/", year=y, page_size=100) for y in pick(years)
        ],
        "api conference detail": api_sample(published, "conference-detail"),
        "api article list": [q("/api/articles/", page=p) for p in range(1, 4)] * (samples // 3),
        "api article detail": api_sample(Article.objects.published(), "article-detail"),
        "api official detail": api_sample(Official.objects.all(), "official-detail"),
        "api organization detail": api_sample(Organization.objects.all(), "organization-detail"),
        # These two answered 1.6 MB for a big province before their lists were bounded.
        "api province detail": [f"/api/provinces/{p}/" for p in pick(provinces)],
        "api topic detail": api_sample(Topic.objects.all(), "topic-detail"),
        "sitemap index": ["/sitemap.xml"] * min(samples, 5),
        "sitemap page (50,000 addresses)": [
            f"/sitemap-articles.xml?p={n}"
            for n in pick(range(1, max(1, article_pages * 20 * 2 // 50_000) + 1), min(samples, 5))
        ],
        "admin conference list": admin_pages(Conference),
        "admin conference list, filtered": rotate(
            changelist(Conference),
            [published_only],
            by_year,
            [{**published_only, **y} for y in by_year],
            by_province,
        ),
        "admin article list": admin_pages(Article),
        "admin article list, filtered": rotate(
            changelist(Article),
            [published_only],
            by_year,
            [{**published_only, **y} for y in by_year],
            [{"outlet__id__exact": pk} for pk in Outlet.objects.values_list("pk", flat=True)],
        ),
        "admin official list": admin_pages(Official),
        "admin official list, filtered": rotate(
            changelist(Official),
            [{"participations__role__exact": r} for r in roles],
            by_year,
            by_province,
        ),
        "admin participation list": admin_pages(Participation),
        "admin participation list, filtered": rotate(
            changelist(Participation),
            [{"role__exact": r} for r in roles],
            by_year,
            by_province,
            [{"role__exact": r, "year": y} for r, y in zip(pick(roles), pick(years), strict=True)],
        ),
        "admin search": [
            q(changelist((Conference, Article)[i % 2]), q=s) for i, s in enumerate(pick(searches))
        ],
        "staff report": [report] * samples,
        "staff report, filtered": rotate(
            report,
            [{"measure": m} for m, _label in Measure.CHOICES[1:]],  # not the default
            [{"by": "region"}, {"unit": "former"}, {"by": "region", "unit": "former"}],
            [{"from": y, "to": y + 2} for y in years],
            [{"scope": s} for s in Scope.values] + [{"format": f} for f in Format.values],
            [{"organizer": slug} for slug in sorted(set(organizers))],
            [
                {"province": rng.sample(current, 2), "from": y, "to": y}
                for y in years
                for _ in range(3)
            ],
        ),
    }


def capture_sql(paths, host, staff):
    """The SQL of one rendering per endpoint through Django's test client, with the shared
    caches warm: the second URL of each endpoint after the first one (for an endpoint that
    repeats one URL, that is the cached steady state)."""
    anonymous = Client(HTTP_HOST=host)
    captured = {}
    for name, urls in paths.items():
        client = staff if as_staff(name) else anonymous
        client.get(urls[0])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(urls[1])
        captured[name] = {
            "status": response.status_code,
            "queries": [q["sql"] for q in ctx.captured_queries],
            "cookies": sorted(response.cookies.keys()),
        }
    return captured


def raw_sql_time(queries, conninfo, repeats=15):
    """Sum over the queries of the median time to run and fetch each (ms); slow queries
    (over 100 ms) are run three times only."""
    total = 0.0
    with psycopg.connect(conninfo, autocommit=True) as conn, conn.cursor() as cursor:
        for sql in queries:
            # Server-side cursors (QuerySet.iterator()): time the SELECT they declare.
            if sql.startswith(("FETCH", "CLOSE")):
                continue
            if sql.startswith("DECLARE"):
                sql = sql.split(" FOR ", 1)[1]
            times = []
            while len(times) < (repeats if not times or times[0] < 100 else 3):
                started = time.perf_counter()
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
                times.append((time.perf_counter() - started) * 1000)
            total += statistics.median(times)
    return total


def wrk(url, seconds):
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def stop(signum, frame):
    sys.exit(1)  # unwinds the `with Server(...)` block, which stops gunicorn


def main():
    signal.signal(signal.SIGTERM, stop)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--samples", type=int, default=120)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--output", type=Path, default=RESULTS, help="directory for latest.*")
    parser.add_argument("--only", default="", help="endpoints whose name contains this text")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    rng = random.Random(args.seed)
    host = f"127.0.0.1:{args.port}"
    paths = {
        name: urls
        for name, urls in endpoints(rng, args.samples, host).items()
        if args.only in name or name == "conference detail, repeated"  # the throughput page
    }
    scale = {
        "conferences": Conference.objects.count(),
        "articles": Article.objects.count(),
        "officials": Official.objects.count(),
    }
    print(f"data: {scale}", flush=True)
    cache.clear()
    staff = staff_client(host)
    captured = capture_sql(paths, host, staff)
    session = f"{settings.SESSION_COOKIE_NAME}={staff.cookies[settings.SESSION_COOKIE_NAME].value}"
    db = settings.DATABASES["default"]
    conninfo = psycopg.conninfo.make_conninfo(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432,
        password=db["PASSWORD"] or None,
    )  # fmt: skip

    # The same bytes as the repeated conference page, as a static file for WhiteNoise.
    cached_path = paths["conference detail, repeated"][0]
    page = Client(HTTP_HOST=host).get(cached_path).content
    static_copy = Path(settings.STATIC_ROOT) / "bench" / "conference.html"
    static_copy.parent.mkdir(parents=True, exist_ok=True)
    static_copy.write_bytes(page)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename IN "
            "('archive_article', 'conferences_conference') AND indexdef LIKE '%% WHERE %%'"
        )
        partial_indexes = [row[0] for row in cursor.fetchall()]
    results = {
        "scale": scale,
        "partial_indexes": partial_indexes,
        "endpoints": {},
        "throughput": {},
    }
    cache.clear()
    with Server(args.port, args.workers):
        client = Client_(args.port)
        cookie = {name: {"Cookie": session} if as_staff(name) else None for name in paths}
        for name, urls in paths.items():  # warm-up: connections, caches, the OS page cache
            for url in urls[:10]:
                client.get(url, cookie[name])
        for name, urls in paths.items():
            server, wall, statuses = [], [], set()
            for url in urls:
                response, _body, server_ms, client_ms = client.get(url, cookie[name])
                statuses.add(response.status)
                server.append(server_ms)
                wall.append(client_ms)
            sql = captured[name]
            t_sql = raw_sql_time(sql["queries"], conninfo)
            p50 = statistics.median(server)
            results["endpoints"][name] = {
                "requests": len(urls),
                "statuses": sorted(statuses),
                "p50_ms": round(p50, 2),
                "p95_ms": round(percentile(server, 95), 2),
                "client_p50_ms": round(statistics.median(wall), 2),
                "queries": len(sql["queries"]),
                "t_sql_ms": round(t_sql, 2),
                "ratio": round(p50 / t_sql, 1) if t_sql else None,
                "cookies": sql["cookies"],
                "target_ms": TARGETS.get(name),
            }
            print(name, results["endpoints"][name], flush=True)

        # Conditional GET: the ETag of the cached page answered with 304.
        response, _body, *_ = client.get(cached_path)
        etag = response.headers.get("ETag")
        times, statuses = [], set()
        for _ in range(args.samples):
            response, _body, server_ms, _ = client.get(cached_path, {"If-None-Match": etag or ""})
            statuses.add(response.status)
            times.append(server_ms)
        results["endpoints"]["conference detail, If-None-Match"] = {
            "requests": args.samples, "statuses": sorted(statuses),
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(percentile(times, 95), 2),
        }  # fmt: skip
        sizes = [f"conference list, page_size={n}" for n in (1, 50)]
        if all(name in results["endpoints"] for name in sizes):
            one, fifty = (results["endpoints"][name]["p50_ms"] for name in sizes)
            results["per_item_us"] = round((fifty - one) / 49 * 1000, 1)
        if shutil.which("wrk"):
            dynamic = wrk(f"http://{host}{cached_path}", args.wrk_seconds)
            static = wrk(
                f"http://{host}{settings.STATIC_URL}bench/conference.html", args.wrk_seconds
            )
            results["throughput"] = {
                "cached_conference_rps": dynamic,
                "static_same_bytes_rps": static,
                "ratio": round(dynamic / static, 3),
                "bytes": len(page),
            }
    static_copy.unlink()
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "latest.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    )
    (args.output / "latest.md").write_text(markdown(results))
    print((args.output / "latest.md").read_text())


def markdown(results):
    scale = results["scale"]
    lines = [
        f"Data: {scale['conferences']:,} conferences, {scale['articles']:,} articles, "
        f"{scale['officials']:,} officials. Server time from gunicorn (2 sync workers, DEBUG "
        "off) on loopback; T_sql is the same SQL through a raw psycopg cursor.",
        "",
        "| endpoint | p50 ms | p95 ms | target p50/p95 | queries | T_sql ms | ratio |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for name, row in results["endpoints"].items():
        target = row.get("target_ms") or (None, None)
        shown = "/".join("–" if t is None else str(t) for t in target) if any(target) else ""
        p50, p95 = (
            f"{row[key]}{' ✗' if limit is not None and row[key] > limit else ''}"
            for key, limit in zip(("p50_ms", "p95_ms"), target, strict=True)
        )
        lines.append(
            f"| {name} | {p50} | {p95} | {shown} | {row.get('queries', '')} "
            f"| {row.get('t_sql_ms', '')} | {row.get('ratio') or ''} |"
        )
    lines += ["", "✗: misses its target. Admin and staff pages: logged in as a superuser."]
    if "per_item_us" in results:
        lines += ["", f"One more item on a conference list page: {results['per_item_us']} µs."]
    if results.get("partial_indexes"):
        lines += ["", "Listing indexes present:", ""]
        lines += [f"- `{definition}`" for definition in results["partial_indexes"]]
        lines.append("")
    if results["throughput"]:
        t = results["throughput"]
        lines.append(
            "Throughput (wrk, 8 connections): cached conference page "
            f"{t['cached_conference_rps']:.0f} req/s; the same {t['bytes']:,} bytes as a static "
            f"file {t['static_same_bytes_rps']:.0f} req/s; ratio {t['ratio']:.2f}."
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["--markdown-only"]:  # rewrite latest.md from latest.json
        (RESULTS / "latest.md").write_text(
            markdown(json.loads((RESULTS / "latest.json").read_text()))
        )
    else:
        main()
