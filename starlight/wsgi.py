"""WSGI entry point for gunicorn; uses the environment-driven settings, never development ones."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "starlight.settings")

application = get_wsgi_application()
