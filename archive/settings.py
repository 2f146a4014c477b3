"""Settings for the archive, driven by environment variables (see README)."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# pytest sets PYTEST_VERSION for the whole run; tests run with DEBUG off, like production.
TESTING = "PYTEST_VERSION" in os.environ
# Development is the default (`manage.py` works on a fresh clone); production sets
# DJANGO_DEBUG=0, and then refuses to start without DJANGO_SECRET_KEY.
DEBUG = env_bool("DJANGO_DEBUG", default=not TESTING)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if TESTING:
        SECRET_KEY = "tests-only-secret-key"
    elif not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local development run with DJANGO_DEBUG=1 (make run does)."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "reversion",
    "axes",
    "archive",
    "people",
    "conferences",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The CSP and permissions headers go on every response; NUL characters are refused
    # before anything reads them.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "archive.http.security.permissions_policy",
    "archive.http.security.reject_nul_bytes",
    "archive.http.middleware.version_per_request",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "archive.http.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it answers logins that django-axes has locked out.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                # The nonce lets the admin's few inline <style>/<script> blocks run.
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "archive.wsgi.application"
ASGI_APPLICATION = "archive.asgi.application"

# SQLite in var/ is the embedded default; DATABASE_URL=postgres://... selects PostgreSQL.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'archive.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
if SQLITE:
    VAR_DIR.mkdir(exist_ok=True)
    # Django's SQLite backend, validating integers as PostgreSQL stores them. Tests run in
    # memory, as with Django's own backend (pytest-django recognises only that by name).
    DATABASES["default"]["ENGINE"] = "archive.sqlite"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("DJANGO_TEST_DB_NAME")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis through Django's cache framework when REDIS_URL is set, local memory otherwise.
# Either is correct with several workers: the version that keys and dates every entry is
# in the database (archive.lib.caching). A Redis that is down or does not answer costs
# at most a quarter of a second, then the site serves uncached (archive.lib.redis_cache).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "archive.lib.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["archive.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or VAR_DIR / "media")

# The raw source documents the fixtures were built from.
SOURCE_DOCUMENTS_DIR = BASE_DIR / "fixtures" / "sources"

LOGIN_URL = "admin:login"

# --- Security, deployment, logging and login throttling (hardening; see README "Reliability")
# Production is `DJANGO_DEBUG=0` behind a TLS-terminating proxy that sets X-Forwarded-Proto.

# Login throttling (django-axes): 5 failed logins for one username from one address lock
# that pair out for 15 minutes; a successful login resets the count. Tests log in with
# force_login(), which does not go through authenticate().
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# The address is the client's, not the proxy's (archive.http.client): otherwise five wrong
# passwords from anywhere would lock the user out everywhere.
AXES_CLIENT_IP_CALLABLE = "archive.http.client.client_address"
# How many proxies in front of the site append to X-Forwarded-For (set below).
TRUSTED_PROXIES = 0
AXES_VERBOSE = False  # no banner at start-up; failures and lockouts are still logged

# Only staff have sessions (public pages set none). A staff session ends when the browser
# closes and at the latest after a working day, so a forgotten login on a shared office
# computer does not stay open; the cookie is HTTP-only and same-site.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy: everything from this origin only, no inline script or style
# (the JSON-LD data blocks are not scripts), no plugins, no framing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Features the archive never uses, switched off for every page (archive.http.security).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

if not DEBUG:
    # HTTPS only. Redirects are off under pytest, whose client speaks plain HTTP.
    if env_bool("DJANGO_BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        TRUSTED_PROXIES = int(os.environ.get("DJANGO_PROXY_COUNT", 1))
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not TESTING)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 365 * 24 * 60 * 60))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

if not SQLITE:
    # A database that is down answers "connection refused" at once; one that does not
    # answer at all fails after 5 seconds, so requests get a 503 instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
    # Short queries: JIT compilation cost seconds on report queries it judged expensive.
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

# Errors go to the console with the request that caused them (method, path, user, address).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "archive.http.log.RequestContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s%(request_context)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
# --- end of the hardening block -------------------------------------------------------
