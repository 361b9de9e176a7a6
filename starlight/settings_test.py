"""Settings for the test suite: the real settings, with the slow or build-only parts swapped."""

from .settings import *  # noqa: F403
from .settings import CACHES, REDIS_URL, STORAGES

# The manifest needs collectstatic first; tests render pages without it.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests run inside transactions that never commit, so the content version (which moves on commit)
# would not move between a test's edit and its next request. The page cache's own tests switch it
# on and commit for real (tests/starlight/test_page_cache.py).
PAGE_CACHE_ENABLED = False
# Off: the suite's own queries are not what it checks (a test may run one long query on purpose);
# tests/starlight/test_deadline.py and the page cache's tests turn it on.
QUERY_DEADLINE_MS = 0
# Off: the slots are files shared by every process of the machine, another checkout's tests included;
# tests/common/test_auth.py turns them on in a folder of its own.
LOGIN_CONCURRENCY = 0
# Pages are shared through Redis where the suite has it, not through files every run of the suite on
# this checkout would share (and that creating the test database would open, as it opens every cache);
# tests/starlight/test_shared_page_cache.py gives them a folder of its own.
CACHES = {"default": CACHES["default"]}
PAGE_CACHE_STORE = "default" if REDIS_URL else ""
