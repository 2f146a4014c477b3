"""Production settings, security headers, error pages and the health check."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import OperationalError
from django.urls import reverse

from archive.http.log import RequestContextFilter
from tests.factories import make_conference
from tests.hardening.conftest import make_world

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "archive.example.org",
    "DATABASE_URL": "postgres://archive@db.example.org:5432/archive",
}


def test_check_deploy_is_clean_with_the_documented_production_settings():
    # Only the documented variables: none of the test run's (PYTEST_VERSION, DJANGO_*).
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/")} | PRODUCTION_ENV
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def public_urls(world):
    return [
        reverse("archive:home"),
        reverse("conferences:list") + "?province=" + world["province"].slug,
        world["conference"].get_absolute_url(),
        world["article"].get_absolute_url(),
        world["official"].get_absolute_url(),
        world["organization"].get_absolute_url(),
        world["topic"].get_absolute_url(),
        world["province"].get_absolute_url(),
        reverse("people:official-list"),
        reverse("people:organization-list"),
        reverse("archive:article-list"),
        reverse("archive:province-list"),
        reverse("archive:search") + "?q=hoi+nghi",
    ]


def test_public_pages_send_the_security_headers(client):
    response = client.get(reverse("archive:home"))
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no nonce used, no 'unsafe-inline'
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_https_requests_get_hsts_for_a_year_with_subdomains_and_preload(client):
    response = client.get(reverse("archive:home"), secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_plain_http_is_redirected_to_https_behind_the_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("conferences:list"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/conferences/"
    # The proxy terminates TLS and says so; the health check stays reachable over HTTP.
    forwarded = client.get(reverse("conferences:list"), headers={"x-forwarded-proto": "https"})
    assert forwarded.status_code == 200
    assert client.get(reverse("healthz")).status_code == 200


def test_secure_cookies_and_sessions_that_end_with_the_browser():
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def assert_no_inline_code(html, url):
    assert "<style" not in html, url
    assert not re.search(r"<[^>]+\sstyle=", html), url
    assert not INLINE_SCRIPT.search(html), url
    assert not EVENT_HANDLER.search(html), url
    assert "javascript:" not in html, url


def test_public_pages_and_the_staff_report_need_no_inline_script_or_style(client, editor):
    world = make_world()
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_inline_code(response.text, url)
    client.force_login(editor)
    response = client.get(reverse("staff:report"))
    assert response.status_code == 200
    assert_no_inline_code(response.text, "staff report")
    assert "/static/staff.css" in response.text


def admin_pages(world):
    conference, official = world["conference"], world["official"]
    return [
        reverse("admin:index"),
        reverse("admin:conferences_conference_changelist"),
        reverse("admin:conferences_conference_change", args=[conference.pk]),
        reverse("admin:conferences_conference_add"),
        reverse("admin:conferences_conference_history", args=[conference.pk]),
        reverse("admin:people_official_change", args=[official.pk]),
        reverse("admin:archive_article_changelist"),
        reverse("admin:archive_articleimage_changelist"),
    ]


def test_the_admin_works_under_the_policy(admin_client):
    """Every inline <script> or <style> the admin still has carries the request's nonce;
    nothing relies on style="" attributes (our thumbnails use classes)."""
    for url in admin_pages(make_world()):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.text
        nonces = set(re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"]))
        for tag in re.findall(r"<(?:script|style)(?![^>]*\bsrc=)[^>]*>", html):
            if "application/json" in tag or "application/ld+json" in tag:
                continue
            found = re.search(r'nonce="([^"]+)"', tag)
            assert found and found.group(1) in nonces, (url, tag)
        assert not re.search(r"<[^>]+\sstyle=", html), url
        assert "unsafe-inline" not in response["Content-Security-Policy"]


# --- Error pages ------------------------------------------------------------------------


def get_in(client, url, language):
    return client.get(f"/en{url}" if language == "en" else url)


@pytest.mark.urls("tests.hardening.urls")
@pytest.mark.parametrize(
    "url, status, vietnamese",
    [
        ("/no-such-page/", 404, "Không tìm thấy trang"),
        ("/conferences/khong-co-hoi-nghi-nay/", 404, "Không tìm thấy trang"),
        ("/__fail__/403/", 403, "Không có quyền truy cập"),
        ("/__fail__/400/", 400, "Yêu cầu không hợp lệ"),
        ("/__fail__/500/", 500, "Lỗi máy chủ"),
        ("/__fail__/503/", 503, "Tạm thời không phục vụ được"),
    ],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_error_pages_are_templated_in_both_languages(client, url, status, vietnamese, language):
    client.raise_request_exception = False
    response = get_in(client, url, language)
    assert response.status_code == status
    html = response.text
    assert f'<html lang="{language}">' in html
    brand = "Human-rights training conference archive" if language == "en" else "Lưu trữ hội"
    assert brand in html
    if language == "vi":
        assert vietnamese in html
    assert "Traceback" not in html and "boom" not in html and "10.0.0.5" not in html


@pytest.mark.urls("tests.hardening.urls")
def test_a_database_outage_is_a_503_that_asks_to_retry(client):
    client.raise_request_exception = False
    response = client.get("/__fail__/503/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_a_database_outage_under_the_api_is_the_api_s_json_503(client, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server at 10.0.0.5")

    client.raise_request_exception = False
    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get(reverse("api:conference-list"))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "Tạm thời không phục vụ được", "field": None}
    assert response["Retry-After"] == "30"
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.urls("tests.hardening.urls")
def test_a_server_error_under_the_api_is_json_in_english_too(client):
    client.raise_request_exception = False
    response = client.get("/en/api/__fail__/500/")
    assert response.status_code == 500
    assert response.json() == {"error": "Server error", "field": None}
    assert b"boom" not in response.content


@pytest.mark.urls("tests.hardening.urls")
def test_the_500_page_renders_without_the_database(client, django_assert_num_queries):
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        assert client.get("/__fail__/500/").status_code == 500


def test_a_request_with_a_forged_host_gets_the_400_page(client):
    response = client.get(reverse("archive:home"), headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.text


@pytest.mark.urls("tests.hardening.urls")
def test_errors_are_logged_with_their_request(client, caplog):
    client.raise_request_exception = False
    client.get("/__fail__/500/?x=1")
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.levelname == "ERROR" and record.exc_info
    RequestContextFilter().filter(record)
    assert record.request_context == " [GET /__fail__/500/ anonymous ip=127.0.0.1]"


def test_the_log_line_names_the_signed_in_user(rf, editor):
    request = rf.post("/admin/")
    request.user = editor
    record = type("Record", (), {"request": request})()
    RequestContextFilter().filter(record)
    assert record.request_context == f" [POST /admin/ user={editor.pk} ip=127.0.0.1]"


# --- Health check -----------------------------------------------------------------------


def test_healthz_answers_ok_when_the_database_does(client):
    make_conference()
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_says_unavailable_without_details_when_the_database_is_down(client, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db.internal" failed: password')

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert b"db.internal" not in response.content


def test_healthz_takes_no_writes(client):
    assert client.post(reverse("healthz")).status_code == 405


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "PYTEST_VERSION")}
    env["DJANGO_DEBUG"] = "0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
