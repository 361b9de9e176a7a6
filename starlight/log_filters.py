"""Filters for the site's log."""

import logging

from django.core.exceptions import PermissionDenied


class RefusalsWithoutTraceback(logging.Filter):
    """A refused permission (a 403) is an answer, not a crash: Django logs it with the exception, and this
    keeps the one-line warning but drops the traceback, so the log's tracebacks stay those of real errors."""

    def filter(self, record):
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
