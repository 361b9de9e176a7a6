"""What identifies the code serving pages, so nothing a cache kept for one release is served by the next.

Pages and kept reads are versioned with the content version; a deploy changes templates and code
without changing content, and a shared cache (Redis) outlives the deploy. Folding this into the
cache version (`caching.changes`) makes every page render afresh once under the new release. It is a
digest of the project's own source files (Python, templates, translations, static sources), the
same on every host that runs the same code, worked out once per process.
"""

import hashlib
import os
from functools import cache

from django.conf import settings

SKIPPED_DIRECTORIES = {"node_modules", "__pycache__", "tests", "bench", "docs", "audit", "media", "staticfiles"}
SOURCE_SUFFIXES = (".py", ".html", ".txt", ".xml", ".mo", ".css", ".js", ".svg", ".json")


@cache
def code_version() -> str:
    digest = hashlib.sha256()
    root = str(settings.BASE_DIR)
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(
            name for name in subdirectories if name not in SKIPPED_DIRECTORIES and not name.startswith(".")
        )
        for name in sorted(files):
            if name.endswith(SOURCE_SUFFIXES):
                path = os.path.join(directory, name)
                digest.update(os.path.relpath(path, root).encode())
                with open(path, "rb") as source:
                    digest.update(source.read())
    return digest.hexdigest()[:12]
