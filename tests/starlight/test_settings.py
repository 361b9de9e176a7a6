"""Settings are read from the environment with safe defaults; production refuses to start bare."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS,
    "engine": db["ENGINE"],
    "name": str(db["NAME"]),
    "host": db.get("HOST", ""),
    "cache": settings.CACHES["default"]["BACKEND"],
    "prefix": settings.CACHES["default"].get("KEY_PREFIX", ""),
    "page_store": settings.PAGE_CACHE_STORE,
    "shared_pages": settings.CACHES.get("pages", {}).get("LOCATION", ""),
    "media": str(settings.MEDIA_ROOT),
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "secure_cookies": settings.SESSION_COOKIE_SECURE,
    "fetch_allowed": settings.FETCH_ALLOWED_HOSTS,
    "proxy_header": getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
    "email": [settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS,
              settings.EMAIL_USE_SSL, settings.DEFAULT_FROM_EMAIL],
    "site_url": settings.SITE_URL,
}))
"""

CONTRACT_VARS = (
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "MEDIA_ROOT",
    "DJANGO_ENV",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_BEHIND_TLS_PROXY",
)

# Read by the settings too, and set by nothing the tests above expect.
SETTINGS_VARS = (
    "STARLIGHT_CACHE_PREFIX",
    "STARLIGHT_SHARED_CACHE",
    "STARLIGHT_CACHE_DIR",
    "STARLIGHT_SITE_URL",
    "PORT",
)


def run_settings(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in (*CONTRACT_VARS, *SETTINGS_VARS) and not k.startswith("DJANGO_EMAIL_")
    }
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "starlight.settings"
    code = "import django; django.setup()\n" + PROBE
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def read(**env):
    result = run_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_defaults_are_safe_for_a_local_run():
    values = read()
    assert values["debug"] is False
    assert values["hosts"] == ["127.0.0.1", "localhost"]
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(ROOT / "db.sqlite3")
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    # The workers share their pages through files beside the database.
    assert values["page_store"] == "pages"
    assert values["shared_pages"] == str(ROOT / "db-cache")
    assert values["media"] == str(ROOT / "media")
    assert values["ssl_redirect"] is False


def test_mail_goes_to_the_console_unless_an_smtp_server_is_named():
    console = read()
    assert console["email"][0] == "django.core.mail.backends.console.EmailBackend"
    assert console["site_url"] == "http://127.0.0.1:8000"
    smtp = read(
        DJANGO_EMAIL_HOST="smtp.example.com",
        DJANGO_EMAIL_PORT="465",
        DJANGO_EMAIL_USE_SSL="yes",
        DJANGO_DEFAULT_FROM_EMAIL="news@example.com",
        STARLIGHT_SITE_URL="https://starlight.example/",
    )
    assert smtp["email"] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.com",
        465,
        False,  # implicit TLS: STARTTLS off
        True,
        "news@example.com",
    ]
    assert smtp["site_url"] == "https://starlight.example"


def test_empty_database_and_redis_urls_mean_the_defaults():
    # A blank line in an env file sets the variable to "": that must not stop the site starting.
    values = read(DATABASE_URL="", REDIS_URL=" ")
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(ROOT / "db.sqlite3")
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_the_shared_page_cache_may_be_moved_or_turned_off():
    assert read(DATABASE_URL="sqlite:////srv/site/films.sqlite3")["shared_pages"] == "/srv/site/films-cache"
    assert read(STARLIGHT_CACHE_DIR="/var/cache/starlight")["shared_pages"] == "/var/cache/starlight"
    assert read(STARLIGHT_SHARED_CACHE="0")["page_store"] == ""
    # Redis is shared already: pages go there.
    assert read(REDIS_URL="redis://127.0.0.1:6379/3")["page_store"] == "default"


def test_database_url_selects_postgresql_and_redis_url_the_redis_cache():
    values = read(
        DATABASE_URL="postgres://editor@db.example:5433/films",
        REDIS_URL="redis://127.0.0.1:6379/3",
        DJANGO_ALLOWED_HOSTS="starlight.example, www.starlight.example",
        MEDIA_ROOT="/srv/media",
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "films"
    assert values["host"] == "db.example"
    assert values["cache"] == "starlight.cache.RedisCache"
    assert values["hosts"] == ["starlight.example", "www.starlight.example"]
    assert values["media"] == "/srv/media"


def test_sites_sharing_one_redis_keep_apart_by_database_and_one_sites_servers_share():
    redis = "redis://127.0.0.1:6379/3"
    production = read(DATABASE_URL="postgres://web@db.example:5432/films", REDIS_URL=redis)["prefix"]
    # Another app server of the same site, reaching the same database by another name.
    assert read(DATABASE_URL="postgres://web@10.0.0.5/films", REDIS_URL=redis)["prefix"] == production
    staging = read(DATABASE_URL="postgres://web@db.example:5432/films_staging", REDIS_URL=redis)["prefix"]
    assert staging != production
    assert (
        read(DATABASE_URL="sqlite:////srv/a.sqlite3", REDIS_URL=redis)["prefix"]
        != read(DATABASE_URL="sqlite:////srv/b.sqlite3", REDIS_URL=redis)["prefix"]
    )
    named = read(DATABASE_URL="postgres://web@db.example/films", REDIS_URL=redis, STARLIGHT_CACHE_PREFIX=" films-2 ")
    assert named["prefix"] == "films-2"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings(DJANGO_ENV="production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_production_refuses_a_local_key_with_debug_on_too():
    result = run_settings(DJANGO_ENV="production", DJANGO_DEBUG="1")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_behind_a_tls_proxy_a_plain_http_health_probe_is_answered_not_redirected():
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "print(Client().get('/healthz').status_code, Client().get('/films/').status_code)\n"
    )
    clean = {k: v for k, v in os.environ.items() if k not in CONTRACT_VARS}
    clean.update(
        DJANGO_SETTINGS_MODULE="starlight.settings",
        DJANGO_ENV="production",
        DJANGO_BEHIND_TLS_PROXY="1",
        DJANGO_SECRET_KEY="y" * 60,
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL="sqlite:///:memory:",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    healthz, page = result.stdout.split()
    assert page == "301"  # pages still move to HTTPS
    assert healthz in {"200", "503"}  # the probe gets an answer about the database, never a redirect


def test_the_forwarded_scheme_is_trusted_only_behind_the_tls_proxy_as_gunicorn_does():
    assert read()["proxy_header"] is None
    assert read(DJANGO_ENV="production", DJANGO_SECRET_KEY="x" * 60)["proxy_header"] is None
    assert read(DJANGO_BEHIND_TLS_PROXY="1")["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_turns_on_https_protections():
    values = read(DJANGO_ENV="production", DJANGO_SECRET_KEY="x" * 60)
    assert values["ssl_redirect"] is True
    assert values["hsts"] >= 31536000
    assert values["secure_cookies"] is True


def test_production_settings_pass_the_deploy_check():
    clean = {k: v for k, v in os.environ.items() if k not in CONTRACT_VARS}
    clean.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="a-long-and-random-production-key-" + "q7Zp3xW9" * 6,
        DJANGO_SETTINGS_MODULE="starlight.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_bad_boolean_is_a_clear_error():
    result = run_settings(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_fetch_allowed_hosts_take_hosts_and_ports_and_refuse_anything_else():
    values = read(STARLIGHT_FETCH_ALLOWED_HOSTS=" Feeds.Internal, 10.0.0.5:8080,[FD00::1]:8443 ")
    assert values["fetch_allowed"] == ["feeds.internal", "10.0.0.5:8080", "[fd00::1]:8443"]
    result = run_settings(STARLIGHT_FETCH_ALLOWED_HOSTS="feeds.internal:http")
    assert result.returncode != 0
    assert "STARLIGHT_FETCH_ALLOWED_HOSTS takes host or host:port entries" in result.stderr
