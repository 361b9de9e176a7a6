"""Settings for Starlight, read from the environment.

Every variable has a safe default for a local run; `DJANGO_ENV=production` turns on the
HTTPS protections and refuses to start without the secrets production must be given.
The table of variables lives in docs/operations.md.
"""

import hashlib
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from starlight.env import env_bool, env_host_ports, env_int, env_ints, env_list
from starlight.headers import static_file_headers

BASE_DIR = Path(__file__).resolve().parent.parent


def local_secret_key(path: Path) -> str:
    """A key generated once per checkout and kept in an ignored file, for local runs only."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        path.write_text(key + "\n")
        path.chmod(0o600)
        return key


ENVIRONMENT = os.environ.get("DJANGO_ENV", "local").strip().lower()
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY:
    if PRODUCTION:  # debug or not: a production site never runs on a key from a local file
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_ENV=production: "
            "set it to a long random string, e.g. the output of "
            '`python -c "import secrets; print(secrets.token_urlsafe(50))"`.'
        )
    SECRET_KEY = local_secret_key(BASE_DIR / ".secret_key")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_prose_editor",
    "pages",
    "catalog",
    "news",
    "sharing",
    "search",
    "intake",
    "webhooks",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "axes",
    "backups",
    "caching",
    "editorial",
    "api",
]

MIDDLEWARE = [
    # First, so a stored page carries every header the others add; stored pages are answered before
    # Django runs at all (starlight.page_cache.PageCacheApplication, in starlight/wsgi.py).
    "starlight.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Inside the page cache, so a stored API answer carries its CORS header too.
    "api.cors.OpenReadsMiddleware",
    "starlight.deadline.QueryDeadlineMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "starlight.page_cache.PageVersionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "starlight.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Inside CommonMiddleware: a 404 it would add a slash to is tried as an imported old path first.
    "editorial.old_paths.OldPathMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "starlight.middleware.ContentSecurityPolicyMiddleware",
    # Inside every header-adding middleware above, so its busy page carries them too.
    "starlight.middleware.SignInSlotMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "starlight.urls"
WSGI_APPLICATION = "starlight.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Widgets are drawn with the templates above, so the project's templates/ may restyle one
# (templates/admin/widgets/: the date-and-time pair with a label per box).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite in the project root unless DATABASE_URL names another (PostgreSQL via psycopg 3).
# An empty DATABASE_URL (a blank line in an env file) means the default, as if it were unset.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer is reported within seconds (/healthz 503), not after a minute.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int("DJANGO_DB_CONNECT_TIMEOUT", 2)
# A query of a public request still waiting after this long means the database server does not answer:
# the visitor gets the 503 page (starlight/deadline.py); 0 turns it off. Rendering time never counts. Off by
# default on SQLite, which runs inside the worker: there is no server to hang, and a query slowed by a busy
# machine is slow, not down (a lock wait ends by itself after busy_timeout).
QUERY_DEADLINE_MS = env_int(
    "STARLIGHT_QUERY_DEADLINE_MS", 0 if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else 5000
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once (gunicorn workers, an import running);
    # IMMEDIATE takes the write lock up front instead of failing half-way with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        transaction_mode="IMMEDIATE",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Django's own Redis backend when REDIS_URL is given, local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# Every key starts with the name of the database the site serves: two sites sharing one Redis
# database (staging and production, a benchmark beside the development site) then never read each
# other's pages or kept reads, while every app server of one site, whatever host name
# it reaches the database by, shares them. STARLIGHT_CACHE_PREFIX sets it outright.
CACHE_KEY_PREFIX = os.environ.get("STARLIGHT_CACHE_PREFIX", "").strip() or (
    "starlight-" + hashlib.sha256(str(DATABASES["default"]["NAME"]).encode()).hexdigest()[:12]
)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "starlight.cache.RedisCache",  # Django's, with one client per pool (starlight/cache.py)
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 300,
            # A Redis that stops answering fails a cache call within a second (logged, and the page is
            # rendered from the database) instead of holding the worker: a cache call is not a query, so
            # the query deadline (starlight/deadline.py) does not bound it.
            "OPTIONS": {
                "socket_timeout": env_int("STARLIGHT_REDIS_TIMEOUT_MS", 1000) / 1000,
                "socket_connect_timeout": env_int("STARLIGHT_REDIS_TIMEOUT_MS", 1000) / 1000,
            },
        }
    }
else:
    # Kept reads are an entry each: an article card, a menu, a search's results for one address.
    # Django's default of 300 entries let a run of new searches or deep pages push out the cards and
    # menus every page uses. Entries are small, so ten times as many still sit easily in a worker's memory.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 3000}}}
# A cache every worker and host shares (Redis): a page one worker rendered is fetched by the others
# instead of rendered again (starlight/page_cache.py); local memory is one cache per process.
CACHE_IS_SHARED = bool(REDIS_URL)
# Without Redis, the workers of one host share their pages through files (starlight.cache.SharedPageCache),
# by default in a folder beside the SQLite database, culled to STARLIGHT_SHARED_CACHE_MB. A folder the site
# cannot write is logged once and each worker keeps its own pages. STARLIGHT_SHARED_CACHE=0 turns it off.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _database_file = Path(DATABASES["default"]["NAME"])
    _default_cache_dir = _database_file.with_name(f"{_database_file.stem}-cache")
else:
    _default_cache_dir = BASE_DIR / "page-cache"
CACHE_DIR = Path(os.environ.get("STARLIGHT_CACHE_DIR", "").strip() or _default_cache_dir)
if not REDIS_URL and env_bool("STARLIGHT_SHARED_CACHE", True):
    CACHES["pages"] = {
        "BACKEND": "starlight.cache.SharedPageCache",
        "LOCATION": str(CACHE_DIR),
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        "OPTIONS": {"size_limit": env_int("STARLIGHT_SHARED_CACHE_MB", 1024) * 1024 * 1024},
    }
# The cache pages are shared through ("": none, each worker keeps its own).
PAGE_CACHE_STORE = "default" if REDIS_URL else ("pages" if "pages" in CACHES else "")

# Whole public pages for anonymous visitors (starlight/page_cache.py): kept this long in the cache above
# (any edit makes them fresh at once), and told to browsers and CDNs in Cache-Control.
PAGE_CACHE_ENABLED = env_bool("STARLIGHT_PAGE_CACHE", True)
PAGE_CACHE_TIMEOUT = env_int("STARLIGHT_PAGE_CACHE_SECONDS", 600)
# A dotted path to a function called with the cache tags each change touched, after it commits: a CDN's
# purge by tag (docs/operations.md). Empty: none.
PURGE_HOOK = os.environ.get("STARLIGHT_PURGE_HOOK", "")
PAGE_CACHE_MAX_AGE = env_int("STARLIGHT_PAGE_MAX_AGE", 60)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env_int("STARLIGHT_PAGE_STALE_WHILE_REVALIDATE", 600)
# Each worker keeps copies of the pages it served lately, up to this size: with Redis a hit then fetches
# nothing from it; without it these copies are the page cache (starlight/page_cache.py).
PAGE_CACHE_LOCAL_BYTES = env_int("STARLIGHT_PAGE_CACHE_LOCAL_MB", 32) * 1024 * 1024

# The read API (/api/v1/, api/): anonymous JSON, at most STARLIGHT_API_RATE requests per client address
# (a number per second, minute, hour or day: "600/min"). Loopback addresses are not limited unless
# STARLIGHT_API_RATE_LOOPBACK is on: the site's own tools and tests read it from there.
API_RATE = os.environ.get("STARLIGHT_API_RATE", "600/min").strip()
API_RATE_LOOPBACK = env_bool("STARLIGHT_API_RATE_LOOPBACK", False)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    # JSON only: the browsable API's forms and inline scripts have no place under the site's CSP.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AddressThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.handle_exception",
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Starlight read API",
    "DESCRIPTION": "The film, its people, characters and songs, and the news about it, as JSON (docs/api.md).",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Every field may be left out by ?fields=, the Korean ones by the language asked for.
    "COMPONENT_NO_READ_ONLY_REQUIRED": True,
    # The documentation page's scripts and styles are files of this site (drf-spectacular-sidecar),
    # under the same Content-Security-Policy as every page.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ko", _("Korean"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files: WhiteNoise serves hashed, compressed copies with far-future cache headers.
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Local runs serve uploads themselves; production puts a web server or object storage in front.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", not PRODUCTION)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 if not DEBUG else 0  # unhashed files; hashed ones get a year
# Static files carry the site's security headers too (an SVG opened on its own is a document).
WHITENOISE_ADD_HEADERS_FUNCTION = static_file_headers

# Uploads: images above this are refused with a form error instead of read into memory.
IMAGE_MAX_BYTES = env_int("STARLIGHT_IMAGE_MAX_BYTES", 10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("STARLIGHT_IMAGE_MAX_PIXELS", 40_000_000)
IMPORT_MAX_BYTES = env_int("STARLIGHT_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# A WordPress export holds a whole site; it is read as a stream, each post still within IMPORT_MAX_BYTES.
IMPORT_EXPORT_MAX_BYTES = env_int("STARLIGHT_IMPORT_EXPORT_MAX_BYTES", 200 * 1024 * 1024)
# Processes that parse files while the importer saves; 0 parses in the importing process itself.
IMPORT_WORKERS = env_int("STARLIGHT_IMPORT_WORKERS", min(os.cpu_count() or 1, 4))
# An import from the admin is kept in the database with its job until the job is deleted: this much at most.
IMPORT_JOB_MAX_BYTES = env_int("STARLIGHT_IMPORT_JOB_MAX_BYTES", 200 * 1024 * 1024)

# Reading other sites' feeds, pages and pictures (common/fetching.py): at most this long waiting for the
# other site at a time, this long for the whole fetch (redirects and a dripping answer included), and this much.
FETCH_TIMEOUT = env_int("STARLIGHT_FETCH_TIMEOUT", 10)
FETCH_DEADLINE = env_int("STARLIGHT_FETCH_DEADLINE", 2 * FETCH_TIMEOUT)
FETCH_MAX_BYTES = env_int("STARLIGHT_FETCH_MAX_BYTES", 5 * 1024 * 1024)
# Host:port pairs that may be on private or loopback addresses (which are otherwise never requested); a host
# without a port is allowed on its scheme's default port only (80, 443). IPv6 in brackets: [fd00::1]:8080.
FETCH_ALLOWED_HOSTS = env_host_ports("STARLIGHT_FETCH_ALLOWED_HOSTS")
# A feed poll reads at most this many items, the newest first (older ones are left out and said so),
# and stops between items once it has run this long, keeping what it imported.
FEED_MAX_ITEMS = env_int("STARLIGHT_FEED_MAX_ITEMS", 200)
FEED_POLL_SECONDS = env_int("STARLIGHT_FEED_POLL_SECONDS", 120)

# Background tasks (admin imports) through Django's task API (django-tasks), queued in the site's own
# database (django-tasks-db): no other service; `python manage.py task_worker` runs them, and `make run`
# starts one beside gunicorn (gunicorn.conf.py).
# "cards": the share cards, drawn by a worker of their own (`task_worker --queue cards`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "cards"]}}
# Webhooks: a failed delivery is tried again after each of these waits in turn (seconds: 1 min, 5 min, 30 min,
# 2 h, 12 h), then given up; STARLIGHT_FETCH_ALLOWED_HOSTS lets one reach a private or loopback address.
WEBHOOK_RETRY_WAITS = env_ints("STARLIGHT_WEBHOOK_RETRY_WAITS", "60,300,1800,7200,43200")
# SQLite: the worker brings the planner's statistics up to date this often (imports do it as they end);
# 0 turns the schedule off. PostgreSQL's autovacuum keeps them there.
DB_OPTIMIZE_HOURS = env_int("STARLIGHT_DB_OPTIMIZE_HOURS", 24)

# E-mail (the review workflow's notifications, editorial/notifications.py): printed to the console unless an
# SMTP server is named. Links in the mails start with the site's public address.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "").strip()
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
if EMAIL_USE_SSL:  # implicit TLS (port 465) and STARTTLS cannot both be on; asking for SSL says which
    EMAIL_USE_TLS = False
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Starlight <starlight@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = os.environ.get("STARLIGHT_SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")

LOGIN_URL = "admin:login"

# Admin sign-in: django-axes refuses a username from one address after 5 failures for 15 minutes, and an
# address after 20 failures under any usernames (common/auth.py), before any password is hashed.
AUTHENTICATION_BACKENDS = ["common.auth.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "common.auth.LockoutHandler"
AXES_FAILURE_LIMIT = env_int("STARLIGHT_LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("STARLIGHT_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
# Sign-ins checked at once on one host, each a password hash that holds a core: the rest are told to try
# again at once, so attempts from many addresses at a time leave workers for visitors (common/auth.py).
LOGIN_CONCURRENCY = env_int("STARLIGHT_LOGIN_CONCURRENCY", max(1, (os.cpu_count() or 2) // 2))
AXES_COOLOFF_TIME = env_int("STARLIGHT_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours, as axes reads a float
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "common.auth.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

# Behind a TLS-terminating proxy, its X-Forwarded-Proto says whether the visitor came over HTTPS; anywhere
# else anyone could send it. gunicorn.conf.py follows the same variable.
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS protections, on in production.
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Load balancers probe hosts over plain HTTP; a redirect would mark every host down.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"refusals": {"()": "starlight.log_filters.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["refusals"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # axes announces itself at INFO on every start; its lock-outs are WARNINGs and still show.
    "loggers": {"axes": {"level": "WARNING"}},
}
