"""Settings for the test suite: the real settings, with the slow or build-only parts swapped."""

from .settings import *  # noqa: F403
from .settings import STORAGES

# The manifest needs collectstatic first; tests render pages without it.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
