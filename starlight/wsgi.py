"""WSGI entry point for gunicorn; uses the environment-driven settings, never development ones.

Stored pages are answered before Django's handler runs (starlight/page_cache.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "starlight.settings")

application = get_wsgi_application()  # sets Django up: the page cache's module reads the settings

from starlight.page_cache import PageCacheApplication  # noqa: E402

application = PageCacheApplication(application)
